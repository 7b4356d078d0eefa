"""The Lotse graph components on Rasa messages (no trained model needed)."""

from __future__ import annotations

from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.input_guard import DANGER_KIND, INPUT_ISSUE, InputGuard
from components.lemma_folding import GermanLemmaFolder
from components.safety_override import SafetyOverride


def _classified(text: str, intent: str = "greet") -> Message:
    message = Message(data={TEXT: text})
    InputGuard({"max_chars": 1000}).process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}], add_to_output=True)
    SafetyOverride({}).process([message])
    return message


def test_long_message_is_capped_but_a_late_threat_still_counts() -> None:
    text = "bla " * 3000 + "mein bruder plant einen anschlag morgen"
    message = _classified(text, intent="out_of_scope")
    assert len(message.get(TEXT)) <= 1000
    assert message.get(DANGER_KIND) == "attack"
    assert message.get(INTENT)["name"] == "emergency"
    assert message.get(INTENT_RANKING_KEY)[0] == {"name": "emergency", "confidence": 1.0}


def test_control_characters_are_removed() -> None:
    message = _classified("Hallo\x00\x07 Lotse")
    assert "\x00" not in message.get(TEXT) and "\x07" not in message.get(TEXT)


def test_markup_becomes_bad_input_and_other_languages_are_flagged() -> None:
    assert _classified("<script>alert(1)</script>").get(INTENT)["name"] == "bad_input"
    message = _classified("Hello, I am worried about my son, can you help me?")
    assert message.get(INPUT_ISSUE) == "language_en"
    assert message.get(INTENT)["name"] == "other_language"


def test_ordinary_german_keeps_the_classifier_intent() -> None:
    message = _classified("Was ist die IMAG?", intent="imag")
    assert message.get(INTENT)["name"] == "imag"
    assert message.get(INPUT_ISSUE) is None


def test_lemmas_are_folded_for_umlauts_and_case() -> None:
    message = Message(data={TEXT: "Köln MÜNSTER"})
    message.set(TOKENS_NAMES[TEXT], [Token("Köln", 0, lemma="Köln"), Token("MÜNSTER", 5)])
    GermanLemmaFolder({}).process([message])
    assert [t.lemma for t in message.get(TOKENS_NAMES[TEXT])] == ["koeln", "muenster"]
