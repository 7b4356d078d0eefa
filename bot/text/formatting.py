"""German plain-text formatting of values in chat messages."""

from __future__ import annotations

import re

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})(?![\d-])")


def format_stand(source_date: str) -> str:
    """``"2017-04-12"`` → ``"12.04.2017"``, ``"2021-12"`` → ``"12/2021"``; else unchanged."""
    text = source_date.strip()
    if match := _ISO_DAY.match(text):
        return f"{match[3]}.{match[2]}.{match[1]}{text[match.end() :]}"
    if match := _ISO_MONTH.match(text):
        return f"{match[2]}/{match[1]}{text[match.end() :]}"
    return text
