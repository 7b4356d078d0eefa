"""NRW places: the gazetteer (``gazetteer``, the public API re-exported here) resolves what
users write to a municipality or Kreis; ``index``, ``resolve`` and ``scan`` are its internals,
``types`` its value types and ``phrases`` the German phrases for a place ("im Kreis Mettmann")."""

from bot.geo.gazetteer import (
    all_kreise,
    find_place_in_text,
    is_place_correction,
    kreis_place,
    load_gazetteer,
    names_another_place,
    resolve_place,
)
from bot.geo.types import Place, PlaceKind, PlaceResolution, ResolutionStatus

__all__ = [
    "Place",
    "PlaceKind",
    "PlaceResolution",
    "ResolutionStatus",
    "all_kreise",
    "find_place_in_text",
    "is_place_correction",
    "kreis_place",
    "load_gazetteer",
    "names_another_place",
    "resolve_place",
]
