"""The last answer of a chat channel: said when a turn failed or stayed silent
(components/channels.py).

It is said when the service itself is in trouble, often because the database is, so it never
asks the database: the emergency numbers and the central offers come from the static copy of
the referral records (``bot/data/fallback_offers.yaml``, written from referrals.yaml by
``make refresh-data``). The wording is the response ``utter_service_apology`` in domain.yml,
where staff edit it like every other answer and ``make check-content`` checks it. The tracker
(and so the conversation's language slot) may be what failed, so the language is read off the
failed message itself (``bot.language.detect``, offline): a confident detection gets that
language's variation, anything else the German original.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from bot.language.detect import detect_language
from bot.referrals import Offer
from bot.referrals.fallback import fallback_emergency_contacts, fallback_result
from bot.safety.emergency import emergency_message_lines
from bot.settings import PROJECT_ROOT

__all__ = [
    "SERVICE_APOLOGY_RESPONSE",
    "service_apology",
    "service_apology_for",
    "service_apology_text",
]

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


def _language_of(variant: dict) -> str | None:
    """The ``language`` condition of a variation (None: the German original); variations
    with any other condition (e.g. Leichte Sprache) are not candidates."""
    conditions = variant.get("condition") or []
    names = {c.get("name") for c in conditions}
    if names - {"language"}:
        return "other"
    for condition in conditions:
        return str(condition.get("value"))
    return None


@lru_cache(maxsize=4)
def _apologies(domain_file: Path) -> dict[str, str]:
    """The apology of ``domain_file`` (read once) by language, ready to send."""
    domain = yaml.safe_load(domain_file.read_text("utf-8")) or {}
    variants = (domain.get("responses") or {}).get(SERVICE_APOLOGY_RESPONSE) or []
    texts: dict[str, str] = {}
    for variant in variants:
        language = _language_of(variant)
        if language != "other" and variant.get("text"):
            texts.setdefault(language or "de", service_apology_text(variant["text"]))
    if "de" not in texts:
        raise LookupError(f"{domain_file.name} has no response {SERVICE_APOLOGY_RESPONSE}")
    return texts


def service_apology(domain_file: Path = DOMAIN_FILE, language: str = "de") -> str:
    """The apology in ``language`` (German when there is no variation for it)."""
    texts = _apologies(domain_file)
    return texts.get(language, texts["de"])


def service_apology_for(text: str | None, domain_file: Path = DOMAIN_FILE) -> str:
    """The apology in the language of the failed message ``text`` when that is detected with
    confidence, else in German. Never raises over the text: this is the last answer."""
    language = "de"
    try:
        verdict = detect_language(text or "")
        if verdict.confident:
            language = verdict.language
    except Exception:  # the detector must not stop the apology
        language = "de"
    return service_apology(domain_file, language)
