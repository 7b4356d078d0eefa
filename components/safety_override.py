"""Rule layer after the classifiers: acute danger and unusable input win over any intent.

Danger is recognised by ``bot.safety`` (patterns and lemmas), independently of DIET, so an
emergency is never missed because the classifier was unsure. Runs before FallbackClassifier.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.input.guard import classify_input
from bot.safety import assess_danger
from components.base import StatelessComponent
from components.input_guard import DANGER_KIND, INPUT_ISSUE

# Input verdicts that make the text unusable for intent classification.
_BAD_INPUT_KINDS = {"empty", "emoji_only", "markup", "injection", "too_long"}
# The intents the rules set (domain.yml; tests/unit/test_intents.py ties them to it).
EMERGENCY_INTENT = "emergency"
BAD_INPUT_INTENT = "bad_input"
OTHER_LANGUAGE_INTENT = "other_language"


def override_intent(message: Message, intent_name: str) -> None:
    """Put ``intent_name`` first with full confidence, keeping the rest of the ranking."""
    ranking = [
        entry
        for entry in (message.get(INTENT_RANKING_KEY) or [])
        if entry.get("name") != intent_name
    ]
    top = {"name": intent_name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyOverride(StatelessComponent):
    """Sets ``emergency``, ``bad_input`` or ``other_language`` where the rules say so."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if message.get(DANGER_KIND) is None:
                # Messages that bypassed InputGuard (e.g. in evaluation) are checked here.
                danger = assess_danger(text)
                if danger.is_danger:
                    message.set(DANGER_KIND, danger.kind, add_to_output=True)
            if message.get(DANGER_KIND):
                override_intent(message, EMERGENCY_INTENT)
                continue
            issue = message.get(INPUT_ISSUE)
            if issue is None and not text.strip():
                # The REST channel may hand over an empty string without InputGuard's verdict.
                verdict = classify_input(text)
                issue = verdict.kind if verdict else None
                if issue:
                    message.set(INPUT_ISSUE, issue, add_to_output=True)
            if issue in _BAD_INPUT_KINDS:
                override_intent(message, BAD_INPUT_INTENT)
            elif issue and issue.startswith("language_"):
                override_intent(message, OTHER_LANGUAGE_INTENT)
        return messages
