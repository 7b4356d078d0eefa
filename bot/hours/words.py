"""The state of an offer's hours in short words for cards and chat lines: German by default,
or in the conversation's language (slot ``language``: en, tr, ar, ru, uk), or German in
Leichte Sprache (``LEICHTE_SPRACHE``, for the slot ``simple_language``: whole short
sentences, "Sie erreichen die Stelle jetzt bis 16 Uhr.", months as words).

Only the fixed words follow the language; the times are digits, so the numbers read the same
in every language. An unknown language gets German.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.hours.status import Availability, local_now

# The key of German in Leichte Sprache among the languages (bot.referrals.card_words too).
LEICHTE_SPRACHE = "de_ls"
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def _german_clock(moment: dt.datetime) -> str:
    if moment.minute:
        return f"{moment.hour}:{moment.minute:02d} Uhr"
    return f"{moment.hour} Uhr"


def _digital_clock(moment: dt.datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _dotted_date(moment: dt.datetime) -> str:
    return f"{moment.day}.{moment.month}."


_DE_MONTHS = (
    *("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August"),
    *("September", "Oktober", "November", "Dezember"),
)


def _date_in_words(moment: dt.datetime) -> str:
    """ "5. Oktober": Leichte Sprache writes the month as a word."""
    return f"{moment.day}. {_DE_MONTHS[moment.month - 1]}"


_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class HoursWords:
    """The fixed words of one language. Templates: ``{clock}``, ``{day}`` (a name of
    ``weekdays``, in the form the phrases need), ``{date}``, ``{until}``, ``{reopen}``."""

    weekdays: tuple[str, ...]
    clock: Callable[[dt.datetime], str]
    date: Callable[[dt.datetime], str]
    today: str
    tomorrow: str
    weekday: str
    far: str
    same_day: str  # a closing time later today
    always: str
    open: str
    holiday: str
    holiday_bare: str
    closed: str
    closed_bare: str


HOURS_WORDS: dict[str, HoursWords] = {
    "de": HoursWords(
        weekdays=WEEKDAYS,
        clock=_german_clock,
        date=_dotted_date,
        today="heute {clock}",
        tomorrow="morgen {clock}",
        weekday="{day} {clock}",
        far="{day}, {date}, {clock}",
        same_day="{clock}",
        always="rund um die Uhr erreichbar",
        open="jetzt erreichbar bis {until}",
        holiday="Feiertag, sicher ab {reopen}",
        holiday_bare="Feiertag",
        closed="geschlossen bis {reopen}",
        closed_bare="geschlossen",
    ),
    # Leichte Sprache: one statement per sentence, no abbreviations, the month as a word
    LEICHTE_SPRACHE: HoursWords(
        weekdays=WEEKDAYS,
        clock=_german_clock,
        date=_date_in_words,
        today="heute um {clock}",
        tomorrow="morgen um {clock}",
        weekday="am {day} um {clock}",
        far="am {day}, {date}, um {clock}",
        same_day="{clock}",
        always="Sie erreichen die Stelle Tag und Nacht.",
        open="Sie erreichen die Stelle jetzt bis {until}.",
        holiday=(
            "Heute ist Feiertag. Vielleicht ist die Stelle geschlossen. "
            "Sie erreichen die Stelle sicher wieder {reopen}."
        ),
        holiday_bare="Heute ist Feiertag. Vielleicht ist die Stelle geschlossen.",
        closed="Die Stelle ist jetzt geschlossen. Sie erreichen die Stelle wieder {reopen}.",
        closed_bare="Die Stelle ist jetzt geschlossen.",
    ),
    "en": HoursWords(
        weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        clock=_digital_clock,
        date=lambda moment: f"{moment.day} {_EN_MONTHS[moment.month - 1]}",
        today="today {clock}",
        tomorrow="tomorrow {clock}",
        weekday="{day} {clock}",
        far="{day}, {date}, {clock}",
        same_day="{clock}",
        always="available around the clock",
        open="available now until {until}",
        holiday="public holiday, certainly open from {reopen}",
        holiday_bare="public holiday",
        closed="closed until {reopen}",
        closed_bare="closed",
    ),
    "tr": HoursWords(
        weekdays=("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar"),
        clock=_digital_clock,
        date=_dotted_date,
        today="bugün {clock}",
        tomorrow="yarın {clock}",
        weekday="{day} {clock}",
        far="{day}, {date}, {clock}",
        same_day="{clock}",
        always="7/24 ulaşılabilir",
        open="şu an ulaşılabilir, kapanış: {until}",
        holiday="resmî tatil, kesin açılış: {reopen}",
        holiday_bare="resmî tatil",
        closed="kapalı, açılış: {reopen}",
        closed_bare="kapalı",
    ),
    "ar": HoursWords(
        weekdays=("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
        clock=_digital_clock,
        date=lambda moment: f"{moment.day}/{moment.month}",
        today="اليوم {clock}",
        tomorrow="غدًا {clock}",
        weekday="{day} {clock}",
        far="{day} {date}، {clock}",
        same_day="{clock}",
        always="متاح على مدار الساعة",
        open="متاح الآن حتى {until}",
        holiday="عطلة رسمية، متاح بالتأكيد من {reopen}",
        holiday_bare="عطلة رسمية",
        closed="مغلق حتى {reopen}",
        closed_bare="مغلق",
    ),
    "ru": HoursWords(
        weekdays=(
            *("в понедельник", "во вторник", "в среду", "в четверг"),
            *("в пятницу", "в субботу", "в воскресенье"),
        ),
        clock=_digital_clock,
        date=_dotted_date,
        today="сегодня в {clock}",
        tomorrow="завтра в {clock}",
        weekday="{day} в {clock}",
        far="{day}, {date}, в {clock}",
        same_day="в {clock}",
        always="доступно круглосуточно",
        open="сейчас доступно, закроется {until}",
        holiday="праздничный день, точно откроется {reopen}",
        holiday_bare="праздничный день",
        closed="закрыто, откроется {reopen}",
        closed_bare="закрыто",
    ),
    "uk": HoursWords(
        weekdays=(
            *("у понеділок", "у вівторок", "у середу", "у четвер"),
            *("у п'ятницю", "у суботу", "у неділю"),
        ),
        clock=_digital_clock,
        date=_dotted_date,
        today="сьогодні о {clock}",
        tomorrow="завтра о {clock}",
        weekday="{day} о {clock}",
        far="{day}, {date}, о {clock}",
        same_day="о {clock}",
        always="доступно цілодобово",
        open="зараз доступно, закриється {until}",
        holiday="святковий день, точно відкриється {reopen}",
        holiday_bare="святковий день",
        closed="зачинено, відкриється {reopen}",
        closed_bare="зачинено",
    ),
}


def hours_words(language: str | None = None) -> HoursWords:
    """The words of ``language``; German for None or a language without its own words."""
    return HOURS_WORDS.get(language or "de", HOURS_WORDS["de"])


def clock(moment: dt.datetime, language: str | None = None) -> str:
    """``10 Uhr``, ``9:30 Uhr`` (German, also Leichte Sprache); ``10:00``, ``9:30`` in the
    other languages."""
    return hours_words(language).clock(moment)


def when(moment: dt.datetime, now: dt.datetime, language: str | None = None) -> str:
    """``heute 14 Uhr``, ``morgen 10 Uhr``, ``Montag 9 Uhr``, ``Montag, 5.10., 9 Uhr``
    (Leichte Sprache: ``am Montag, 5. Oktober, um 9 Uhr``)."""
    words = hours_words(language)
    time = words.clock(moment)
    days = (moment.date() - now.date()).days
    if days == 0:
        return words.today.format(clock=time)
    if days == 1:
        return words.tomorrow.format(clock=time)
    name = words.weekdays[moment.weekday()]
    if days < 7:
        return words.weekday.format(day=name, clock=time)
    return words.far.format(day=name, date=words.date(moment), clock=time)


def describe_availability(
    state: Availability, now: dt.datetime, language: str | None = None
) -> str:
    """``jetzt erreichbar bis 22 Uhr``, ``geschlossen bis Montag 9 Uhr``,
    ``rund um die Uhr``; empty when nothing is known. In ``language`` (default German;
    ``LEICHTE_SPRACHE``: "Sie erreichen die Stelle jetzt bis 22 Uhr.")."""
    words = hours_words(language)
    now = local_now(now)
    if state.state == "always":
        return words.always
    if state.state == "open" and state.closes_at is not None:
        closes = state.closes_at
        if closes.date() == now.date():
            until = words.same_day.format(clock=words.clock(closes))
        else:
            until = when(closes, now, language)
        return words.open.format(until=until)
    reopen = when(state.next_open, now, language) if state.next_open else ""
    if state.state == "holiday":  # the hours say nothing about holidays: do not guess
        return words.holiday.format(reopen=reopen) if reopen else words.holiday_bare
    if state.state == "closed":
        return words.closed.format(reopen=reopen) if reopen else words.closed_bare
    return ""
