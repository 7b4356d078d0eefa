"""The state of an offer's hours in short German words for cards and chat lines."""

from __future__ import annotations

import datetime as dt

from bot.hours.status import Availability, local_now

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def clock(moment: dt.datetime) -> str:
    """``10 Uhr``, ``9:30 Uhr``."""
    if moment.minute:
        return f"{moment.hour}:{moment.minute:02d} Uhr"
    return f"{moment.hour} Uhr"


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """``heute 14 Uhr``, ``morgen 10 Uhr``, ``Montag 9 Uhr``, ``Montag, 5.10., 9 Uhr``."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"heute {clock(moment)}"
    if days == 1:
        return f"morgen {clock(moment)}"
    name = WEEKDAYS[moment.weekday()]
    if days < 7:
        return f"{name} {clock(moment)}"
    return f"{name}, {moment.day}.{moment.month}., {clock(moment)}"


def describe_availability(state: Availability, now: dt.datetime) -> str:
    """``jetzt erreichbar bis 22 Uhr``, ``geschlossen bis Montag 9 Uhr``,
    ``rund um die Uhr``; empty when nothing is known."""
    now = local_now(now)
    if state.state == "always":
        return "rund um die Uhr erreichbar"
    if state.state == "open" and state.closes_at is not None:
        closes = state.closes_at
        until = clock(closes) if closes.date() == now.date() else when(closes, now)
        return f"jetzt erreichbar bis {until}"
    reopen = when(state.next_open, now) if state.next_open else ""
    if state.state == "holiday":  # the hours say nothing about holidays: do not guess
        return f"Feiertag, sicher ab {reopen}" if reopen else "Feiertag"
    if state.state == "closed":
        return f"geschlossen bis {reopen}" if reopen else "geschlossen"
    return ""
