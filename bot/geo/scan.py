"""Find the best place mention in a free sentence.

Choices (see docs/data.md):

* Every token window (1 to the longest index key) is looked up exactly after folding, so
  "koeln", "Köln-Mülheim" and "Kreis Mettmann" are found in any case and spelling.
* Place names that are also ordinary German words ("Essen", "Senden", "Lage", "Wetter", ...)
  count only when a place preposition stands right before them ("in Essen", "aus essen");
  "Wir essen zusammen" or "Essen ist fertig" name no place.
* An article between preposition and name ("in der Städteregion Aachen", "aus dem Kreis
  Mettmann") counts only for Kreis names, so "nach dem Essen" names no place.
* A hyphenated name that is not known but starts with a municipality is that municipality
  ("Velbert-Neviges" → Velbert).
* Typos are matched only right after a place preposition ("in Velbret") or as the first or
  last word of a message of at most five words ("Beratung Velbret"), never anywhere else.
* Preference: a postal code, then preposition-led mentions, then capitalised ones; among
  those an NRW place before one outside NRW ("aus München, mein Bruder in Essen" → Essen),
  then the earliest. At one position the longest window wins ("Mülheim an der Ruhr").
* A negated mention is a correction, not the place: "nicht Bochum, Bonn", "ich wohne nicht
  in Essen, sondern in Gelsenkirchen", "Bochum statt Bonn" name Bonn, Gelsenkirchen, Bochum.
  A place the caller already has (``avoid``, e.g. the place being corrected) yields to any
  other mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.geo.index import load_index
from bot.geo.resolve import from_targets, fuzzy_match, resolve_plz
from bot.geo.types import PlaceResolution
from bot.text.folding import fold_key

_TOKEN = re.compile(r"\d{5}(?!\d)|[^\W\d_][\w'’./-]*")

LEAD_WORDS = frozenset(
    (
        *("in", "im", "aus", "bei", "nach", "nahe", "naehe", "von", "vom", "um", "raum"),
        *("gegend", "stadt", "zwischen", "richtung"),
    )
)
ARTICLES = frozenset(("der", "die", "das", "den", "dem", "des"))
# Words that make the place after them the wrong one ("nicht Bochum", "statt in Bonn").
NEGATORS = frozenset(("nicht", "statt", "anstatt", "anstelle", "kein", "nich", "net", "ned"))
# Words that may stand between a negator and the place: "nicht mehr in", "ja gar nicht in".
NEGATION_FILLERS = frozenset(("mehr", "ja", "doch", "eigentlich", "wirklich", "direkt", "ganz"))
_CLAUSE_BREAK = re.compile(r"[,.;:!?]")
# In a message this short, its first and last word may be a misspelt place without a
# preposition ("beratungsstelle dortmnud", "paderbron beratung").
SHORT_MESSAGE_TOKENS = 5
EDGE_FUZZY_MIN_LEN = 7  # such a word must be long: short ones are too often ordinary words

# Folded single-word place names that are also common German words or verbs.
COMMON_WORD_KEYS = frozenset(
    (
        *("essen", "wetter", "senden", "lage", "alpen", "heiden", "wenden", "lotte", "kamen"),
        *("buende", "loehne", "schlangen", "enger", "halle", "datteln", "siegen", "recke"),
        *("much", "werther", "lippe", "geldern", "holten", "hasten"),
    )
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    key: str


@dataclass(frozen=True)
class _Hit:
    rank: tuple[int, int, int]
    resolution: PlaceResolution
    negated: bool = False


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), m.group(), fold_key(m.group())) for m in _TOKEN.finditer(text)
    ]


def _span(text: str, tokens: list[_Token], i: int, n: int) -> str:
    """The original text of tokens i..i+n-1, without a sentence-final full stop."""
    return text[tokens[i].start : tokens[i + n - 1].end].rstrip(".")


def _lead(tokens: list[_Token], i: int) -> str | None:
    """ "direct" when a place preposition precedes token i, "article" for "in der", else None."""
    if i >= 1 and tokens[i - 1].key in LEAD_WORDS:
        return "direct"
    if i >= 2 and tokens[i - 1].key in ARTICLES and tokens[i - 2].key in LEAD_WORDS:
        return "article"
    return None


def _negated(text: str, tokens: list[_Token], i: int) -> bool:
    """True when a negator stands up to three words before token i in the same clause, with
    only prepositions, articles or fillers between ("nicht in Essen", "gar nicht mehr in
    Minden")."""
    for back in (1, 2, 3, 4):
        j = i - back
        if j < 0:
            return False
        if _CLAUSE_BREAK.search(text[tokens[j].end : tokens[j + 1].start]):
            return False
        if tokens[j].key in NEGATORS:
            return True
        if tokens[j].key not in LEAD_WORDS | ARTICLES | NEGATION_FILLERS:
            return False
    return False


def _is_kreis(resolution: PlaceResolution) -> bool:
    places = (resolution.place,) if resolution.place else resolution.candidates
    return bool(places) and all(p.kind == "kreis" for p in places)


def _compound_head(token: _Token, keys: dict) -> PlaceResolution | None:
    """ "Velbert-Neviges", "Bielefeld-Brackwede": a hyphenated name that is not in the index
    but starts with a municipality (not a common word) is that municipality."""
    parts = token.key.split()
    if len(parts) < 2 or "-" not in token.text or token.key in keys:
        return None
    head = parts[0]
    if head in COMMON_WORD_KEYS or len(head) < 4 or head not in keys:
        return None
    resolution = from_targets(keys[head], query=token.text, matched=token.text.rstrip("."))
    return resolution if resolution.status == "found" else None


def _exact_hits(text: str, tokens: list[_Token]) -> list[_Hit]:
    index = load_index()
    hits: list[_Hit] = []
    for i, token in enumerate(tokens):
        if token.text.isdigit():
            resolution = resolve_plz(token.text, query=text, matched=token.text)
            if resolution.status != "unknown":
                hits.append(_Hit((3, 1, -i), resolution, _negated(text, tokens, i)))
            continue
        lead = _lead(tokens, i)
        compound = _compound_head(token, index.keys)
        if compound is not None:
            hits.append(_Hit((2 if lead else 1, 1, -i), compound, _negated(text, tokens, i)))
            continue
        for n in range(min(index.max_key_tokens, len(tokens) - i), 0, -1):
            # Joining folded tokens equals folding the span: separators fold to one space.
            targets = index.keys.get(" ".join(t.key for t in tokens[i : i + n]))
            if not targets:
                continue
            matched = _span(text, tokens, i, n)
            resolution = from_targets(targets, query=text, matched=matched)
            if lead == "article" and not _is_kreis(resolution):
                continue
            if n == 1 and token.key in COMMON_WORD_KEYS and lead != "direct":
                continue
            if n == 1 and len(token.key) < 4 and not (lead or token.text.isupper()):
                continue
            rank = 2 if lead else 1 if token.text[:1].isupper() else 0
            in_nrw = int(resolution.status != "outside_nrw")
            hits.append(_Hit((rank, in_nrw, -i), resolution, _negated(text, tokens, i)))
            break
    return hits


def _fuzzy_hit(text: str, tokens: list[_Token]) -> PlaceResolution | None:
    best: tuple[float, PlaceResolution] | None = None
    edges = {0, len(tokens) - 1} if len(tokens) <= SHORT_MESSAGE_TOKENS else set()
    for i, token in enumerate(tokens):
        if token.key in LEAD_WORDS | ARTICLES:
            continue
        at_edge = _lead(tokens, i) != "direct"
        if at_edge and not (
            i in edges
            and len(token.key) >= EDGE_FUZZY_MIN_LEN
            and token.key not in COMMON_WORD_KEYS
            and token.key not in load_index().keys
        ):
            continue
        for n in (1,) if at_edge else (1, 2):
            if i + n > len(tokens):
                break
            matched = _span(text, tokens, i, n)
            hit = fuzzy_match(fold_key(matched), query=text, matched=matched)
            if hit is not None and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[0])
    return best[1] if best else None


