"""Place names written in another script or with a Turkish case ending, turned into the
German name the gazetteer knows: "Кёльн", "Кёльне", "كولونيا", "بكولونيا", "Köln'de" ->
"Köln". The gazetteer's spelling fold keeps Latin letters only (bot/text/folding.py), so the
other scripts are mapped here, before the look-up, from bot/data/language/place_names.csv
(the largest cities of NRW and a few outside it; staff add more there). Latin spellings
("Cologne", "Koeln") are aliases of the gazetteer itself."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from bot.settings import PROJECT_ROOT

NAMES_FILE = PROJECT_ROOT / "bot" / "data" / "language" / "place_names.csv"
# Russian/Ukrainian case endings are at most three letters ("Кёльне", "Дортмундом").
MAX_ENDING = 3
# Arabic prefixes written together with the name: bi- (in), li- (to), wa- (and), al- (the).
_ARABIC_PREFIXES = ("وب", "ب", "ل", "و", "ال")
_TURKISH_CASE = re.compile(
    r"\b(\w+)['’](?:de|da|te|ta|den|dan|ten|tan|e|a|ye|ya|in|ın|un|ün|nin|nın|deki|daki)\b",
    re.UNICODE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    with NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["name"].lower(): row["german"] for row in csv.DictReader(handle)}


def _german(word: str) -> str | None:
    lowered = word.lower()
    names = _names()
    candidates = [lowered, *(lowered[len(p) :] for p in _ARABIC_PREFIXES if lowered.startswith(p))]
    for candidate in candidates:
        if candidate in names:
            return names[candidate]
        for name, german in names.items():
            if candidate.startswith(name) and len(candidate) - len(name) <= MAX_ENDING:
                return german
    return None


def latinise_places(text: str) -> str:
    """``text`` with place names of other scripts replaced by their German names."""
    text = _TURKISH_CASE.sub(r"\1", text)
    if text.isascii():
        return text
    return _WORD.sub(lambda m: _german(m.group(0)) or m.group(0), text)
