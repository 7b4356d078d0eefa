"""The nationwide counselling hotline as recorded in the referral database (for answers that
name it with its current number and hours). The emergency answers themselves are responses
(data/responses/safety.yml) whose numbers ``make check-content`` checks against the records."""

from __future__ import annotations

from collections.abc import Iterable

from bot.referrals import Offer, lookup, lookup_emergency_contacts

# Short German labels; the numbers themselves are read from the records.
_LABELS = {
    "110": "Polizei-Notruf",
    "112": "Rettungsdienst und Feuerwehr, wenn Leben in Gefahr ist",
}


def _label(offer: Offer) -> str:
    if offer.kind == "crisis_line":
        hours = f", {offer.hours}" if offer.hours else ""
        return f"{offer.name} (anonym und kostenlos{hours})"
    return _LABELS.get((offer.phone or "").strip(), offer.name)


def emergency_message_lines(
    danger_kind: str | None, contacts: Iterable[Offer] | None = None
) -> list[str]:
    """Bullet lines with the emergency numbers that fit the kind of danger, from
    ``contacts`` (default: the referral database, or its static copy when it fails)."""
    lines = []
    for offer in lookup_emergency_contacts() if contacts is None else contacts:
        if not offer.phone:
            continue
        if offer.kind == "crisis_line" and danger_kind != "suicide":
            continue
        lines.append(f"• {_label(offer)}: {offer.phone}")
    return lines


def national_hotline() -> Offer | None:
    """The nationwide BAMF counselling hotline, as recorded in the database."""
    for offer in lookup(None, "relatives").central:
        if offer.kind == "hotline" and offer.phone:
            return offer
    return None
