"""Who answers now: the state of :class:`~bot.hours.parse.WeeklyHours` at a moment.

Times are Europe/Berlin (``zoneinfo``); public holidays are those of North Rhine-Westphalia
from the maintained ``holidays`` library (incl. Fronleichnam and Allerheiligen). A slot
applies on a public holiday only if its text says so ("feiertags"); otherwise, when the offer
would be open at that hour on an ordinary day, the state is ``holiday``: whether someone
answers is not known, and the bot says so instead of guessing. The moment is always passed
in (``now``), so tests freeze the clock without patching anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

from bot.hours.parse import MINUTES_PER_DAY, Slot, WeeklyHours

__all__ = ["BERLIN", "Availability", "availability", "holiday_name", "local_now"]

BERLIN = ZoneInfo("Europe/Berlin")
LOOKAHEAD_DAYS = 15  # a weekly schedule opens within a week; public holidays add a few days

State = Literal["always", "open", "closed", "holiday", "unknown"]


@dataclass(frozen=True)
class Availability:
    """``open``: someone answers now, until ``closes_at``; ``closed``: not now, next at
    ``next_open``; ``holiday``: today is the public holiday ``holiday`` and the hours say
    nothing about holidays; ``always``: around the clock; ``unknown``: no hours known."""

    state: State
    closes_at: dt.datetime | None = None
    next_open: dt.datetime | None = None
    holiday: str | None = None

    @property
    def answers_now(self) -> bool:
        return self.state in ("open", "always")


@lru_cache(maxsize=8)
def _nrw_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="NW", years=year, language="de")


def holiday_name(day: dt.date) -> str | None:
    """The NRW public holiday on ``day`` ("Tag der Deutschen Einheit"), or None."""
    return _nrw_holidays(day.year).get(day)


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` (or the current time) in Europe/Berlin. A naive ``now`` is refused: it would
    silently mean the server's zone."""
    if now is None:
        return dt.datetime.now(BERLIN)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone (e.g. ZoneInfo('Europe/Berlin'))")
    return now.astimezone(BERLIN)


def _at(day: dt.date, minutes: int) -> dt.datetime:
    if minutes >= MINUTES_PER_DAY:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), BERLIN)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), BERLIN)


def _applies(slot: Slot, day: dt.date, ignore_holidays: bool) -> bool:
    if holiday_name(day) and not ignore_holidays:
        return slot.holidays
    return day.weekday() in slot.days


def _intervals(
    slots: tuple[Slot, ...], first: dt.date, days: int, ignore_holidays: bool = False
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Opening intervals of the days ``first`` … ``first + days - 1`` (a slot into the night
    ends on the next day), sorted and merged where they touch."""
    spans = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        for slot in slots:
            if _applies(slot, day, ignore_holidays):
                end_day = day + dt.timedelta(days=1) if slot.end <= slot.start else day
                spans.append((_at(day, slot.start), _at(end_day, slot.end)))
    spans.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def availability(hours: WeeklyHours | None, now: dt.datetime) -> Availability:
    """The state of ``hours`` at ``now`` (time-zone aware; compared in Europe/Berlin)."""
    now = local_now(now)
    if hours is None or (not hours.always and not hours.slots):
        return Availability("unknown")
    if hours.always:
        return Availability("always")
    slots = hours.contact_slots
    yesterday = now.date() - dt.timedelta(days=1)
    intervals = _intervals(slots, yesterday, LOOKAHEAD_DAYS + 1)
    for start, end in intervals:
        if start <= now < end:
            return Availability("open", closes_at=end)
    next_open = next((start for start, _ in intervals if start > now), None)
    today_holiday = holiday_name(now.date())
    if today_holiday:
        ordinary = _intervals(slots, yesterday, 2, ignore_holidays=True)
        if any(start <= now < end for start, end in ordinary):
            return Availability("holiday", next_open=next_open, holiday=today_holiday)
    return Availability("closed", next_open=next_open, holiday=today_holiday)
