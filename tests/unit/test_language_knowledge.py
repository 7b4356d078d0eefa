"""Knowledge questions in English, Turkish, Arabic, Russian and Ukrainian reach the knowledge
answer that covers them (retrieval intent ``wissen``, bot/language/intents.py), a worry story
about the topic stays a worry, and every answer of the group "knowledge asked most" has its
five translations (bot/language/core_paths.py)."""

from __future__ import annotations

import re

import pytest

from bot.content.translations import load_variations, source_hash
from bot.language.core_paths import CORE_PATHS, TRANSLATED
from bot.language.intents import guess_intent

KNOWLEDGE = [
    ("what is salafism?", "en", "salafismus"),
    ("Is Salafism the same as Islam?", "en", "salafismus_islam"),
    ("What does jihadism mean?", "en", "gewaltbereiter_salafismus"),
    ("where does salafism come from?", "en", "herkunft"),
    ("why do young people join these groups?", "en", "warum_jugendliche"),
    ("what can I do as a parent?", "en", "was_tun_angehoerige"),
    ("How many salafists are there in NRW?", "en", "zahlen"),
    ("Selefilik nedir?", "tr", "salafismus"),
    ("İslamcılık ne demek?", "tr", "islamismus"),
    ("Selefilik ne zaman ortaya çıktı?", "tr", "herkunft"),
    ("Uyarı işaretleri nelerdir?", "tr", "warnzeichen"),
    ("NRW'de kaç selefi var?", "tr", "zahlen"),
    ("ما هي السلفية؟", "ar", "salafismus"),
    ("هل السلفية نفس الإسلام؟", "ar", "salafismus_islam"),
    ("لماذا ينضم الشباب إلى السلفيين؟", "ar", "warum_jugendliche"),
    ("ماذا يمكنني أن أفعل كأب؟", "ar", "was_tun_angehoerige"),
    ("что такое салафизм?", "ru", "salafismus"),
    ("Что такое исламизм?", "ru", "islamismus"),
    ("Откуда взялся салафизм?", "ru", "herkunft"),
    ("Где в NRW больше всего салафитов?", "ru", "schwerpunkte"),
    ("що таке салафізм?", "uk", "salafismus"),
    ("Чому молодь приєднується до салафітів?", "uk", "warum_jugendliche"),
    ("Які ознаки радикалізації?", "uk", "warnzeichen"),
    ("Що таке джихадизм?", "uk", "gewaltbereiter_salafismus"),
]

WORRIES = [
    ("My son became a salafist, I'm scared", "en"),
    ("What can I do? My daughter has become a salafist", "en"),
    ("Oğlum selefi oldu, çok korkuyorum", "tr"),
    ("ابني أصبح سلفيا وأنا خائف", "ar"),
    ("Мой сын стал салафитом, я боюсь", "ru"),
    ("Мій син став салафітом, я дуже хвилююся", "uk"),
]

ASKED_MOST = ("warnzeichen", "was_tun_angehoerige")


@pytest.mark.parametrize(("text", "language", "key"), KNOWLEDGE)
def test_knowledge_questions_get_their_knowledge_answer(text: str, language: str, key: str) -> None:
    guess = guess_intent(text, language)
    assert guess is not None, text
    assert (guess.intent, guess.response_key) == ("wissen", f"wissen/{key}"), text


@pytest.mark.parametrize(("text", "language"), WORRIES)
def test_a_worry_story_about_the_topic_stays_a_worry(text: str, language: str) -> None:
    guess = guess_intent(text, language)
    assert guess is not None and guess.intent == "express_worry", (text, guess)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Is the counselling free of charge?", "en", "vertrauen/kosten"),
        ("Where can I find counselling near Cologne?", "en", "ask_referral"),
        ("What is the history of the IMAG working group in this state?", "en", None),
        ("Danışmanlık ücretsiz mi acaba?", "tr", "vertrauen/kosten"),
        ("Куда мне обратиться за помощью?", "ru", "ask_referral"),
    ],
)
def test_other_questions_keep_their_path(text: str, language: str, expected: str | None) -> None:
    guess = guess_intent(text, language)
    got = None if guess is None else guess.response_key or guess.intent
    assert got == expected, text


def _chosen() -> tuple[str, ...]:
    return (*CORE_PATHS["knowledge asked most"], *(f"utter_wissen/{k}" for k in ASKED_MOST))


def test_ten_knowledge_answers_are_core_paths() -> None:
    chosen = _chosen()
    assert len(set(chosen)) == 10
    core = {name for names in CORE_PATHS.values() for name in names}
    assert set(chosen) <= core


@pytest.mark.parametrize("name", _chosen())
def test_every_chosen_answer_has_all_five_translations(name: str) -> None:
    variants = load_variations()[name]
    german = next(v for v in variants if v.is_original)
    for code in TRANSLATED:
        translated = [v for v in variants if v.key == code]
        assert len(translated) == 1, (name, code)
        variant = translated[0]
        assert variant.metadata.get("status") == "draft", (name, code)
        assert variant.metadata.get("source_hash") == source_hash(german.text), (name, code)
        for url in re.findall(r"https?://[^\s)]+", german.text):
            assert url in variant.text, (name, code, url)
