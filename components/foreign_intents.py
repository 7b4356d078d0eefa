"""The reading of a message written in English, Turkish, Arabic, Russian or Ukrainian.

Wraps ``bot.language.understanding.ForeignUnderstanding``, trained on the examples written
per language in ``data/languages`` (not Rasa's NLU data: the German classifier never sees
them). A change of those files changes this component's fingerprint, so ``make train``
retrains it. At run time it reads a message when LanguageDetection marked it as another
language, or when the conversation is in another language and the message is not marked
(short answers: "yes please", "is it free?", "Кёльн"), and leaves its guess in the parse data
(``foreign_intent``); SafetyOverride decides with it (components/safety_override.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import Self

from bot.language.understanding import (
    DEFAULT_DIRECTORY,
    LANGUAGES,
    ForeignUnderstanding,
    example_files,
    fingerprint,
    load_examples,
)
from bot.safety.verdict import is_payload
from components.language_detection import MESSAGE_LANGUAGE, current_language

logger = logging.getLogger(__name__)

MODEL_FILE = "foreign.pkl"
# Parse-data key: {"name", "confidence", "response_key", "audience"} of the model's reading.
FOREIGN_INTENT = "foreign_intent"


def reading_language(message: Message, conversation_language: str) -> str | None:
    """The language the model should read ``message`` in, or None (German, or a button)."""
    text = message.get(TEXT)
    if not isinstance(text, str) or not text.strip() or is_payload(text):
        return None
    marked = message.get(MESSAGE_LANGUAGE)
    if marked:
        return marked if marked in LANGUAGES else None
    return conversation_language if conversation_language in LANGUAGES else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ForeignIntentClassifier(GraphComponent):
    """Leaves ``foreign_intent`` in the parse data of messages in the other languages."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"examples": str(DEFAULT_DIRECTORY)}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return fingerprint(example_files(Path(config.get("examples") or DEFAULT_DIRECTORY)))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        understanding: ForeignUnderstanding | None = None,
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.understanding = understanding or ForeignUnderstanding()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = load_examples(example_files(Path(self.config["examples"])))
        if not examples:
            logger.warning("No examples in %s: other languages get keywords only.", self.config)
            return self._resource
        self.understanding.fit(examples)
        with self._model_storage.write_to(self._resource) as directory:
            self.understanding.save(directory / MODEL_FILE)
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
                understanding = ForeignUnderstanding.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("No model of the other languages; keywords only.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, understanding)

    def process(
        self, messages: list[Message], tracker: DialogueStateTracker | None = None
    ) -> list[Message]:
        conversation_language = current_language(tracker)
        to_read = [m for m in messages if reading_language(m, conversation_language)]
        if not to_read or self.understanding.classifier is None:
            return messages
        guesses = self.understanding.guess([m.get(TEXT) for m in to_read])
        for message, guess in zip(to_read, guesses, strict=True):
            message.set(
                FOREIGN_INTENT,
                {
                    "name": guess.intent,
                    "confidence": round(guess.confidence, 4),
                    "response_key": guess.response_key,
                    "audience": guess.audience,
                },
                add_to_output=True,
            )
        return messages
