"""The Lotse graph components on Rasa messages (no trained model needed)."""

from __future__ import annotations

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.input_guard import DANGER_KIND, INPUT_ISSUE, InputGuard
from components.intent_classification import LotseIntentClassifier, payload_intent
from components.lemma_folding import GermanLemmaFolder
from components.safety_override import SafetyOverride, override_intent


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


@pytest.mark.parametrize("limit", [300, 1000, 2500])
def test_a_message_is_too_long_exactly_when_it_is_cut(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_MESSAGE_CHARS", str(limit))  # read by InputGuard({}) at creation
    guard = InputGuard({})
    for length in (limit - 5, limit + 5):
        text = ("Mein Sohn ist seit Wochen so anders, ich mache mir Sorgen. " * 60)[: length - 1]
        text += "."
        message = Message(data={TEXT: text})
        guard.process([message])
        cut = message.get(TEXT) != text
        assert cut == (length > limit), (limit, length)
        assert (message.get(INPUT_ISSUE) == "too_long") == cut, (limit, length)
        assert len(message.get(TEXT)) <= limit


def test_control_characters_are_removed() -> None:
    message = _classified("Hallo\x00\x07 Lotse")
    assert "\x00" not in message.get(TEXT) and "\x07" not in message.get(TEXT)


def test_markup_becomes_bad_input_and_other_languages_are_flagged() -> None:
    assert _classified("<script>alert(1)</script>").get(INTENT)["name"] == "bad_input"
    message = _classified("Hello, I am worried about my son, can you help me?")
    assert message.get(INPUT_ISSUE) == "language_en"
    # answered in English since issue 19 (bot/language/intents.py)
    assert message.get(INTENT)["name"] == "express_worry"
    message = _classified("What is the history of the IMAG working group in this state?")
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


def _trained_classifier(tmp_path) -> LotseIntentClassifier:
    """The component trained on a few messages (no embedding: fast and deterministic)."""
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    examples = {
        "greet": ["hallo", "guten tag", "hi", "moin", "servus zusammen"],
        "inform_audience": ["ich bin die mutter", "ich bin lehrerin", "ich bin sein vater"],
        "wissen/salafismus": ["was ist salafismus", "salafismus erklärt", "was heißt salafist"],
        "wissen/warnzeichen": ["welche warnzeichen gibt es", "woran erkenne ich radikalisierung",
                               "anzeichen für radikalisierung"],
    }  # fmt: skip
    messages = []
    for label, texts in examples.items():
        intent, _, key = label.partition("/")
        for text in texts:
            data = {TEXT: text, INTENT: intent}
            if key:
                data["intent_response_key"] = label
            messages.append(Message(data=data))
    responses = {
        "utter_wissen/salafismus": [{"text": "Salafismus ist …"}],
        "utter_wissen/warnzeichen": [{"text": "Warnzeichen sind …"}],
    }
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    config = {**LotseIntentClassifier.get_default_config(), "embedding_weight": 0.0}
    context = ExecutionContext(graph_schema=None, node_name="classifier")  # type: ignore[arg-type]
    LotseIntentClassifier.create(config, storage, resource, context).train(
        TrainingData(training_examples=messages, responses=responses)
    )
    return LotseIntentClassifier.load(config, storage, resource, context)


def test_known_button_payloads_skip_the_model_and_get_rasas_own_intent(tmp_path) -> None:
    classifier = _trained_classifier(tmp_path)
    texts = ['/inform_audience{"audience": "relatives"}', "/greet", "/unknown_intent", "/"]
    messages = [Message(data={TEXT: t}) for t in texts]
    assert classifier.process(messages) == messages
    assert messages[0].get(INTENT) == {"name": "inform_audience", "confidence": 1.0}
    assert messages[0].get(INTENT_RANKING_KEY) == [{"name": "inform_audience", "confidence": 1.0}]
    assert messages[1].get(INTENT)["name"] == "greet"
    assert messages[2].get(INTENT_RANKING_KEY) != [{"name": "unknown_intent", "confidence": 1.0}]
    assert payload_intent("/greet@0.4", {"greet"}) == {"name": "greet", "confidence": 0.4}
    assert payload_intent("greet", {"greet"}) is None and payload_intent(None, {"greet"}) is None


def test_a_retrieval_answer_is_selected_as_rasas_response_selector_did(tmp_path) -> None:
    classifier = _trained_classifier(tmp_path)
    question, greeting = (
        Message(data={TEXT: "welche warnzeichen gibt es denn"}),
        Message(data={TEXT: "hallo"}),
    )
    classifier.process([question, greeting])
    assert question.get(INTENT)["name"] == "wissen"
    ranking = question.get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == "wissen"
    assert "wissen/warnzeichen" not in [r["name"] for r in ranking]
    selected = question.get("response_selector")["default"]["response"]
    assert selected["utter_action"] == "utter_wissen/warnzeichen"
    assert selected["intent_response_key"] == "wissen/warnzeichen"
    assert selected["responses"] == [{"text": "Warnzeichen sind …"}]
    assert question.get("response_selector")["all_retrieval_intents"] == ["wissen"]
    assert greeting.get(INTENT)["name"] == "greet"
    assert greeting.get("response_selector") is None


def test_fallback_never_replaces_a_rule_verdict() -> None:
    # "Mein Bruder will morgen einen Anschlag machen": DIET said wissen 0.999, the rules said
    # emergency; Rasa's FallbackClassifier called that ambiguous and answered nlu_fallback.
    from rasa.shared.nlu.training_data.message import Message

    from components.fallback_classifier import RuleAwareFallbackClassifier

    classifier = RuleAwareFallbackClassifier({"threshold": 0.45, "ambiguity_threshold": 0.05})

    def classified(ranking: list[tuple[str, float]]) -> str:
        entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
        message = Message(data={"text": "x", "intent": entries[0], "intent_ranking": entries})
        return classifier.process([message])[0].get("intent")["name"]

    assert classified([("emergency", 1.0), ("wissen", 0.999)]) == "emergency"
    assert classified([("bad_input", 1.0), ("greet", 0.98)]) == "bad_input"
    # Everything else as before: a close call and a weak guess still fall back.
    assert classified([("wissen", 0.51), ("greet", 0.49)]) == "nlu_fallback"
    assert classified([("greet", 0.3), ("wissen", 0.1)]) == "nlu_fallback"
    assert classified([("emergency", 0.97), ("wissen", 0.95)]) == "nlu_fallback"  # DIET's guess
    assert classified([("greet", 0.9), ("wissen", 0.05)]) == "greet"


def test_any_intent_the_rule_layer_set_is_never_ambiguous() -> None:
    # The safety question for a worried message the classifier was also sure of ("worry" at
    # 1.0) came out as "nicht sicher verstanden".
    from components.fallback_classifier import RuleAwareFallbackClassifier

    classifier = RuleAwareFallbackClassifier({"threshold": 0.3, "ambiguity_threshold": 0.05})
    message = Message(data={TEXT: "x"})
    message.set(INTENT, {"name": "express_worry", "confidence": 1.0})
    message.set(INTENT_RANKING_KEY, [{"name": "express_worry", "confidence": 1.0}])
    override_intent(message, "safety_check")
    assert classifier.process([message])[0].get(INTENT)["name"] == "safety_check"


@pytest.mark.parametrize(
    "text",
    [
        "nicht wuppertal, solingen. da wohnt sie",
        "nicht Bochum, Bonn",
        "Bochum statt Bonn bitte",
        "wir wohnen nicht in Essen sondern in Gelsenkirchen",
    ],
)
def test_taking_a_place_back_and_naming_another_is_a_correction(text: str) -> None:
    # "Solingen" alone is also the topic of a knowledge answer (the attack of 2024)
    message = _classified(text, intent="wissen")
    assert message.get(INTENT)["name"] == "correct_place"


@pytest.mark.parametrize(
    "text",
    [
        "was ist in solingen passiert",
        "ich wohne in bonn",
        "er war nicht in solingen",
        "nicht in köln",
    ],
)
def test_a_place_without_a_second_one_is_no_correction(text: str) -> None:
    assert _classified(text, intent="wissen").get(INTENT)["name"] == "wissen"


def _in_place_question(text: str, intent: str) -> Message:
    from rasa.shared.core.events import ActiveLoop, SlotSet
    from rasa.shared.core.slots import AnySlot
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events(
        "s",
        [ActiveLoop("referral_form"), SlotSet("requested_slot", "place")],
        slots=[AnySlot("requested_slot", mappings=[])],
    )
    message = Message(data={TEXT: text})
    InputGuard({"max_chars": 1000}).process([message], tracker)
    message.set(INTENT, {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}], add_to_output=True)
    SafetyOverride({}).process([message])
    return message


