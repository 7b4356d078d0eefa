"""Opening hours as data: parsing the ``hours`` texts and who answers at a frozen moment.

Every moment is passed in (``now``); nothing sleeps or reads the clock. Holidays are those
of NRW: 3 October (Tag der Deutschen Einheit) and Fronleichnam (4 June 2026), which NRW keeps.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.hours import (
    BERLIN,
    HoursFormatError,
    Slot,
    WeeklyHours,
    availability,
    describe_availability,
    holiday_name,
    hours_json,
    parse_hours,
)
from bot.load.records import ReferralRecord

CHAT = "Mo–Fr 10–22 Uhr, Sa/So 14–20 Uhr; mit Registrierung jederzeit Nachricht hinterlassen"
BAMF = "werktags (Mo–Fr) 9–15 Uhr"
DORTMUND = (
    "Telefon Mo–Fr 9–18 Uhr; offene Sprechstunde ohne Anmeldung Di und Do 15–17 Uhr "
    "(Stand ca. 2015/16)"
)
AACHEN = "Telefon Di 11–13 Uhr, Mi 14–16 Uhr, sonst Anrufbeantworter (Stand April 2017)"


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# 2026-12-07 is a Monday.
MONDAY = at(2026, 12, 7)


def test_every_shipped_hours_text_is_readable(shipped_records: list[ReferralRecord]) -> None:
    texts = [record.hours for record in shipped_records if record.hours]
    assert len(texts) >= 9
    for text in texts:
        assert parse_hours(text) is not None, text


def test_the_wegweiser_chat() -> None:
    hours = parse_hours(CHAT)
    assert hours == WeeklyHours(
        slots=(Slot((0, 1, 2, 3, 4), 600, 1320), Slot((5, 6), 840, 1200)),
        message_anytime=True,
        notes=("mit Registrierung jederzeit Nachricht hinterlassen",),
    )


def test_labels_walk_in_hours_and_the_answering_machine() -> None:
    dortmund = parse_hours(DORTMUND)
    assert dortmund is not None
    assert [(s.days, s.start, s.end, s.label) for s in dortmund.slots] == [
        ((0, 1, 2, 3, 4), 540, 1080, "Telefon"),
        ((1, 3), 900, 1020, "offene Sprechstunde ohne Anmeldung"),
    ]
    assert dortmund.contact_slots == dortmund.slots[:1]  # drop-in hours are no phone line
    aachen = parse_hours(AACHEN)
    assert aachen is not None and aachen.voicemail
    assert [(s.days, s.start, s.end, s.label) for s in aachen.slots] == [
        ((1,), 660, 780, "Telefon"),
        ((2,), 840, 960, "Telefon"),
    ]


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (BAMF, [((0, 1, 2, 3, 4), 540, 900)]),
        ("Mo bis Fr von 9 bis 15 Uhr", [((0, 1, 2, 3, 4), 540, 900)]),
        ("täglich 8–20 Uhr", [((0, 1, 2, 3, 4, 5, 6), 480, 1200)]),
        ("Mo–Do 9–12 und 13–16 Uhr", [((0, 1, 2, 3), 540, 720), ((0, 1, 2, 3), 780, 960)]),
        ("Mo 9:30–12.30 Uhr", [((0,), 570, 750)]),
        ("Sa, So 10–14 Uhr", [((5, 6), 600, 840)]),
        ("Fr–Mo 18–24 Uhr", [((0, 4, 5, 6), 1080, 1440)]),
        ("Fr 20–2 Uhr", [((4,), 1200, 120)]),
        ("Montags 9–12 Uhr, 14–16 Uhr", [((0,), 540, 720), ((0,), 840, 960)]),
    ],
)
def test_time_rules(text: str, slots: list[tuple]) -> None:
    hours = parse_hours(text)
    assert hours is not None
    assert [(s.days, s.start, s.end) for s in hours.slots] == slots


def test_holidays_and_around_the_clock() -> None:
    sunday = parse_hours("Sa, So und feiertags 10–14 Uhr")
    assert sunday is not None and sunday.slots[0].holidays and sunday.slots[0].days == (5, 6)
    for text in (
        "rund um die Uhr",
        "rund um die Uhr, auch per Chat und E-Mail über die Website",
        "laut VPN-Seite 'rund um die Uhr' (Nummer selbst nicht auf der Seite im Auszug)",
    ):
        hours = parse_hours(text)
        assert hours is not None and hours.always and hours.slots == ()


@pytest.mark.parametrize("text", ["", "   ", None])
def test_no_hours(text: str | None) -> None:
    assert parse_hours(text) is None
    assert hours_json(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Montag früh",  # a weekday without times
        "9–15 Uhr",  # times without days
        "Mo–Fr 9 Uhr",  # no closing time
        "Mo–Fr 25–26 Uhr",  # no time of day
        "Mo–Fr 9.75–10 Uhr",
        "Mo–Fr 9–9 Uhr",
        "Sprechzeiten nach 17 Uhr",
        "Mo-Fr ab 10",
    ],
)
def test_unreadable_hours_are_refused(text: str) -> None:
    with pytest.raises(HoursFormatError):
        parse_hours(text)
    assert hours_json(text) is None


def test_json_round_trip(shipped_records: list[ReferralRecord]) -> None:
    for record in shipped_records:
        data = hours_json(record.hours)
        if data is not None:
            assert WeeklyHours.from_json(data) == parse_hours(record.hours)
            assert data["version"] == 1
    with pytest.raises(ValueError):
        WeeklyHours.from_json({"version": 99})


# ------------------------------------------------------------------------- frozen clock


def test_nrw_holidays_from_the_library() -> None:
    assert holiday_name(dt.date(2026, 10, 3)) == "Tag der Deutschen Einheit"
    assert holiday_name(dt.date(2026, 6, 4)) == "Fronleichnam"  # NRW keeps it, Berlin does not
    assert holiday_name(dt.date(2026, 11, 1)) == "Allerheiligen"
    assert holiday_name(dt.date(2026, 12, 7)) is None


@pytest.mark.parametrize(
    ("now", "state", "edge"),
    [
        (at(2026, 12, 7, 10, 0), "open", at(2026, 12, 7, 22)),  # Monday: opens at 10
        (at(2026, 12, 7, 9, 59), "closed", at(2026, 12, 7, 10)),
        (at(2026, 12, 7, 21, 59), "open", at(2026, 12, 7, 22)),
        (at(2026, 12, 7, 22, 0), "closed", at(2026, 12, 8, 10)),  # closing time: closed
        (at(2026, 12, 11, 23, 30), "closed", at(2026, 12, 12, 14)),  # Fri night → Sat 14
        (at(2026, 12, 12, 0, 0), "closed", at(2026, 12, 12, 14)),  # midnight
        (at(2026, 12, 12, 15, 0), "open", at(2026, 12, 12, 20)),  # Saturday afternoon
        (at(2026, 12, 13, 20, 0), "closed", at(2026, 12, 14, 10)),  # Sunday 20:00 → Monday
    ],
)
def test_chat_now_open_and_next_opening(now: dt.datetime, state: str, edge: dt.datetime) -> None:
    result = availability(parse_hours(CHAT), now)
    assert result.state == state
    assert (result.closes_at if state == "open" else result.next_open) == edge


def test_bamf_on_weekdays_weekends_and_holidays() -> None:
    hours = parse_hours(BAMF)
    assert availability(hours, at(2026, 12, 7, 9)).state == "open"
    friday_evening = availability(hours, at(2026, 12, 11, 15))
    assert friday_evening.state == "closed"
    assert friday_evening.next_open == at(2026, 12, 14, 9)  # over the weekend
    # Fronleichnam, Thursday 4 June 2026, 11:00: a weekday, but a holiday in NRW
    corpus_christi = availability(hours, at(2026, 6, 4, 11))
    assert corpus_christi.state == "holiday"
    assert corpus_christi.holiday == "Fronleichnam"
    assert corpus_christi.next_open == at(2026, 6, 5, 9)
    # at night before the holiday the next opening skips the holiday
    assert availability(hours, at(2026, 6, 3, 23)).next_open == at(2026, 6, 5, 9)
    # 3 October 2025 was a Friday: the next opening is Monday 6 October
    unity = availability(hours, at(2025, 10, 3, 10))
    assert unity.state == "holiday" and unity.next_open == at(2025, 10, 6, 9)
    # Good Friday to Easter Monday 2026: closed from Thursday 15:00 to Tuesday 9:00
    assert availability(hours, at(2026, 4, 2, 16)).next_open == at(2026, 4, 7, 9)


def test_a_holiday_outside_the_hours_is_just_closed() -> None:
    # 3 October 2026 is a Saturday: the BAMF line would be closed anyway
    result = availability(parse_hours(BAMF), at(2026, 10, 3, 10))
    assert result.state == "closed"
    assert result.holiday == "Tag der Deutschen Einheit"
    assert result.next_open == at(2026, 10, 5, 9)
    # the chat on that Saturday at 15:00: the hours say nothing about holidays
    chat = availability(parse_hours(CHAT), at(2026, 10, 3, 15))
    assert chat.state == "holiday" and chat.next_open == at(2026, 10, 4, 14)


def test_a_slot_for_holidays_applies_on_them() -> None:
    hours = parse_hours("Mo–Fr 9–15 Uhr, Sa, So und feiertags 10–14 Uhr")
    assert availability(hours, at(2026, 6, 4, 11)).state == "open"  # Fronleichnam
    assert availability(hours, at(2026, 6, 4, 14, 30)).next_open == at(2026, 6, 5, 9)


def test_a_slot_into_the_night_is_open_after_midnight() -> None:
    hours = parse_hours("Fr 20–2 Uhr")
    saturday = availability(hours, at(2026, 12, 12, 1, 30))
    assert saturday.state == "open" and saturday.closes_at == at(2026, 12, 12, 2)
    assert availability(hours, at(2026, 12, 12, 2)).next_open == at(2026, 12, 18, 20)


def test_around_the_clock_unknown_and_time_zones() -> None:
    assert availability(parse_hours("rund um die Uhr"), at(2026, 12, 25, 3)).state == "always"
    assert availability(None, MONDAY).state == "unknown"
    # 9:30 UTC on a winter Monday is 10:30 in Berlin: the chat is open
    utc = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.timezone.utc)
    assert availability(parse_hours(CHAT), utc).state == "open"
    with pytest.raises(ValueError):
        availability(parse_hours(CHAT), dt.datetime(2026, 12, 7, 12))  # naive
    # the night the clocks go forward (29 March 2026, 2:00 → 3:00)
    sunday = availability(parse_hours(CHAT), at(2026, 3, 29, 1, 30))
    assert sunday.next_open == at(2026, 3, 29, 14)


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (at(2026, 12, 7, 12), "jetzt erreichbar bis 22 Uhr"),
        (at(2026, 12, 7, 23), "geschlossen bis morgen 10 Uhr"),
        (at(2026, 12, 7, 8), "geschlossen bis heute 10 Uhr"),
        (at(2026, 12, 11, 23), "geschlossen bis morgen 14 Uhr"),
        (
            at(2026, 10, 3, 15),
            "Feiertag, sicher ab morgen 14 Uhr",
        ),
    ],
)
def test_describe_the_state(now: dt.datetime, words: str) -> None:
    assert describe_availability(availability(parse_hours(CHAT), now), now) == words


def test_describe_far_ahead_and_around_the_clock() -> None:
    bamf = parse_hours("Mo 9–15 Uhr")
    monday_late = at(2026, 12, 7, 16)
    words = describe_availability(availability(bamf, monday_late), monday_late)
    assert words == "geschlossen bis Montag, 14.12., 9 Uhr"
    state = availability(parse_hours("rund um die Uhr"), MONDAY)
    assert describe_availability(state, MONDAY) == "rund um die Uhr erreichbar"
    assert describe_availability(availability(None, MONDAY), MONDAY) == ""
