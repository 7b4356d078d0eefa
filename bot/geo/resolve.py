"""Resolve one place string (a reply to "Wo wohnen Sie?") against the gazetteer index."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.geo.index import Target, load_index
from bot.geo.types import Place, PlaceResolution
from bot.text.folding import fold_key

# Words stripped from the start of a place reply ("in Mülheim", "aus der Nähe von Essen").
PREFIX_WORDS = frozenset(
    (
        *("in", "im", "aus", "bei", "beim", "nach", "von", "vom", "um", "nahe", "naehe"),
        *("der", "die", "das", "den", "dem", "des", "stadt", "gemeinde", "ort", "raum"),
        *("gegend", "umgebung", "ich", "wir", "wohne", "wohnen", "lebe", "leben", "komme"),
        *("kommen", "bin", "sind"),
    )
)
# Words stripped from the end ("Essen Stadt", "Bonn und Umgebung", "Köln bitte").
SUFFIX_WORDS = frozenset(("stadt", "umgebung", "und", "bitte", "danke"))

FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100) a typo must reach
FUZZY_MIN_LEN = 6  # shorter words are never fuzzy-matched ("Hilfe" would hit "Hille")
FUZZY_MAX_LEN_DIFF = 3
FUZZY_MARGIN = 2.0  # runner-up keys this close to the best make the result ambiguous

_PLZ = re.compile(r"^(?:plz |d )?(\d{5})$")


def unknown(query: str) -> PlaceResolution:
    return PlaceResolution(status="unknown", query=query)


def _unique_places(targets: Iterable[Target]) -> tuple[Place, ...]:
    seen: dict[Place, None] = {}
    for target in targets:
        if target.place is not None:
            seen.setdefault(target.place, None)
    return tuple(seen)


def from_targets(
    targets: tuple[Target, ...], *, query: str, matched: str, method: str | None = None
) -> PlaceResolution:
    """Turn index targets into a resolution: one NRW place, several, or outside NRW."""
    places = _unique_places(targets)
    if len(places) == 1:
        chosen = next(t for t in targets if t.place == places[0])
        return PlaceResolution(
            status="found",
            place=places[0],
            candidates=places,
            query=query,
            matched=matched,
            method=method or chosen.method,
        )
    if places:
        return PlaceResolution(
            status="ambiguous",
            candidates=places,
            query=query,
            matched=matched,
            method=method or targets[0].method,
        )
    return PlaceResolution(
        status="outside_nrw",
        query=query,
        matched=matched,
        method=method or "outside",
        outside_name=targets[0].outside if targets else None,
    )


def resolve_plz(code: str, *, query: str, matched: str) -> PlaceResolution:
    """A 5-digit postal code: one municipality, two (ambiguous), outside NRW, or unknown."""
    index = load_index()
    places = index.plz.get(code, ())
    if len(places) == 1:
        return PlaceResolution(
            status="found",
            place=places[0],
            candidates=places,
            query=query,
            matched=matched,
            method="plz",
        )
    if places:
        return PlaceResolution(
            status="ambiguous", candidates=places, query=query, matched=matched, method="plz"
        )
    if not code.startswith("0") and code[:3] not in index.plz_prefixes:
        # No NRW postal code shares these first three digits, e.g. 10115 (Berlin).
        return PlaceResolution(status="outside_nrw", query=query, matched=matched, method="plz")
    return unknown(query)


def fuzzy_match(key: str, *, query: str, matched: str) -> tuple[PlaceResolution, float] | None:
    """Typo match of a folded key ("velbret" → Velbert), or None below the cut-off."""
    if len(key) < FUZZY_MIN_LEN:
        return None
    index = load_index()
    choices = index.fuzzy_keys.get(key[0], ())
    hits = [
        (choice, score)
        for choice, score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
        )
        if abs(len(choice) - len(key)) <= FUZZY_MAX_LEN_DIFF
    ]
    if not hits:
        return None
    best = max(score for _, score in hits)
    close = [choice for choice, score in hits if score >= best - FUZZY_MARGIN]
    targets = tuple(t for choice in close for t in index.keys[choice])
    return from_targets(targets, query=query, matched=matched, method="fuzzy"), best


def strip_affixes(key: str) -> str:
    """Remove leading prepositions/articles and trailing filler from a folded key."""
    tokens = key.split()
    while len(tokens) > 1 and tokens[0] in PREFIX_WORDS:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in SUFFIX_WORDS:
        tokens.pop()
    return " ".join(tokens)


def resolve_direct(text: str, *, fuzzy: bool = True) -> PlaceResolution:
    """Resolve ``text`` as a whole (no scanning of longer sentences)."""
    query = text.strip()
    key = fold_key(query)
    if not key:
        return unknown(query)
    plz = _PLZ.match(key)
    if plz:
        return resolve_plz(plz.group(1), query=query, matched=query)
    index = load_index()
    for candidate in dict.fromkeys((strip_affixes(key), key)):
        targets = index.keys.get(candidate)
        if targets:
            return from_targets(targets, query=query, matched=query)
    if fuzzy:
        hit = fuzzy_match(strip_affixes(key), query=query, matched=query)
        if hit is not None:
            return hit[0]
    return unknown(query)
