"""Lotse's intent classifier and answer selector in one Rasa component.

Wraps ``bot.nlp.classifier.TextClassifier`` (one logistic regression over character n-grams,
lemma n-grams and the USE sentence embedding, one flat label set of intents and answer keys)
and writes what Rasa's DIETClassifier and ResponseSelector wrote before:

* ``intent`` and ``intent_ranking`` (a retrieval intent's confidence is the summed
  probability of its answer keys);
* for a retrieval intent, Rasa's ``response_selector`` output with the chosen answer key, so
  the retrieval actions (``utter_wissen``, ``utter_vertrauen`` …) answer as before.

A button payload (``/inform_audience{"audience": "relatives"}``) that names a known intent gets
that intent at once, as Rasa's RegexMessageHandler would set it at the end of the pipeline:
no model call per click.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
    TOKENS_NAMES,
)
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import Self

from bot.nlp.classifier import ClassifierSettings, TextClassifier, intent_of

logger = logging.getLogger(__name__)

MODEL_FILE = "classifier.pkl"
RESPONSES_FILE = "responses.json"  # answer texts of the retrieval intents, as Rasa keeps them
RANKING_LENGTH = 10


def payload_intent(text: str | None, known_intents: set[str]) -> dict | None:
    """The intent of a ``/intent{...}`` payload if it names a known intent, else None."""
    if not text or not text.strip().startswith(INTENT_MESSAGE_PREFIX):
        return None
    unpacked = YAMLStoryReader.unpack_regex_message(Message({TEXT: text}))
    intent = unpacked.get(INTENT)
    if not intent or intent.get(INTENT_NAME_KEY) not in known_intents:
        return None
    return dict(intent)


def lemma_text(message: Message) -> str | None:
    """The message's (folded) token lemmas as one string, or None before tokenisation."""
    tokens = message.get(TOKENS_NAMES[TEXT])
    if not tokens:
        return None
    return " ".join(token.lemma or token.text for token in tokens)


def _label(message: Message) -> str | None:
    return message.get(INTENT_RESPONSE_KEY) or message.get(INTENT)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LotseIntentClassifier(GraphComponent):
    """Intent, intent ranking and retrieval answer from one linear model."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        defaults = ClassifierSettings()
        return {
            "regularization": defaults.regularization,
            "embedding_weight": defaults.embedding_weight,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: TextClassifier | None = None,
        responses: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.classifier = classifier
        self.responses = responses or {}
        labels = classifier.labels if classifier else []
        self.known_intents = {intent_of(label) for label in labels}
        self.retrieval_intents = sorted(
            {intent_of(label) for label in labels if label != intent_of(label)}
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        return cls(config, model_storage, resource)

    def _settings(self) -> ClassifierSettings:
        return ClassifierSettings(
            regularization=float(self.config["regularization"]),
            embedding_weight=float(self.config["embedding_weight"]),
        )

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and _label(m)]
        classifier = TextClassifier(self._settings()).fit(
            [m.get(TEXT) for m in examples],
            [str(_label(m)) for m in examples],
            words=[lemma_text(m) or m.get(TEXT) for m in examples],
        )
        responses = {
            name: list(variants)
            for name, variants in training_data.responses.items()
            if "/" in name
        }
        with self._model_storage.write_to(self._resource) as directory:
            classifier.save(directory / MODEL_FILE)
            (directory / RESPONSES_FILE).write_text(json.dumps(responses), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Self:
        try:
            with model_storage.read_from(resource) as directory:
                classifier = TextClassifier.load(directory / MODEL_FILE)
                responses = json.loads((directory / RESPONSES_FILE).read_text("utf-8"))
        except ValueError:
            logger.warning("No trained intent classifier in the model; every message is unknown.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, classifier, responses)

    def process(self, messages: list[Message]) -> list[Message]:
        to_classify = []
        for message in messages:
            intent = payload_intent(message.get(TEXT), self.known_intents)
            if intent is not None:
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
            elif self.classifier is not None and (message.get(TEXT) or "").strip():
                to_classify.append(message)
        if to_classify:
            predictions = self.classifier.predict(
                [m.get(TEXT) for m in to_classify],
                words=[lemma_text(m) or m.get(TEXT) for m in to_classify],
            )
            for message, prediction in zip(to_classify, predictions, strict=True):
                self._set_prediction(message, prediction)
        return messages

    def _set_prediction(self, message: Message, prediction: Any) -> None:
        ranking = [
            {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
            for name, confidence in prediction.intents[:RANKING_LENGTH]
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        if prediction.intent in self.retrieval_intents:
            message.set(
                RESPONSE_SELECTOR_PROPERTY_NAME,
                self._selection(prediction.intent, prediction.keys_of(prediction.intent)),
                add_to_output=True,
            )

    def _selection(self, intent: str, keys: list[tuple[str, float]]) -> dict[str, Any]:
        """Rasa's ResponseSelector output for the answer keys of ``intent``, best first."""
        best, confidence = keys[0]
        utter_action = f"utter_{best}"
        return {
            RESPONSE_SELECTOR_RETRIEVAL_INTENTS: self.retrieval_intents,
            RESPONSE_SELECTOR_DEFAULT_INTENT: {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: self.responses.get(utter_action, []),
                    PREDICTED_CONFIDENCE_KEY: confidence,
                    INTENT_RESPONSE_KEY: best,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {INTENT_RESPONSE_KEY: key, PREDICTED_CONFIDENCE_KEY: p}
                    for key, p in keys[:RANKING_LENGTH]
                ],
            },
        }
