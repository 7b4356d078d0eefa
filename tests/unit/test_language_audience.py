"""Answers to the referral form's "who is this about?" in English, Turkish, Arabic, Russian
and Ukrainian: short self-descriptions become ``inform_audience`` with the entity
``audience`` (bot/language/intents.py, components/safety_override.py); worry messages and
stories stay what they were."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.intents import audience_answer, guess_intent
from bot.vocab import AUDIENCES
from components.input_guard import InputGuard
from components.language_detection import LanguageDetection
from components.safety_override import SafetyOverride

# (language, answer, audience): at least two per language and audience kind
ANSWERS = [
    ("en", "I am his mother", "relatives"),
    ("en", "I'm her dad", "relatives"),
    ("en", "we are his parents", "relatives"),
    ("en", "a friend of his", "relatives"),
    ("en", "I am a relative or friend", "relatives"),
    ("en", "teacher", "teachers"),
    ("en", "I'm his teacher at school", "teachers"),
    ("en", "I am a social worker", "professionals"),
    ("en", "I work at a youth centre", "professionals"),
    ("en", "It is about me", "affected"),
    ("en", "myself", "affected"),
    ("en", "I want to leave the scene", "exit"),
    ("tr", "ben annesiyim", "relatives"),
    ("tr", "Ben onun babasıyım", "relatives"),
    ("tr", "babasiyim", "relatives"),
    ("tr", "kiz kardesiyim", "relatives"),
    ("tr", "Yakını ya da arkadaşıyım", "relatives"),
    ("tr", "öğretmenim", "teachers"),
    ("tr", "ogretmeniyim", "teachers"),
    ("tr", "Öğretmenim / okul", "teachers"),
    ("tr", "sosyal hizmet uzmanıyım", "professionals"),
    ("tr", "Kendimle ilgili", "affected"),
    ("tr", "Bu ortamdan çıkmak istiyorum", "exit"),
    ("ar", "أنا أمه", "relatives"),
    ("ar", "انا ابوه", "relatives"),
    ("ar", "أنا مرته", "relatives"),
    ("ar", "أنا من الأقارب أو الأصدقاء", "relatives"),
    ("ar", "أنا معلمة", "teachers"),
    ("ar", "أنا معلم/ة أو من المدرسة", "teachers"),
    ("ar", "أنا أخصائي اجتماعي", "professionals"),
    ("ar", "الأمر يتعلق بي", "affected"),
    ("ar", "بدي اطلع من الجماعة", "exit"),
    ("ru", "я его мама", "relatives"),
    ("ru", "Я её отец", "relatives"),
    ("ru", "я его сестра", "relatives"),
    ("ru", "я учитель", "teachers"),
    ("ru", "Я учитель / школа", "teachers"),
    ("ru", "я социальный работник", "professionals"),
    ("ru", "Речь обо мне", "affected"),
    ("ru", "Я хочу выйти из этой среды", "exit"),
    ("uk", "я його мати", "relatives"),
    ("uk", "я його мама", "relatives"),
    ("uk", "ми його батьки", "relatives"),
    ("uk", "вчителька", "teachers"),
    ("uk", "Я вчитель / школа", "teachers"),
    ("uk", "Я фахівець (наприклад, робота з молоддю)", "professionals"),
    ("uk", "Йдеться про мене", "affected"),
    ("uk", "Я хочу вийти з цього середовища", "exit"),
]

# (language, message, the intent it keeps): worries and stories are no audience answer
NOT_AUDIENCE = [
    ("en", "I am worried about my son", "express_worry"),
    ("en", "my mother is sick", None),
    (
        "en",
        "I'm his mother and I am so worried, he only talks about the Salafists",
        "express_worry",
    ),
    ("tr", "Oğlum için çok endişeleniyorum, çok değişti", "express_worry"),
    ("tr", "annem hasta", None),
    ("ar", "أنا قلق جدا على ابني", "express_worry"),
    ("ar", "أمي مريضة", None),
    ("ru", "Я очень беспокоюсь о сыне", "express_worry"),
    ("ru", "моя мама болеет", None),
    ("uk", "Я дуже хвилююся за сина", "express_worry"),
    ("uk", "моя мама хворіє", None),
]


def _parsed(text: str, intent: str = "out_of_scope") -> Message:
    message = Message(data={TEXT: text})
    InputGuard({"max_chars": 1000}).process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.6}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.6}], add_to_output=True)
    LanguageDetection({}).process([message], tracker=None)
    SafetyOverride({}).process([message])
    return message


@pytest.mark.parametrize(("language", "text", "audience"), ANSWERS)
def test_a_short_self_description_is_an_audience_answer(
    language: str, text: str, audience: str
) -> None:
    assert audience in AUDIENCES
    guess = guess_intent(text, language)
    assert guess is not None and guess.intent == "inform_audience", (text, guess)
    assert guess.entities == (("audience", audience),)
    assert audience_answer(text, language) == audience


@pytest.mark.parametrize(("language", "text", "intent"), NOT_AUDIENCE)
def test_worries_and_stories_are_no_audience_answer(
    language: str, text: str, intent: str | None
) -> None:
    guess = guess_intent(text, language)
    assert (guess.intent if guess else None) == intent
    assert audience_answer(text, language) is None


@pytest.mark.parametrize(
    ("text", "language", "audience"),
    [
        ("I am his mother", "en", "relatives"),
        ("ben annesiyim", "tr", "relatives"),
        ("öğretmenim", "tr", "teachers"),
        ("أنا أمه", "ar", "relatives"),
        ("я его мама", "ru", "relatives"),
        ("я його мати", "uk", "relatives"),
    ],
)
def test_the_nlu_sets_inform_audience_with_the_entity(
    text: str, language: str, audience: str
) -> None:
    message = _parsed(text)
    assert message.get(INTENT)["name"] == "inform_audience"
    assert message.get("language_rule") is True
    entities = {e["entity"]: e["value"] for e in message.get(ENTITIES) or []}
    assert entities["audience"] == audience
    assert entities["language"] == language


def test_a_worry_keeps_its_intent_and_gets_no_audience_entity() -> None:
    message = _parsed("I am worried about my son, he has changed a lot")
    assert message.get(INTENT)["name"] == "express_worry"
    assert "audience" not in {e["entity"] for e in message.get(ENTITIES) or []}


@pytest.mark.parametrize(
    ("text", "language", "audience"),
    [
        ("my son", "en", "relatives"),
        ("about my daughter", "en", "relatives"),
        ("oğlum", "tr", "relatives"),
        ("ابني", "ar", "relatives"),
        ("мой сын", "ru", "relatives"),
        ("мій син", "uk", "relatives"),
    ],
)
def test_the_relative_named_counts_only_when_the_question_was_asked(
    text: str, language: str, audience: str
) -> None:
    assert audience_answer(text, language) is None
    assert audience_answer(text, language, asked=True) == audience
    assert guess_intent(text, language).intent == "express_worry"  # type: ignore[union-attr]


def test_long_messages_and_german_are_never_audience_answers() -> None:
    assert audience_answer("I am his mother " + "and so on " * 4, "en") is None
    assert audience_answer("Ich bin die Mutter", "de") is None
    assert audience_answer("", "en") is None
