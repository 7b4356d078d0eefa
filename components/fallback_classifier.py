"""Rasa's FallbackClassifier that leaves the verdicts of the rule layer alone.

``SafetyOverride`` puts ``emergency`` (or ``bad_input``, ``other_language``) first with
confidence 1.0 and keeps the classifier's ranking behind it. When DIET was sure of another
intent, e.g. ``wissen`` at 0.999 for "Mein Bruder will morgen einen Anschlag machen", Rasa's
``FallbackClassifier`` found the top two intents within its ambiguity threshold and replaced
the emergency with ``nlu_fallback``: the person got "Das habe ich leider nicht sicher
verstanden" instead of the emergency numbers. A verdict of the rules is not a guess and is
never ambiguous, whichever intent it set (``RULE_VERDICT``: the safety question, a corrected
place, ...); the same holds for the language layer's rules (``language_rule``: a request
to switch the language, a keyword intent of another language). Everything else falls back
exactly as before.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from components.safety_override import (
    BAD_INPUT_INTENT,
    EMERGENCY_INTENT,
    LANGUAGE_RULE,
    OTHER_LANGUAGE_INTENT,
    RULE_VERDICT,
)

RULE_INTENTS = frozenset({EMERGENCY_INTENT, BAD_INPUT_INTENT, OTHER_LANGUAGE_INTENT})


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RuleAwareFallbackClassifier(FallbackClassifier):
    """``FallbackClassifier`` that never replaces an intent the rule layer set."""

    def _should_fallback(self, message: Message) -> bool:
        intent = message.get(INTENT) or {}
        if message.get(LANGUAGE_RULE):
            return False  # a keyword of another language or a request to switch (issue 19)
        if message.get(RULE_VERDICT) and intent.get(PREDICTED_CONFIDENCE_KEY) == 1.0:
            # the safety question, a corrected place, a place answer, the cost answer: set by
            # a rule of SafetyOverride, not guessed (a classifier also sure of "worry" made
            # the safety question "nicht sicher verstanden")
            return False
        if (
            intent.get(INTENT_NAME_KEY) in RULE_INTENTS
            and intent.get(PREDICTED_CONFIDENCE_KEY) == 1.0
        ):
            return False
        return super()._should_fallback(message)