def _label(resolution: PlaceResolution) -> str | None:
    return resolution.place.label if resolution.place is not None else None


def corrects_place(text: str) -> bool:
    """True when ``text`` takes one place back and names another: "nicht Wuppertal,
    Solingen", "Bochum statt Bonn", "wir wohnen nicht in Essen sondern in Gelsenkirchen".
    Such a message is a correction of the place whatever else its words suggest (the name
    of a town can also be the topic of a knowledge answer)."""
    tokens = _tokens(text)
    if not tokens:
        return False
    hits = _exact_hits(text, tokens)
    negated = {_label(hit.resolution) for hit in hits if hit.negated}
    named = {_label(hit.resolution) for hit in hits if not hit.negated}
    return bool(negated - {None}) and bool(named - negated - {None})


# A short message that asks for another place right after an answer ("und für Kempen?", "und in
# Essen? da wohnt unsere Mutter", "was ist mit Bonn?") or says which place was meant
# ("Zahlendreher, ich mein 42853", "ich meinte Eschweiler"): the place follows the opening
# within a preposition and an article, so "und was kostet das in Köln?" is no such message.
_ANOTHER_PLACE_OPENING = re.compile(
    r"^\W*(?:und|aber|ok(?:ay)?\W+und|was ist mit|wie ist es (?:denn )?(?:mit|in)|"
    r"wie sieht(?: es|'?s) (?:denn )?(?:aus )?(?:in|mit|f(?:ue|ü|u)r)|"
    r"gibt es (?:das|die|sowas|so was|was|jemanden|eine beratung)? ?auch (?:in|f(?:ue|ü|u)r))\b"
    r"|\b(?:ich mein(?:e|te)?|gemeint (?:war|ist)|zahlendreher|vertippt|verschrieben)\b",
    re.IGNORECASE,
)
_BRIDGE_WORDS = frozenset(("fuer", "fur", "in", "im", "bei", "mit", "aus", "der", "dem", "den"))
ANOTHER_PLACE_MAX_WORDS = 12


