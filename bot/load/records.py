"""One record of the referral directory, exactly as in ``referrals.yaml``.

Values are kept as printed in the source; an empty string means "not found" and is never
filled in. ``parse_source_date`` derives a date for staleness checks where the text allows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "operator",
    "city",
    "covers",
    "address",
    "phone",
    "email",
    "website",
    "hours",
    "audiences",
    "languages",
    "source_url",
    "source_date",
    "additional_sources",
    "phone_status",
    "notes",
)
LIST_FIELDS: frozenset[str] = frozenset({"covers", "audiences", "languages", "additional_sources"})


class RecordFormatError(ValueError):
    """A record that is not a mapping of the known fields."""


@dataclass(frozen=True)
class ReferralRecord:
    name: str
    kind: str
    operator: str = ""
    city: str = ""
    covers: tuple[str, ...] = ()
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    audiences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    source_url: str = ""
    source_date: str = ""
    additional_sources: tuple[str, ...] = ()
    phone_status: str = ""
    notes: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, position: int = 0) -> ReferralRecord:
        if not isinstance(data, Mapping):
            raise RecordFormatError(f"record {position}: expected a mapping, got {type(data)}")
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise RecordFormatError(f"record {position}: unknown field(s) {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name in FIELDS:
            raw = data.get(name)
            values[name] = _as_tuple(raw) if name in LIST_FIELDS else _as_text(raw)
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        """Field order and types of referrals.yaml (lists as lists)."""
        return {
            f.name: list(getattr(self, f.name)) if f.name in LIST_FIELDS else getattr(self, f.name)
            for f in fields(self)
        }


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):  # an unquoted YAML date
        return value.isoformat()
    return str(value)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_as_text(item) for item in value)
    return (_as_text(value),)


_MONTH_NAMES = (
    *("januar", "februar", "märz", "april", "mai", "juni", "juli", "august"),
    *("september", "oktober", "november", "dezember"),
)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})(?![\d-])")
_GERMAN_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_MONTH_YEAR = re.compile(r"^([A-Za-zäÄ]+) (\d{4})(?!\d)")
_YEAR = re.compile(r"^(\d{4})(?![\d-])")


def parse_source_date(text: str) -> dt.date | None:
    """The date a ``source_date`` text starts with, or None ("undatiert", free text).

    A month or year without a day gives its first day ("2021-12" → 2021-12-01, "April 2024"
    → 2024-04-01, "2024 (...)" → 2024-01-01): the earliest the source can be, which makes a
    staleness check err on the side of re-checking.
    """
    value = text.strip()
    try:
        if match := _ISO_DAY.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _GERMAN_DAY.match(value):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_MONTH.match(value):
            return dt.date(int(match[1]), int(match[2]), 1)
        if (match := _MONTH_YEAR.match(value)) and match[1].lower() in _MONTHS:
            return dt.date(int(match[2]), _MONTHS[match[1].lower()], 1)
        if match := _YEAR.match(value):
            return dt.date(int(match[1]), 1, 1)
    except ValueError:  # e.g. "2021-13"
        return None
    return None
