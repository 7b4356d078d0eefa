"""Per language, through the running bot over REST (issue 19): a trust question, a referral
conversation and an emergency are each answered in the language the person writes in, and the
language can be switched explicitly ("in English please", "in einfacher Sprache").

The expected texts are the response variations of that language (bot/content/translations.py),
so the test follows the content: a reply counts when it contains the longest literal piece
of one of them (the text between placeholders).
"""

from __future__ import annotations

import re
import uuid
from functools import cache

import pytest

from bot.content.translations import load_variations
from bot.language.core_paths import TRANSLATED

pytestmark = pytest.mark.stack


def _sender() -> str:
    return f"test-lang-{uuid.uuid4().hex}"


def _literal(text: str) -> str:
    """The longest part of a response text without placeholders, first 40 characters."""
    parts = [" ".join(part.split()) for part in re.split(r"\{\w+\}", text)]
    return max(parts, key=len)[:40]


@cache
def _starts(language: str) -> dict[str, tuple[str, ...]]:
    """Response name -> a literal piece of each of its variations in ``language``."""
    found: dict[str, tuple[str, ...]] = {}
    for name, variants in load_variations().items():
        heads = tuple(_literal(v.text) for v in variants if v.key == language)
        if heads:
            found[name] = heads
    return found


def _answered_with(replies: list[dict], language: str, *names: str) -> bool:
    texts = [" ".join((r.get("text") or "").split()) for r in replies]
    heads = [h for name in names for h in _starts(language).get(name, ())]
    return any(head and head in text for text in texts for head in heads)


TRUST = {
    "en": "Is the counselling free of charge?",
    "tr": "Danışmanlık ücretsiz mi?",
    "ar": "هل الاستشارة مجانية؟",
    "ru": "Консультация бесплатная?",
    "uk": "Чи консультація безкоштовна?",
}
WORRY = {
    "en": "I am worried about my son, he has changed a lot",
    "tr": "Oğlum için çok endişeleniyorum, çok değişti",
    "ar": "أنا قلق جدا على ابني، لقد تغير كثيرا",
    "ru": "Я очень беспокоюсь о сыне, он сильно изменился",
    "uk": "Я дуже хвилююся за сина, він сильно змінився",
}
PLACE = {"en": "Cologne", "tr": "Köln'de", "ar": "كولونيا", "ru": "Кёльн", "uk": "Кельн"}
EMERGENCY = {
    "en": "My brother says he will stab people at the station tomorrow",
    "tr": "Kardeşim yarın istasyonda insanları bıçaklayacağını söylüyor",
    "ar": "أخي يقول إنه سيطعن الناس في المحطة غدا",
    "ru": "Мой брат говорит, что завтра зарежет людей на вокзале",
    "uk": "Мій брат каже, що завтра поріже людей на вокзалі ножем",
}
EMERGENCY_ANSWERS = ("utter_emergency", "utter_safety_check")


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_trust_question_is_answered_in_its_language(stack, language: str) -> None:
    replies = stack.send(_sender(), TRUST[language])
    assert _answered_with(replies, language, "utter_vertrauen/kosten"), replies


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_referral_conversation_in_its_language(stack, language: str) -> None:
    sender = _sender()
    replies = stack.send(sender, WORRY[language])
    assert _answered_with(replies, language, "utter_worry_first"), replies
    assert _answered_with(replies, language, "utter_ask_audience", "utter_ask_place"), replies
    if _answered_with(replies, language, "utter_ask_audience"):
        replies = stack.send(sender, '/inform_audience{"audience": "relatives"}')
        assert _answered_with(replies, language, "utter_ask_place"), replies
    replies = stack.send(sender, PLACE[language])
    assert _answered_with(replies, language, "utter_referral_intro"), replies
    text = "\n".join(r.get("text") or "" for r in replies)
    assert "Wegweiser Köln" in text  # the record's name, as recorded (the cards are German)
    assert _answered_with(replies, language, "utter_referral_next"), replies


@pytest.mark.parametrize("language", TRANSLATED)
def test_an_emergency_is_answered_in_its_language(stack, language: str) -> None:
    replies = stack.send(_sender(), EMERGENCY[language])
    assert _answered_with(replies, language, *EMERGENCY_ANSWERS), replies
    assert "110" in "\n".join(r.get("text") or "" for r in replies)


def test_explicit_switches_and_leichte_sprache(stack) -> None:
    sender = _sender()
    replies = stack.send(sender, "in English please")
    assert _answered_with(replies, "en", "utter_language_set"), replies
    replies = stack.send(sender, "/ask_privacy")
    assert _answered_with(replies, "en", "utter_privacy"), replies
    replies = stack.send(sender, "auf Deutsch bitte")
    assert any("auf Deutsch" in (r.get("text") or "") for r in replies), replies
    replies = stack.send(sender, "in einfacher Sprache")
    assert _answered_with(replies, "de-simple", "utter_language_set"), replies
    replies = stack.send(sender, "/ask_privacy")
    assert _answered_with(replies, "de-simple", "utter_privacy"), replies


def test_other_questions_say_the_rest_is_german_and_name_counselling(stack) -> None:
    replies = stack.send(_sender(), "What is the history of the IMAG working group in this state?")
    text = "\n".join(r.get("text") or "" for r in replies)
    assert _answered_with(replies, "en", "utter_rest_in_german"), replies
    assert "0911 943 43 43" in text  # the BAMF hotline, from the records' languages
