"""Referral cards with a frozen clock, on SQLite and PostgreSQL: who answers now, when the
next offer opens, the night notice, the card payload and the length of the whole turn.

The moment is passed as ``now``; the database is the shipped referral data (``seeded_url``
runs every test on SQLite and, marked ``postgres``, on PostgreSQL, which fails rather than
skips under CI=true).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.geo import all_kreise
from bot.hours import BERLIN, parse_hours
from bot.referrals import lookup, lookup_emergency_contacts
from bot.referrals.cards import (
    CARDS_TYPE,
    DETAILS_BUTTON,
    build_cards,
    cards_text,
    pick_central,
)
from bot.referrals.messages import details_messages, referral_messages
from bot.referrals.queries import lookup_offer
from bot.referrals.rules import Offer, ReferralResult

REPO = Path(__file__).resolve().parents[2]
MAX_VISIBLE = 600
CHAT = "Wegweiser NRW – Online-Chat"
BAMF = "Beratungsstelle Radikalisierung (BAMF) – bundesweite Hotline"

MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=BERLIN)
MONDAY_NIGHT = dt.datetime(2026, 12, 7, 23, 30, tzinfo=BERLIN)
SATURDAY_AFTERNOON = dt.datetime(2026, 12, 12, 15, 0, tzinfo=BERLIN)
MIDNIGHT = dt.datetime(2026, 12, 9, 0, 0, tzinfo=BERLIN)  # Tuesday → Wednesday
UNITY_DAY = dt.datetime(2026, 10, 3, 15, 0, tzinfo=BERLIN)  # a Saturday
CORPUS_CHRISTI = dt.datetime(2026, 6, 4, 11, 0, tzinfo=BERLIN)  # Thursday, NRW holiday


def turn(url: str, kreis: str | None, audience: str, now: dt.datetime) -> list[dict[str, Any]]:
    return referral_messages(
        place=None if kreis is None else kreis_label(kreis),
        kreis_key=kreis,
        audience=audience,
        lookup_fn=lambda key, who: lookup(key, who, url=url),
        now=now,
        crisis_fn=lambda: lookup_emergency_contacts(url=url),
    )


@cache
def kreis_label(key: str) -> str:
    return next(k.name for k in all_kreise() if k.kreis_key == key)


def essen(url: str, now: dt.datetime, audience: str = "relatives") -> dict[str, Any]:
    messages = turn(url, "05113", audience, now)
    assert messages[0]["response"] == "utter_referral_intro"
    return messages[1]


def cards_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    data = message["json_message"]["data"]
    assert data["type"] == CARDS_TYPE and data["version"] == 1
    return data["cards"]


def by_name(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {card["name"]: card for card in cards_of(message)}


# ------------------------------------------------------------------ who answers now


def test_monday_noon_the_chat_and_the_bamf_line_answer(seeded_url: str) -> None:
    message = essen(seeded_url, MONDAY_NOON)
    cards = by_name(message)
    assert list(cards) == ["Wegweiser Essen", CHAT, BAMF]
    assert cards["Wegweiser Essen"]["role"] == "local"
    assert cards["Wegweiser Essen"]["status"]["state"] == "unknown"  # no hours in the record
    assert cards[CHAT]["status"]["state"] == "open"
    assert cards[CHAT]["status"]["text"] == "jetzt erreichbar bis 22 Uhr"
    assert cards[CHAT]["status"]["closes_at"] == "2026-12-07T22:00:00+01:00"
    assert cards[BAMF]["status"]["text"] == "jetzt erreichbar bis 15 Uhr"
    assert message["json_message"]["data"]["night"] is None
    assert "Tel. 0201 52 32 58 90" in message["text"]


def test_monday_night_says_when_they_open_and_what_is_there_now(seeded_url: str) -> None:
    message = essen(seeded_url, MONDAY_NIGHT)
    cards = by_name(message)
    assert cards[CHAT]["status"]["text"] == "geschlossen bis morgen 10 Uhr"
    assert cards[CHAT]["status"]["next_open"] == "2026-12-08T10:00:00+01:00"
    assert cards[BAMF]["status"]["text"] == "geschlossen bis morgen 9 Uhr"
    night = message["json_message"]["data"]["night"]
    assert night["lines"] == [
        "Nachricht im Online-Chat jederzeit möglich (mit Registrierung).",
        "Für Sie selbst: TelefonSeelsorge 0800 111 0 111, rund um die Uhr.",
    ]
    assert night["crisis_phone"] == {"display": "0800 111 0 111", "tel": "08001110111"}
    assert "TelefonSeelsorge 0800 111 0 111" in message["text"]


def test_at_midnight_the_next_opening_is_the_same_morning(seeded_url: str) -> None:
    cards = by_name(essen(seeded_url, MIDNIGHT))
    assert cards[BAMF]["status"]["text"] == "geschlossen bis heute 9 Uhr"
    assert cards[CHAT]["status"]["next_open"] == "2026-12-09T10:00:00+01:00"


def test_weekend_the_chat_answers_the_hotline_opens_monday(seeded_url: str) -> None:
    cards = by_name(essen(seeded_url, SATURDAY_AFTERNOON))
    assert cards[CHAT]["status"]["text"] == "jetzt erreichbar bis 20 Uhr"
    assert cards[BAMF]["status"]["text"] == "geschlossen bis Montag 9 Uhr"


def test_holidays_are_not_guessed(seeded_url: str) -> None:
    cards = by_name(essen(seeded_url, UNITY_DAY))
    assert cards[CHAT]["status"]["state"] == "holiday"
    assert cards[CHAT]["status"]["holiday"] == "Tag der Deutschen Einheit"
    assert cards[BAMF]["status"]["state"] == "closed"  # a Saturday anyway
    assert cards[BAMF]["status"]["next_open"] == "2026-10-05T09:00:00+02:00"
    message = essen(seeded_url, CORPUS_CHRISTI)
    cards = by_name(message)
    assert cards[BAMF]["status"]["state"] == "holiday"
    assert cards[BAMF]["status"]["holiday"] == "Fronleichnam"
    assert cards[BAMF]["status"]["text"] == "Feiertag, sicher ab morgen 9 Uhr"
    night = message["json_message"]["data"]["night"]
    assert night["lines"][0].startswith("Nachricht im Online-Chat")


def test_teachers_get_no_telefonseelsorge_line(seeded_url: str) -> None:
    message = essen(seeded_url, MONDAY_NIGHT, audience="teachers")
    night = message["json_message"]["data"]["night"]
    assert night["crisis_phone"] is None
    assert not any("TelefonSeelsorge" in line for line in night["lines"])
    names = [card["name"] for card in cards_of(message)]
    assert len(names) == 3 and CHAT in names  # a school offer and the chat, not two projects


def test_exit_and_gap_and_outside_show_central_cards_only(seeded_url: str) -> None:
    exit_cards = cards_of(turn(seeded_url, None, "exit", MONDAY_NOON)[1])
    assert [c["role"] for c in exit_cards] == ["central", "central"]
    assert exit_cards[1]["status"]["text"] == "jetzt erreichbar bis 16 Uhr"  # Grüner Vogel
    gap = turn(seeded_url, "05316", "relatives", MONDAY_NOON)  # Leverkusen
    assert gap[0]["response"] == "utter_referral_gap"
    assert [c["name"] for c in cards_of(gap[1])] == [CHAT, BAMF]
    assert gap[1]["json_message"]["data"]["central_heading"] is None


def test_unverified_numbers_stay_hidden_and_give_no_status(seeded_url: str) -> None:
    # Dortmund's record has phone hours from 2015/16, but the number may not be shown
    message = turn(seeded_url, "05913", "relatives", MONDAY_NOON)[1]
    local = cards_of(message)[0]
    assert local["name"] == "Wegweiser Dortmund / Hamm / Kreis Unna"
    assert local["phone"] is None and "53214614" not in json.dumps(message)
    assert local["status"]["state"] == "unknown"
    assert local["hours"].startswith("Telefon Mo–Fr 9–18 Uhr")  # the text stays for details


def test_a_local_office_with_hours_and_a_verified_phone() -> None:
    office = Offer(
        name="Beratung Test",
        kind="wegweiser_site",
        operator=None,
        city=None,
        address=None,
        phone="0201 12 34 56",
        email=None,
        website=None,
        hours="Mo–Do 9–16 Uhr, Fr 9–13 Uhr",
        source_url="https://example.org",
        source_date="2026-01",
        opening_hours=parse_hours("Mo–Do 9–16 Uhr, Fr 9–13 Uhr"),
    )
    friday = dt.datetime(2026, 12, 11, 14, tzinfo=BERLIN)
    cards = build_cards([office], [], now=friday)
    assert cards.cards[0].status == "geschlossen bis Montag 9 Uhr"
    assert cards.night is None  # no message function, no crisis line given
    assert cards_text(cards) == "Beratung Test\nTel. 0201 12 34 56 – geschlossen bis Montag 9 Uhr"
    thursday = dt.datetime(2026, 12, 10, 15, tzinfo=BERLIN)
    assert build_cards([office], [], now=thursday).cards[0].status == "jetzt erreichbar bis 16 Uhr"


def test_pick_central_takes_one_of_each_kind_first() -> None:
    def offer(name: str, kind: str) -> Offer:
        return Offer(name, kind, None, None, None, None, None, None, None, "https://x.org", "")

    offers = [offer("A", "school_offer"), offer("B", "school_offer"), offer("C", "online_chat")]
    assert [o.name for o in pick_central(offers)] == ["A", "C"]
    assert [o.name for o in pick_central(offers[:2])] == ["A", "B"]


# ------------------------------------------------------------------ payload and details


def test_card_payload_carries_contact_source_and_details(seeded_url: str) -> None:
    message = essen(seeded_url, MONDAY_NOON)
    card = cards_of(message)[0]
    assert card["phone"] == {"display": "0201 52 32 58 90", "tel": "020152325890"}
    assert card["email"] == "wegweiser@essen.de"
    assert card["source"]["url"].startswith("https://")
    assert card["source"]["date"] == "undatiert"
    assert card["source"]["date_full"].startswith("undatiert (Pressemeldung")
    assert set(card["details"]) == {"operator", "address", "languages", "inferred_coverage"}
    assert card["details_payload"] == '/referral_details{"offer": "Wegweiser Essen"}'
    bamf = by_name(message)[BAMF]
    assert bamf["details"]["languages"][:2] == ["Deutsch", "Englisch"]
    assert message["buttons"] == [{"title": DETAILS_BUTTON, "payload": card["details_payload"]}]
    # the raw source URL is in the payload (a link label in the widget), not in the short text
    assert card["source"]["url"] not in message["text"]
    assert message["json_message"]["data"]["summary"] == message["text"]


def test_details_name_operator_languages_and_source(seeded_url: str) -> None:
    [details] = details_messages(BAMF, lambda name: lookup_offer(name, url=seeded_url))
    text = details["text"]
    assert text.startswith(BAMF)
    assert "Träger: Bundesamt für Migration und Flüchtlinge (BAMF)" in text
    assert "Sprachen: Deutsch, Englisch, Türkisch, Russisch" in text
    assert "Quelle: https://www.br.de/" in text and "(Stand: 12/2021)" in text
    unknown = details_messages("Gibt es nicht", lambda name: lookup_offer(name, url=seeded_url))
    assert unknown == [{"response": "utter_referral_details_unknown"}]
    # never the Verfassungsschutz line or an emergency number as a counselling offer
    for name in ("Verfassungsschutz NRW – allgemeiner Kontakt (keine Beratungsstelle)",):
        assert lookup_offer(name, url=seeded_url) is None


def test_details_from_the_static_file_when_the_database_is_down() -> None:
    offer = lookup_offer(BAMF, url="postgresql+psycopg2://postgres@127.0.0.1:1/none")
    assert offer is not None and offer.phone == "0911 943 43 43"
    assert "Deutsch" in offer.languages


def test_database_down_still_gives_cards() -> None:
    down = "postgresql+psycopg2://postgres@127.0.0.1:1/none"
    messages = turn(down, "05113", "relatives", MONDAY_NIGHT)
    assert messages[0]["response"] == "utter_referral_degraded"
    cards = cards_of(messages[1])
    assert [c["name"] for c in cards] == [CHAT, BAMF]
    assert cards[0]["status"]["state"] == "closed"
    assert "TelefonSeelsorge" in messages[1]["text"]


# ------------------------------------------------------------------ the length of a turn


@cache
def domain_texts() -> dict[str, str]:
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    return {name: variants[0]["text"] for name, variants in domain["responses"].items()}


@cache
def next_buttons() -> list[str]:
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    return [b["title"] for b in domain["responses"]["utter_referral_next"][0]["buttons"]]


def visible_text(messages: list[dict[str, Any]]) -> str:
    """What a person reads in the whole referral turn: every text and every button title,
    including the closing question of ``action_find_referral`` (utter_referral_next)."""
    parts = []
    for message in [*messages, {"response": "utter_referral_next"}]:
        if "response" in message:
            template = domain_texts()[message["response"]]
            slots = {k: str(v) for k, v in message.items() if k != "response"}
            parts.append(re.sub(r"\{(\w+)\}", lambda m, s=slots: s.get(m[1], ""), template))
        else:
            parts.append(str(message["text"]))
        parts += [button["title"] for button in message.get("buttons", [])]
    parts += next_buttons()
    return "\n".join(parts)


MOMENTS: dict[str, dt.datetime] = {
    "weekday": MONDAY_NOON,
    "night": MONDAY_NIGHT,
    "weekend": SATURDAY_AFTERNOON,
    "holiday": CORPUS_CHRISTI,
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_every_kreis_fits_in_600_visible_characters(seeded_url: str, moment: str) -> None:
    now = MOMENTS[moment]
    lengths = {}
    for kreis in all_kreise():
        for audience in ("relatives", "teachers", "professionals", "affected"):
            messages = turn(seeded_url, kreis.kreis_key, audience, now)
            text = visible_text(messages)
            lengths[(kreis.name, audience)] = len(text)
            assert len(text) <= MAX_VISIBLE, (kreis.name, audience, len(text), text)
            cards = cards_of(messages[-1])
            assert 1 <= len(cards) <= 3
            assert sum(card["role"] == "local" for card in cards) <= 1
            assert sum(card["role"] == "central" for card in cards) <= 2
    assert len(lengths) == 53 * 4


def test_fallback_result_cards_fit_too() -> None:
    result: Callable[[str | None, str], ReferralResult] = lambda key, who: lookup(  # noqa: E731
        key, who, url="postgresql+psycopg2://postgres@127.0.0.1:1/none"
    )
    for audience in ("relatives", "teachers", "professionals", "affected", "exit"):
        messages = referral_messages(
            place="Essen", kreis_key="05113", audience=audience, lookup_fn=result,
            now=MONDAY_NIGHT, crisis_fn=list,
        )  # fmt: skip
        assert len(visible_text(messages)) <= MAX_VISIBLE