def test_a_short_answer_to_the_place_question_is_a_place_whatever_its_topic_words() -> None:
    # "an der Grenze" sounds like the neighbouring countries' knowledge answer
    message = _in_place_question("Kleve, an der niederländischen Grenze", "netzwerk")
    assert message.get(INTENT)["name"] == "inform_place"
    # a trust question stays one, and without the form's question nothing changes
    assert _in_place_question("was kostet das in Köln?", "vertrauen").get(INTENT)["name"] == (
        "vertrauen"
    )
    assert (
        _classified("Kleve, an der niederländischen Grenze", "netzwerk").get(INTENT)["name"]
        == "netzwerk"
    )


def test_worry_in_so_many_words_where_the_classifier_is_unsure() -> None:
    message = Message(data={TEXT: "Hallo, wir machen uns große Sorgen wegen unserer Nichte"})
    InputGuard({"max_chars": 1000}).process([message])
    ranking = [{"name": "greet", "confidence": 0.3}, {"name": "ask_referral", "confidence": 0.28}]
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    SafetyOverride({}).process([message])
    assert message.get(INTENT)["name"] == "express_worry"
    # a sure classifier keeps its intent
    sure = _classified("ich mache mir sorgen, was kostet die beratung?", intent="vertrauen")
    assert sure.get(INTENT)["name"] == "vertrauen"
