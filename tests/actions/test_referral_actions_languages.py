"""The referral form and answer in another language: free-text answers to "who is this
about?" (slot ``language``) and the cards' fixed words in that language; German in Leichte
Sprache (slot ``simple_language``) for the cards and the offer details."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.referrals import ActionFindReferral, ActionReferralDetails, ValidateReferralForm
from bot.referrals.card_words import CARD_WORDS, LEICHTE_SPRACHE
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


def _cards_message(slots: dict) -> dict:
    dispatcher = CollectingDispatcher()
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    [cards] = [m for m in dispatcher.messages if m.get("custom")]
    return cards


def test_simple_language_reaches_the_cards(seeded_db: str) -> None:
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"}
    german = _cards_message({**slots, "language": "de", "simple_language": False})
    simple = _cards_message({**slots, "language": "de", "simple_language": True})
    words = CARD_WORDS[LEICHTE_SPRACHE]
    assert simple["buttons"][0]["title"] == words.details_button == "Mehr über diese Stelle"
    assert simple["buttons"][0]["payload"] == german["buttons"][0]["payload"]
    assert "Telefon: 0201 52 32 58 90" in simple["text"]
    assert "Tel. 0201 52 32 58 90" in german["text"]
    assert "Tel." not in simple["text"] and "Außerdem" not in simple["text"]
    assert simple["custom"]["data"]["summary"] == simple["text"]
    # no language slot yet: German, so Leichte Sprache too
    assert _cards_message({**slots, "simple_language": True})["text"] == simple["text"]


@pytest.mark.parametrize("language", ["en", "tr", "ar", "ru", "uk"])
def test_simple_language_leaves_other_languages_cards_alone(seeded_db: str, language: str) -> None:
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"}
    plain = _cards_message({**slots, "language": language})
    simple = _cards_message({**slots, "language": language, "simple_language": True})
    assert simple["text"] == plain["text"]
    assert simple["buttons"] == plain["buttons"]


def test_simple_language_reaches_the_offer_details(seeded_db: str) -> None:
    def details(slots: dict) -> str:
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(
            '/referral_details{"offer": "Wegweiser Essen"}',
            intent="referral_details",
            slots=slots,
            parse_extra={"entities": [{"entity": "offer", "value": "Wegweiser Essen"}]},
        )
        run(ActionReferralDetails().run(dispatcher, tracker, {}))
        return "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))

    simple = details({"language": "de", "simple_language": True})
    assert simple.startswith("Wegweiser Essen\nDie Stelle gehört zu: Stadt Essen")
    assert "Diese Angaben sind von: https://" in simple
    assert details({"language": "de"}).startswith("Wegweiser Essen\nTräger: Stadt Essen")
    assert details({"language": "en", "simple_language": True}).startswith(
        "Wegweiser Essen\nOperator: Stadt Essen"
    )
