"""The referral cards in the conversation's language (slot ``language``): the fixed words
(heading, contact labels, the state of the hours, the night notice, the details button)
follow it; the record data (names, numbers, web addresses) and the button payload stay.
German stays as it was (tests/unit/test_referral_cards.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from bot.hours import BERLIN, availability, describe_availability, parse_hours
from bot.referrals import lookup, lookup_emergency_contacts
from bot.referrals.card_words import CARD_WORDS
from bot.referrals.cards import DETAILS_BUTTON, build_cards, cards_text
from bot.referrals.messages import referral_messages
from bot.referrals.rules import Offer

LANGUAGES = ("en", "tr", "ar", "ru", "uk")
MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=BERLIN)
MONDAY_NIGHT = dt.datetime(2026, 12, 7, 23, 30, tzinfo=BERLIN)
CORPUS_CHRISTI = dt.datetime(2026, 6, 4, 11, 0, tzinfo=BERLIN)
# The German fixed words of a card turn (none of them is part of a record's name or number;
# "Web:" is English and Turkish too).
GERMAN_WORDS = re.compile(
    r"Außerdem|erreichbar|geschlossen|Feiertag|\bTel\.|Kontakt|Mehr zu dieser Stelle|\bUhr\b|"
    r"\bheute\b|\bmorgen\b|Montag|Dienstag|Nachricht im|jederzeit|Für Sie selbst|"
    r"rund um die Uhr|Registrierung|E-Mail "
)
PHONE = re.compile(r"\+?\d[\d /()-]{5,}\d")


def turn(url: str, now: dt.datetime, language: str | None, kreis: str = "05113") -> dict[str, Any]:
    messages = referral_messages(
        place="Essen",
        kreis_key=kreis,
        audience="relatives",
        lookup_fn=lambda key, who: lookup(key, who, url=url),
        now=now,
        crisis_fn=lambda: lookup_emergency_contacts(url=url),
        language=language,
    )
    return messages[-1]


def phones(text: str) -> list[str]:
    return [" ".join(number.split()) for number in PHONE.findall(text)]


def visible(message: dict[str, Any]) -> str:
    return "\n".join([str(message["text"])] + [b["title"] for b in message.get("buttons", [])])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("now", [MONDAY_NOON, MONDAY_NIGHT, CORPUS_CHRISTI])
def test_cards_in_each_language_have_no_german_fixed_words(
    seeded_url: str, language: str, now: dt.datetime
) -> None:
    german = turn(seeded_url, now, None)
    other = turn(seeded_url, now, language)
    assert not GERMAN_WORDS.search(visible(other)), visible(other)
    assert phones(other["text"]) == phones(german["text"])
    assert phones(other["text"])  # the local office's number at least
    data, german_data = other["json_message"]["data"], german["json_message"]["data"]
    assert data["summary"] == other["text"]
    assert set(data) == set(german_data)
    for card, german_card in zip(data["cards"], german_data["cards"], strict=True):
        assert set(card) == set(german_card)
        for key in ("name", "phone", "email", "website", "hours", "details_payload", "source"):
            assert card[key] == german_card[key]
        status = {k: v for k, v in card["status"].items() if k != "text"}
        assert status == {k: v for k, v in german_card["status"].items() if k != "text"}
        assert not GERMAN_WORDS.search(card["status"]["text"] or "")
    if german_data["night"] is not None:
        assert data["night"]["crisis_phone"] == german_data["night"]["crisis_phone"]
        assert not any(GERMAN_WORDS.search(line) for line in data["night"]["lines"])
    # the button asks for the same details, in the conversation's words
    assert other["buttons"][0]["payload"] == german["buttons"][0]["payload"]
    assert other["buttons"][0]["title"] == CARD_WORDS[language].details_button
    assert german["buttons"][0]["title"] == DETAILS_BUTTON


def test_german_is_the_default_and_unknown_languages_get_it(seeded_url: str) -> None:
    german = turn(seeded_url, MONDAY_NIGHT, None)
    assert turn(seeded_url, MONDAY_NIGHT, "de") == german
    assert turn(seeded_url, MONDAY_NIGHT, "fr") == german
    assert "Außerdem:" in german["text"] and "geschlossen bis morgen 9 Uhr" in german["text"]
    assert german["json_message"]["data"]["central_heading"] == "Außerdem:"


def test_english_cards_read_in_english(seeded_url: str) -> None:
    message = turn(seeded_url, MONDAY_NIGHT, "en")
    text = message["text"]
    assert "Phone 0201 52 32 58 90" in text
    assert "Also:" in text
    assert "closed until tomorrow 9:00" in text
    assert "For yourself: TelefonSeelsorge 0800 111 0 111, around the clock." in text
    assert message["json_message"]["data"]["central_heading"] == "Also:"


def _office(**fields: Any) -> Offer:
    base: dict[str, Any] = {
        "name": "Beratung Test",
        "kind": "wegweiser_site",
        "operator": None,
        "city": None,
        "address": "Hauptstraße 1, 45127 Essen",
        "phone": None,
        "email": None,
        "website": None,
        "hours": "Mo–Do 9–16 Uhr",
        "source_url": "https://example.org",
        "source_date": "2026-01",
        "opening_hours": parse_hours("Mo–Do 9–16 Uhr"),
    }
    base.update(fields)
    return Offer(**base)


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_lines_without_a_phone_follow_the_language(language: str) -> None:
    friday = dt.datetime(2026, 12, 11, 14, tzinfo=BERLIN)
    for office in (
        _office(email="info@example.org"),
        _office(website="https://www.example.org/a/very/long/path/to/the/counselling/page"),
        _office(),
    ):
        german = cards_text(build_cards([office], [], now=friday))
        text = cards_text(build_cards([office], [], now=friday, language=language))
        assert not GERMAN_WORDS.search(text), text
        assert text.splitlines()[0] == german.splitlines()[0] == "Beratung Test"
        for data in ("info@example.org", "www.example.org"):
            assert (data in text) == (data in german)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hours_in_words_follow_the_language(language: str) -> None:
    chat = parse_hours("Mo–Fr 10–22 Uhr, Sa–So 14–20 Uhr")
    for now in (MONDAY_NOON, MONDAY_NIGHT, CORPUS_CHRISTI):
        words = describe_availability(availability(chat, now), now, language)
        assert words and not GERMAN_WORDS.search(words), words
        assert describe_availability(availability(chat, now), now, "de") == (
            describe_availability(availability(chat, now), now)
        )
    assert (
        describe_availability(availability(chat, MONDAY_NOON), MONDAY_NOON, language).count("22:00")
        == 1
    )
