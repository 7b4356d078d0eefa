"""NRW place gazetteer: resolve what users write ("koeln", "in Mülheim", "Kreis Mettmann",
"45127", "Velbret") to a municipality or Kreis, or say that it is ambiguous, outside NRW or
unknown.

Data (shipped in ``bot/data``): the Destatis municipality and Kreis lists with OpenStreetMap
postal codes (``gazetteer/SOURCES.md``), curated city districts (``districts.csv``), curated
short names (``place_aliases.csv``) and Länder/cities outside NRW (``outside_nrw.csv``).
Everything is loaded once, at first use.
"""

from __future__ import annotations

from bot.geo.index import GazetteerIndex, load_index
from bot.geo.resolve import resolve_direct
from bot.geo.scan import corrects_place, scan_text
from bot.geo.scan import names_another_place as scan_names_another_place
from bot.geo.types import Place, PlaceResolution
from bot.text.folding import fold_key


def load_gazetteer() -> GazetteerIndex:
    """Load (once) and return the gazetteer index; call at start-up to pay the cost early."""
    return load_index()


def resolve_place(text: str) -> PlaceResolution:
    """Resolve a place string such as a reply to "Wo wohnen Sie?".

    The whole text is tried first (prepositions, articles and "Stadt" stripped), then, for
    several words, the best mention inside it (:func:`find_place_in_text`), then a typo match.
    """
    direct = resolve_direct(text, fuzzy=False)
    if direct.status != "unknown":
        return direct
    if len(fold_key(text).split()) > 1:
        mention = scan_text(text)
        if mention is not None:
            return mention
    return resolve_direct(text, fuzzy=True)


def find_place_in_text(text: str, *, avoid: str | None = None) -> PlaceResolution | None:
    """The best place mention in a free sentence, or None. Negated mentions ("nicht Bochum")
    never count, and ``avoid`` (the label of a place being corrected) yields to any other
    mention. See :mod:`bot.geo.scan`."""
    return scan_text(text, avoid=avoid)


def is_place_correction(text: str) -> bool:
    """The message takes a place back and names another ("nicht Bochum, Bonn")."""
    return corrects_place(text)


def names_another_place(text: str) -> bool:
    """The message asks for another place or says which was meant ("und für Kempen?", "ich
    mein 42853"): like a correction, it replaces the place and looks again."""
    return scan_names_another_place(text)


def kreis_place(kreis_key: str) -> Place | None:
    """The Kreis / kreisfreie Stadt / Städteregion with this 5-digit key."""
    return load_index().kreise.get(kreis_key)


def all_kreise() -> tuple[Place, ...]:
    """All 53 Kreise, kreisfreie Städte and the Städteregion, sorted by key."""
    kreise = load_index().kreise
    return tuple(kreise[key] for key in sorted(kreise))
