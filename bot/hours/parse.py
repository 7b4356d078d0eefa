"""Opening hours as data: the ``hours`` text of a referral record read into weekly slots.

The text stays what staff write and users read ("Mo–Fr 10–22 Uhr, Sa/So 14–20 Uhr; mit
Registrierung jederzeit Nachricht hinterlassen"); :func:`parse_hours` reads it into
:class:`WeeklyHours`, which the importer stores as JSON beside the text and the bot uses to
say who answers now (:mod:`bot.hours.status`).

The format, part by part (parts are separated by ";" or ","):

* a time rule: an optional label ("Telefon", "offene Sprechstunde ohne Anmeldung"), days,
  times and "Uhr": "Mo–Fr 9–18 Uhr", "Di und Do 15–17 Uhr", "Sa/So 14–20 Uhr",
  "werktags 9–15 Uhr" (werktags = Mo–Fr), "täglich 8–20 Uhr", "Mo–Do 9–12 und 13–16 Uhr",
  "Mo 9:30–12.30 Uhr", "Sa, So und feiertags 10–14 Uhr", "Fr 20–2 Uhr" (into the night);
  a part without days ("14–20 Uhr") takes the days of the rule before it;
* "rund um die Uhr" (also "24 Stunden", "24/7"): always reachable;
* a note without any weekday or digit ("sonst Anrufbeantworter", "mit Registrierung
  jederzeit Nachricht hinterlassen"): kept as a note; "Anrufbeantworter" and "jederzeit …
  Nachricht" set flags the bot uses at night.

Remarks in parentheses ("(Stand April 2017)", "werktags (Mo–Fr)") are ignored. Anything else
with a weekday or a digit cannot be read: :class:`HoursFormatError` (``lotse db check``
reports it as an error with the record's name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["HoursFormatError", "Slot", "WeeklyHours", "hours_json", "parse_hours"]

MINUTES_PER_DAY = 24 * 60
WEEK = tuple(range(7))
WORKDAYS = tuple(range(5))
SCHEMA_VERSION = 1


class HoursFormatError(ValueError):
    """An ``hours`` text that has weekdays or times in a form the parser cannot read."""


@dataclass(frozen=True)
class Slot:
    """One weekly opening: on ``days`` (0 = Monday) from ``start`` to ``end`` (minutes after
    midnight; ``end <= start`` runs into the next day). ``holidays``: also on public holidays
    ("feiertags"); without it the slot does not apply on a public holiday."""

    days: tuple[int, ...]
    start: int
    end: int
    label: str = ""
    holidays: bool = False

    @property
    def walk_in(self) -> bool:
        """Office hours to drop in, not a way to reach someone ("offene Sprechstunde")."""
        return "sprechstunde" in self.label.casefold()


@dataclass(frozen=True)
class WeeklyHours:
    slots: tuple[Slot, ...] = ()
    always: bool = False
    message_anytime: bool = False
    voicemail: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def contact_slots(self) -> tuple[Slot, ...]:
        """The slots in which someone answers (walk-in hours only if there is nothing else)."""
        reachable = tuple(slot for slot in self.slots if not slot.walk_in)
        return reachable or self.slots

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "always": self.always,
            "message_anytime": self.message_anytime,
            "voicemail": self.voicemail,
            "slots": [
                {
                    "days": list(slot.days),
                    "start": _clock(slot.start),
                    "end": _clock(slot.end),
                    "label": slot.label,
                    "holidays": slot.holidays,
                }
                for slot in self.slots
            ],
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WeeklyHours:
        if data.get("version") != SCHEMA_VERSION:
            raise ValueError(f"unknown opening-hours schema {data.get('version')!r}")
        return cls(
            slots=tuple(
                Slot(
                    days=tuple(int(day) for day in slot["days"]),
                    start=_minutes_of(slot["start"]),
                    end=_minutes_of(slot["end"]),
                    label=str(slot.get("label") or ""),
                    holidays=bool(slot.get("holidays")),
                )
                for slot in data.get("slots") or ()
            ),
            always=bool(data.get("always")),
            message_anytime=bool(data.get("message_anytime")),
            voicemail=bool(data.get("voicemail")),
            notes=tuple(str(note) for note in data.get("notes") or ()),
        )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes_of(clock: str) -> int:
    hours, _, minutes = str(clock).partition(":")
    return int(hours) * 60 + int(minutes or 0)


# ------------------------------------------------------------------------------ the grammar

_DAY_NAMES = {
    "mo": 0, "montag": 0, "di": 1, "dienstag": 1, "mi": 2, "mittwoch": 2,
    "do": 3, "donnerstag": 3, "fr": 4, "freitag": 4, "sa": 5, "samstag": 5, "sonnabend": 5,
    "so": 6, "sonntag": 6,
}  # fmt: skip
_DAY_GROUPS = {"werktags": WORKDAYS, "wochentags": WORKDAYS, "täglich": WEEK, "taeglich": WEEK}
_DAY = (
    r"(?:montags?|dienstags?|mittwochs?|donnerstags?|freitags?|samstags?|sonnabends?|sonntags?"
    r"|mo|di|mi|do|fr|sa|so)\.?"
)
_DAY_ITEM = rf"(?:{_DAY}|werktags|wochentags|täglich|taeglich|an feiertagen|feiertage?n?|feiertags)"
_DAY_SEP = r"\s*(?:[-–—/,+&]|\bbis\b|\bund\b|\bsowie\b)\s*"
_DAYS = rf"{_DAY_ITEM}(?:{_DAY_SEP}{_DAY_ITEM})*"
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_RANGE = rf"{_TIME}\s*(?:uhr\s*)?(?:[-–—]|\bbis\b)\s*{_TIME}"
_TIMES = rf"{_RANGE}(?:\s*(?:,|/|\bund\b|\bsowie\b)\s*{_RANGE})*"
_RULE = re.compile(
    rf"^(?P<label>.*?)\s*(?:\b(?P<days>{_DAYS})\s+(?:von\s+)?)?(?P<times>{_TIMES})\s*(?:uhr)?$",
    re.IGNORECASE,
)
_RANGE_PARTS = re.compile(
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr\s*)?(?:[-–—]|\bbis\b)\s*(\d{1,2})(?:[:.](\d{2}))?",
    re.IGNORECASE,
)
_DAY_TOKEN = re.compile(rf"{_DAY_ITEM}|[-–—]|\bbis\b", re.IGNORECASE)
_ALWAYS = re.compile(r"rund um die uhr|\b24\s*(?:stunden|h)\b|\b24\s*/\s*7\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")
_WEEKDAY_WORD = re.compile(rf"(?<!\w){_DAY}(?!\w)|werktags|wochentags|täglich", re.IGNORECASE)
_MESSAGE_ANYTIME = re.compile(r"jederzeit.*nachricht|nachricht.*jederzeit", re.IGNORECASE)


def _day_number(token: str) -> int:
    word = token.casefold().rstrip(".")
    word = word if word in _DAY_NAMES else word.removesuffix("s")
    return _DAY_NAMES[word]


def _parse_days(text: str) -> tuple[tuple[int, ...], bool]:
    """("Mo–Fr" → Monday to Friday, holiday flag); a range may wrap ("Fr–Mo")."""
    days: list[int] = []
    holidays = False
    pending_range = False
    for match in _DAY_TOKEN.finditer(text):
        token = match.group(0).casefold()
        if token in ("-", "–", "—", "bis"):
            pending_range = True
            continue
        if "feiertag" in token:
            holidays = True
            pending_range = False
            continue
        group = _DAY_GROUPS.get(token)
        if group is not None:
            days.extend(group)
            pending_range = False
            continue
        day = _day_number(token)
        if pending_range and days:
            first = days[-1]
            span = (day - first) % 7
            days.extend((first + step) % 7 for step in range(1, span + 1))
        else:
            days.append(day)
        pending_range = False
    return tuple(sorted(set(days))), holidays


def _parse_times(text: str) -> list[tuple[int, int]]:
    ranges = []
    for match in _RANGE_PARTS.finditer(text):
        start = int(match[1]) * 60 + int(match[2] or 0)
        end = int(match[3]) * 60 + int(match[4] or 0)
        if not (0 <= start < MINUTES_PER_DAY and 0 < end <= MINUTES_PER_DAY):
            raise HoursFormatError(f"no time of day: {match.group(0)!r}")
        if int(match[2] or 0) >= 60 or int(match[4] or 0) >= 60:
            raise HoursFormatError(f"no time of day: {match.group(0)!r}")
        if start == end:
            raise HoursFormatError(f"opening and closing time are the same: {match.group(0)!r}")
        ranges.append((start, end))
    return ranges


def _split_parts(text: str) -> list[list[str]]:
    """Sections split at ";" (a new label), parts at "," unless the comma joins days or times
    ("Sa, So 10–14 Uhr", "9–12, 14–16 Uhr")."""
    sections = []
    for section in text.split(";"):
        parts: list[str] = []
        for piece in section.split(","):
            piece = piece.strip()
            if parts and _continues(parts[-1], piece):
                parts[-1] = f"{parts[-1]}, {piece}"
            else:
                parts.append(piece)
        sections.append([part for part in parts if part])
    return sections


def _continues(before: str, piece: str) -> bool:
    """The comma sat inside a list of days ("Sa, So 10 …") or of times ("9–12, 14–16 Uhr")."""
    ends_with_day = re.search(rf"(?:^|\s){_DAY_ITEM}$", before, re.IGNORECASE) is not None
    ends_with_range = re.search(rf"{_RANGE}$", before, re.IGNORECASE) is not None
    starts_with_range = re.match(_RANGE, piece) is not None
    return ends_with_day or (ends_with_range and starts_with_range)


def parse_hours(text: str | None) -> WeeklyHours | None:
    """The opening hours of ``text``; ``None`` for an empty text. Raises
    :class:`HoursFormatError` when a part with a weekday or a digit cannot be read."""
    if not text or not text.strip():
        return None
    plain = _PARENTHESES.sub(" ", text)
    plain = " ".join(plain.replace("'", " ").replace('"', " ").split())
    slots: list[Slot] = []
    notes: list[str] = []
    always = bool(_ALWAYS.search(plain))
    message_anytime = bool(_MESSAGE_ANYTIME.search(plain))
    voicemail = "anrufbeantworter" in plain.casefold()
    for section in _split_parts(_ALWAYS.sub(" ", plain) if always else plain):
        label = ""
        last_days: tuple[tuple[int, ...], bool] | None = None
        for part in section:
            match = _RULE.match(part)
            if match is None:
                if _WEEKDAY_WORD.search(part) or re.search(r"\d", part):
                    raise HoursFormatError(
                        f"cannot read {part!r}: write e.g. 'Mo–Fr 9–15 Uhr' or 'Di und Do "
                        "14–16 Uhr' (see docs/redaktion.md)"
                    )
                if part.strip(" .:-–"):
                    notes.append(part.strip())
                continue
            if match["label"]:
                if _WEEKDAY_WORD.search(match["label"]) or re.search(r"\d", match["label"]):
                    raise HoursFormatError(f"cannot read {part!r}: days must stand before times")
                label = match["label"].strip(" :")
            if match["days"]:
                last_days = _parse_days(match["days"])
            if last_days is None:
                raise HoursFormatError(f"cannot read {part!r}: which days?")
            days, holidays = last_days
            for start, end in _parse_times(match["times"]):
                slots.append(Slot(days, start, end, label, holidays))
    if not slots and not always and not notes:
        raise HoursFormatError(f"no opening hours in {text!r}")
    return WeeklyHours(tuple(slots), always, message_anytime, voicemail, tuple(notes))


def hours_json(text: str | None) -> dict[str, Any] | None:
    """What the importer stores beside the text: the parsed hours, or None (empty or
    unreadable text; ``lotse db check`` reports the latter)."""
    try:
        hours = parse_hours(text)
    except HoursFormatError:
        return None
    return hours.to_json() if hours is not None else None
