"""Text preparation for :mod:`bot.safety`: normalisation and single-token typo repair."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.safety.lexicon import FUZZY_VOCAB
from bot.text.folding import fold

SENTENCE_SPLIT = re.compile(r"(?<=[.!?\n])\s*")
_APOSTROPHES = re.compile(r"['’`´]")
_CLAUSE = re.compile(r"[,;:()\[\]\"„“”«»/]+|\s[-–—]+\s")
_NON_WORD = re.compile(r"[^\w|]+|_+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\b[a-z]{5,}\b")
# Real German words one edit away from a danger word (found by running the repair over all
# word forms in spaCy's German lemma table); they are never "repaired".
_REAL_WORD = re.compile(
    r"abste(?:hen|ht)|anstech\w*|ansch(?:lue|rae)g\w*|abschl\w*|aufschl\w*|anschlaemm\w*|"
    r"ausrei(?:ben|fen|ssen|ten|zen)\w*|ausweis\w*|erschlie\w*|erschloess\w*|gewaehr|"
    r"gewehrt|geweht|granit\w*|serien|t(?:aeten|obten|oenen|oenten|orten|osten|oten|reten|ueten)|"
    r"umzuspringen|waff(?:el|eln|ne|nen)|warfen"
)


def normalise(text: str) -> str:
    """Lower case, fold umlauts, drop punctuation, collapse spaces; ``|`` marks clause breaks.

    >>> normalise("Er plant einen Anschlag, glaube ich!")
    'er plant einen anschlag | glaube ich'
    """
    text = fold(unicodedata.normalize("NFKC", text))
    text = _APOSTROPHES.sub("", text)
    text = _CLAUSE.sub(" | ", text.replace("-", " "))
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip(" |")


@lru_cache(maxsize=8192)
def _repair(token: str) -> str:
    """The danger word ``token`` is a typo of (same first letter, one edit; two edits from
    12 letters on), or ``token`` itself."""
    if _REAL_WORD.fullmatch(token):
        return token
    limit = 2 if len(token) >= 12 else 1
    vocab = [w for w in FUZZY_VOCAB if w[0] == token[0] and abs(len(w) - len(token)) <= limit]
    hit = process.extractOne(token, vocab, scorer=OSA.distance, score_cutoff=limit)
    return hit[0] if hit else token


def repair_typos(norm: str) -> str:
    """Replace typos of danger words in normalised text: "anschlg" -> "anschlag"."""
    return _WORD.sub(lambda m: _repair(m.group(0)), norm)
