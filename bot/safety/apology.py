"""The last answer of a chat channel: said when a turn failed or stayed silent
(components/channels.py).

It is said when the service itself is in trouble, often because the database is, so it never
asks the database: the emergency numbers and the central offers come from the static copy of
the referral records (``bot/data/fallback_offers.yaml``, written from referrals.yaml by
``make refresh-data``). The German wording is the response ``utter_service_apology`` in
domain.yml, where staff edit it like every other answer and ``make check-content`` checks it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.referrals import Offer
from bot.referrals.fallback import fallback_emergency_contacts, fallback_result
from bot.safety.emergency import emergency_message_lines
from bot.settings import PROJECT_ROOT

__all__ = ["SERVICE_APOLOGY_RESPONSE", "service_apology", "service_apology_text"]

SERVICE_APOLOGY_RESPONSE = "utter_service_apology"
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
# Relatives are most of the people who write; their central offers (the Wegweiser chat and
# the nationwide hotline) are the general way in for everyone.
_AUDIENCE = "relatives"


def _offer_line(offer: Offer) -> str:
    return f"• {offer.name}: {offer.phone or offer.website}"


def service_apology_text(template: str) -> str:
    """``template`` with ``{central_offers}`` and ``{emergency_lines}`` filled in."""
    fields = {
        "central_offers": "\n".join(_offer_line(o) for o in fallback_result(_AUDIENCE).central),
        "emergency_lines": "\n".join(emergency_message_lines(None, fallback_emergency_contacts())),
    }
    for name, value in fields.items():
        template = template.replace("{" + name + "}", value)
    return template


@lru_cache(maxsize=4)
def service_apology(domain_file: Path = DOMAIN_FILE) -> str:
    """The apology of ``domain_file`` (read once), ready to send."""
    domain = yaml.safe_load(domain_file.read_text("utf-8")) or {}
    variants = (domain.get("responses") or {}).get(SERVICE_APOLOGY_RESPONSE) or []
    if not variants or not variants[0].get("text"):
        raise LookupError(f"{domain_file.name} has no response {SERVICE_APOLOGY_RESPONSE}")
    return service_apology_text(variants[0]["text"])
