"""How SafetyOverride decides a message in another language with the reading of the model of
the other languages (components/foreign_intents.py): the order measured on the blind sets
(scripts/eval_languages.py) — the model when sure, else the keywords, else the model."""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.understanding import MODEL_MIN_CONFIDENCE
from components.foreign_intents import FOREIGN_INTENT, reading_language
from components.input_guard import InputGuard
from components.language_detection import MESSAGE_LANGUAGE, LanguageDetection
from components.safety_override import LANGUAGE_RULE, RESPONSE_SELECTOR, SafetyOverride


def _parsed(
    text: str,
    reading: dict[str, Any] | None,
    intent: str = "out_of_scope",
    confidence: float = 0.6,
    detect: bool = True,
) -> Message:
    message = Message(data={TEXT: text})
    InputGuard({"max_chars": 1000}).process([message])
    message.set(INTENT, {"name": intent, "confidence": confidence}, add_to_output=True)
    ranking = [{"name": intent, "confidence": confidence}]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    if detect:
        LanguageDetection({}).process([message], tracker=None)
    if reading is not None:
        message.set(FOREIGN_INTENT, {"response_key": None, "audience": None, **reading})
    SafetyOverride({}).process([message])
    return message


def _key(message: Message) -> str | None:
    selector = message.get(RESPONSE_SELECTOR) or {}
    return (selector.get("default") or {}).get("response", {}).get("intent_response_key")


def test_a_sure_model_decides_with_its_answer_key() -> None:
    message = _parsed(
        "would my sister have to pay something for those talks",
        {"name": "vertrauen", "confidence": 0.9, "response_key": "vertrauen/kosten"},
    )
    assert message.get(INTENT)["name"] == "vertrauen"
    assert _key(message) == "vertrauen/kosten"
    assert message.get(LANGUAGE_RULE) is True


def test_an_unsure_model_gives_way_to_the_keywords() -> None:
    unsure = MODEL_MIN_CONFIDENCE - 0.1
    message = _parsed("Thank you so much for the help", {"name": "greet", "confidence": unsure})
    assert message.get(INTENT)["name"] == "thank"


def test_an_unsure_model_still_decides_where_the_keywords_say_nothing() -> None:
    unsure = MODEL_MIN_CONFIDENCE - 0.2
    message = _parsed(
        "my cousin keeps sending us sermons and calls us unbelievers now",
        {"name": "express_worry", "confidence": unsure},
    )
    assert message.get(INTENT)["name"] == "express_worry"


def test_the_model_names_the_audience() -> None:
    message = _parsed(
        "я его учительница", {"name": "inform_audience", "confidence": 0.8, "audience": "teachers"}
    )
    assert message.get(INTENT)["name"] == "inform_audience"
    assert {e["entity"]: e["value"] for e in message.get(ENTITIES)}["audience"] == "teachers"


def test_a_short_message_naming_a_place_answers_where() -> None:
    message = _parsed("Мюнстер", {"name": "inform_audience", "confidence": 0.6, "audience": "x"})
    assert message.get(INTENT)["name"] == "inform_place"


def test_an_unmarked_message_in_a_foreign_conversation_takes_a_sure_model() -> None:
    message = _parsed(
        "free?", {"name": "vertrauen", "confidence": 0.8, "response_key": "vertrauen/kosten"},
        intent="other_language", detect=False,
    )  # fmt: skip
    assert message.get(INTENT)["name"] == "vertrauen"
    kept = _parsed(
        "ok", {"name": "greet", "confidence": 0.55}, intent="affirm", confidence=0.9, detect=False
    )
    assert kept.get(INTENT)["name"] == "affirm"


def test_without_a_reading_the_keywords_decide_as_before() -> None:
    assert _parsed("Thank you so much", None).get(INTENT)["name"] == "thank"


def test_the_model_reads_messages_marked_foreign_or_in_a_foreign_conversation() -> None:
    marked = Message(data={TEXT: "hello there"})
    marked.set(MESSAGE_LANGUAGE, "en")
    assert reading_language(marked, "de") == "en"
    assert reading_language(Message(data={TEXT: "ok"}), "tr") == "tr"
    assert reading_language(Message(data={TEXT: "ok"}), "de") is None
    assert reading_language(Message(data={TEXT: "/greet"}), "en") is None
    german = Message(data={TEXT: "Hallo zusammen"})
    german.set(MESSAGE_LANGUAGE, "de")
    assert reading_language(german, "en") is None
