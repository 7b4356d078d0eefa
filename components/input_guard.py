"""First pipeline step: cap the message length and strip control characters before NLU.

Both verdicts are computed on the ORIGINAL text, before it is capped: the input verdict
(empty, too long, markup, other language, ...) as ``input_issue`` and the acute-danger
verdict as ``danger_kind``, so a threat at the end of a very long message is not cut off.
SafetyOverride applies them after the classifiers.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.input.guard import classify_input, sanitize
from bot.safety import assess_danger
from bot.settings import get_settings
from components.base import StatelessComponent

INPUT_ISSUE = "input_issue"
DANGER_KIND = "danger_kind"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InputGuard(StatelessComponent):
    """Sanitises user text in place; never raises on any input."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": None}

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        # One limit for the verdict and the cut: a message is "too long" exactly when it is cut.
        self._max_chars = int(config.get("max_chars") or get_settings().max_message_chars)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples are trusted and must keep their entity offsets: untouched.
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            raw = message.get(TEXT)
            if not isinstance(raw, str):
                continue
            issue = classify_input(raw, max_chars=self._max_chars)
            if issue is not None:
                message.set(INPUT_ISSUE, issue.kind, add_to_output=True)
            danger = assess_danger(raw)
            if danger.is_danger:
                message.set(DANGER_KIND, danger.kind, add_to_output=True)
            cleaned = sanitize(raw, max_chars=self._max_chars)
            if cleaned != raw:
                message.set(TEXT, cleaned)
        return messages
