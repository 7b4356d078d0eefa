"""Dialogue memory of the referral form: what the user already said in earlier turns.

A place or the user's situation named in any earlier message ("Wir wohnen in Bonn – was
kostet eine Beratung?") fills the form when it starts, so it is never asked again. The
caller passes the earlier messages newest first, back to the last "anderer Ort" (a changed
place is not brought back).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.geo import find_place_in_text
from bot.referrals.situation import detect_audience


def remembered_place(texts: Iterable[str]) -> str | None:
    """The place named in the newest message that names one, as written, or None."""
    for text in texts:
        found = find_place_in_text(text)
        if found is not None and found.status in ("found", "ambiguous"):
            return found.matched or text
    return None


def remembered_audience(texts: Iterable[str]) -> str | None:
    """The situation read from the newest message that shows one, or None."""
    for text in texts:
        audience = detect_audience(text)
        if audience is not None:
            return audience
    return None