def names_another_place(text: str) -> bool:
    """True when a short message asks for another place or says which place was meant: the
    place comes right after the opening ("und für Kempen?", "ich mein 42853")."""
    if len(text.split()) > ANOTHER_PLACE_MAX_WORDS:
        return False
    # the cheap test first: most messages have no such opening and need no gazetteer scan
    openings = list(_ANOTHER_PLACE_OPENING.finditer(text))
    tokens = _tokens(text) if openings else []
    if not tokens:
        return False
    places = {-hit.rank[2] for hit in _exact_hits(text, tokens) if not hit.negated}
    for opening in openings:
        following = [i for i, token in enumerate(tokens) if token.start >= opening.end()]
        if not following:
            continue
        first = following[0]
        while first < len(tokens) and tokens[first].key in _BRIDGE_WORDS:
            first += 1
        between = text[opening.end() : tokens[first].start] if first < len(tokens) else ","
        if first in places and not _CLAUSE_BREAK.search(between):
            return True
    return False


def scan_text(text: str, *, avoid: str | None = None) -> PlaceResolution | None:
    """The best place mention in ``text``, or None when it names no place.

    Negated mentions never count; a mention of ``avoid`` (a place label) counts only when
    there is no other.
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    all_hits = _exact_hits(text, tokens)
    hits = [hit for hit in all_hits if not hit.negated]
    if avoid is not None and any(_label(hit.resolution) != avoid for hit in hits):
        hits = [hit for hit in hits if _label(hit.resolution) != avoid]
    if hits:
        return max(hits, key=lambda hit: hit.rank).resolution
    if all_hits:
        return None
    resolution = _fuzzy_hit(text, tokens)
    return replace(resolution, query=text) if resolution else None
