"""The referral form and answer in another language: free-text answers to "who is this
about?" (slot ``language``) and the cards' fixed words in that language."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.referrals import ActionFindReferral, ValidateReferralForm
from bot.referrals.card_words import CARD_WORDS
from tests.actions.conftest import make_tracker


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


@pytest.mark.parametrize(
    ("text", "intent", "language", "expected"),
    [
        ("I am his mother", "inform_audience", "en", "relatives"),
        ("teacher", "out_of_scope", "en", "teachers"),  # too short to be sure it is English
        ("my son", "express_worry", "en", "relatives"),
        ("öğretmenim", "inform_audience", "tr", "teachers"),
        ("أنا أمه", "inform_audience", "ar", "relatives"),
        ("я его мама", "inform_audience", "ru", "relatives"),
        ("Йдеться про мене", "inform_audience", "uk", "affected"),
        ("Я хочу вийти з цього середовища", "inform_audience", "uk", "exit"),
    ],
)
def test_free_text_answers_in_the_conversation_language(
    text: str, intent: str, language: str, expected: str
) -> None:
    tracker = make_tracker(
        text, intent=intent, slots={"requested_slot": "audience", "language": language}
    )
    extracted = run(ValidateReferralForm().extract_audience(CollectingDispatcher(), tracker, {}))
    assert extracted == {"audience": expected}


def test_the_language_layers_entity_counts_when_no_rule_reads_the_text() -> None:
    tracker = make_tracker(
        "/inform_audience",
        intent="inform_audience",
        slots={"requested_slot": "audience", "language": "en"},
        parse_extra={"entities": [{"entity": "audience", "value": "professionals"}]},
    )
    extracted = run(ValidateReferralForm().extract_audience(CollectingDispatcher(), tracker, {}))
    assert extracted == {"audience": "professionals"}


def test_german_answers_are_read_as_before() -> None:
    tracker = make_tracker(
        "ich bin die Mutter", intent="inform_audience", slots={"requested_slot": "audience"}
    )
    extracted = run(ValidateReferralForm().extract_audience(CollectingDispatcher(), tracker, {}))
    assert extracted == {"audience": "relatives"}


@pytest.mark.parametrize("language", ["en", "tr", "ar", "ru", "uk"])
def test_find_referral_speaks_the_conversation_language(seeded_db: str, language: str) -> None:
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"}
    german = CollectingDispatcher()
    run(ActionFindReferral().run(german, make_tracker(slots=slots), {}))
    other = CollectingDispatcher()
    tracker = make_tracker(slots={**slots, "language": language})
    run(ActionFindReferral().run(other, tracker, {}))
    [german_cards] = [m for m in german.messages if m.get("custom")]
    [cards] = [m for m in other.messages if m.get("custom")]
    assert cards["buttons"][0]["title"] == CARD_WORDS[language].details_button
    assert cards["buttons"][0]["payload"] == german_cards["buttons"][0]["payload"]
    assert "Außerdem" not in cards["text"] and "Tel." not in cards["text"].replace("Тел.", "")
    assert "0201 52 32 58 90" in cards["text"]
    assert cards["custom"]["data"]["summary"] == cards["text"]
