"""The one spelling fold of the project, for matching German text typed without umlauts or
capitals: place look-ups, danger rules, the situation, the NLU lemmas.

``fold`` lower-cases and spells umlauts out (ä → ae, ö → oe, ü → ue, ß → ss); with
``plain_umlauts`` they lose their dots instead (ä → a), as people type them too.
``fold_plain`` drops the accents of any script, for text in other languages.
``fold_key`` builds a look-up key on it: other accents dropped, and every run of characters
other than a-z and 0-9 turned into one space.
"""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_PLAIN_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str, *, plain_umlauts: bool = False) -> str:
    """Lower-case and spell umlauts out: ``"Mülheim"`` → ``"muelheim"`` (or ``"mulheim"``)."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return lowered.translate(_PLAIN_UMLAUTS if plain_umlauts else _UMLAUTS)


_DOTLESS = str.maketrans({"ı": "i", "ё": "е", "’": "'", "ʼ": "'", "`": "'"})


def fold_plain(text: str) -> str:
    """Lower-case without accents or vowel signs, in any script: ``"Oğlum"`` → ``"oglum"``,
    ``"ё"`` → ``"е"``, Arabic without harakat. For text in other languages, typed with and
    without its diacritics."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_DOTLESS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_key(text: str, *, plain_umlauts: bool = False) -> str:
    """A look-up key: ``"Köln-Mülheim"`` → ``"koeln muelheim"``, ``"Café"`` → ``"cafe"``."""
    decomposed = unicodedata.normalize("NFKD", fold(text, plain_umlauts=plain_umlauts))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only).strip()
