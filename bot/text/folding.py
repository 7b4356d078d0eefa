"""Spelling folds for matching German text typed without umlauts or capitals."""

from __future__ import annotations

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case and spell umlauts out: ``"Mülheim"`` -> ``"muelheim"``."""
    return text.lower().translate(_UMLAUTS)
