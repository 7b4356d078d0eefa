"""Map the ``covers`` entries of a record to Kreis keys or to the scopes NRW / Germany.

* "Stadt Aachen", "StädteRegion Aachen" → 05334; "Stadt Münster" → 05515 (via the gazetteer,
  exact spellings only, never a typo match).
* "Nordrhein-Westfalen", "alle Kreise und kreisfreien Städte in NRW" → scope ``nrw``.
* "bundesweit", "Deutschland", "bundesweit, einschl. NRW" → scope ``de``.
* A trailing remark in parentheses is kept ("Kreis Gütersloh (laut AWO OWL)" → remark
  "laut AWO OWL"); a remark starting with "laut" marks the coverage as inferred.
* Anything else ("Bonner Büro betreut Fälle aus der Region") stays a text-only ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.geo.resolve import resolve_direct
from bot.text.folding import fold_key

NRW_PHRASES = frozenset(
    {
        "nordrhein westfalen",
        "nrw",
        "land nrw",
        "land nordrhein westfalen",
        "landesweit",
        "ganz nrw",
        "alle kreise und kreisfreien staedte in nrw",
        "alle kreise und kreisfreien staedte in nordrhein westfalen",
    }
)
DE_WORDS = ("bundesweit", "deutschland", "ganz deutschland", "bundesgebiet")
AACHEN_CITY_AGS = "05334002"  # keeps the rights of a kreisfreie Stadt in the Städteregion

_REMARK = re.compile(r"^(?P<main>.*?)\s*\((?P<remark>[^()]*)\)\s*$")


@dataclass(frozen=True)
class CoverageEntry:
    covers_text: str
    scope: str  # kreis | nrw | de | note
    kreis_key: str | None = None
    remark: str | None = None
    inferred: bool = False
    place_name: str | None = None
    municipality_only: bool = False  # names a town inside a Kreis, stored for its Kreis


def _split_remark(text: str) -> tuple[str, str | None]:
    match = _REMARK.match(text.strip())
    if match and match["main"]:
        return match["main"], match["remark"].strip() or None
    return text.strip(), None


def _de_remark(main: str, remark: str | None) -> str | None:
    """ "bundesweit, einschl. NRW" → "einschl. NRW" (joined with a parenthesised remark)."""
    rest = re.sub(r"^\s*(bundesweit|deutschland)\s*[,:;–-]?\s*", "", main, flags=re.I)
    parts = [part for part in (rest, remark) if part]
    return "; ".join(parts) or None


def map_covers(text: str) -> CoverageEntry:
    """Map one ``covers`` entry (see module doc)."""
    whole = resolve_direct(text, fuzzy=False)  # "Halle (Westf.)": parentheses of a name
    main, remark = (text.strip(), None) if whole.status == "found" else _split_remark(text)
    inferred = bool(remark and remark.lower().startswith("laut"))
    key = fold_key(main)
    if key in NRW_PHRASES:
        return CoverageEntry(text, "nrw", remark=remark, inferred=inferred)
    if key in DE_WORDS or key.startswith(("bundesweit ", "deutschland ")):
        return CoverageEntry(text, "de", remark=_de_remark(main, remark), inferred=inferred)
    resolution = resolve_direct(main, fuzzy=False)
    place = resolution.place
    if resolution.status != "found" or place is None:
        return CoverageEntry(text, "note", remark=remark)
    partial = place.district is not None or (
        place.kind == "gemeinde"
        and place.kreis_type != "kreisfreie_stadt"
        and place.ags != AACHEN_CITY_AGS
    )
    return CoverageEntry(
        text,
        "kreis",
        kreis_key=place.kreis_key,
        remark=remark,
        inferred=inferred or partial,
        place_name=place.label,
        municipality_only=partial,
    )
