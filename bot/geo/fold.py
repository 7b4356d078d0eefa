"""Text folding for place look-ups: case, umlauts (ä→ae, ö→oe, ü→ue, ß→ss), punctuation."""

from __future__ import annotations

import re
import unicodedata

_UMLAUT_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_UMLAUT_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str, *, plain_umlauts: bool = False) -> str:
    """Fold ``text`` into a look-up key: ``"Köln-Mülheim"`` → ``"koeln muelheim"``.

    With ``plain_umlauts`` the umlauts lose their dots instead (``"koln mulheim"``).
    """
    lowered = unicodedata.normalize("NFC", text).lower()
    lowered = lowered.translate(_UMLAUT_PLAIN if plain_umlauts else _UMLAUT_E)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_only).strip()


def fold_variants(text: str) -> tuple[str, ...]:
    """Both foldings of ``text`` (one entry when they are equal)."""
    first = fold(text)
    second = fold(text, plain_umlauts=True)
    return (first,) if first == second else (first, second)
