"""First pipeline step: the input and safety verdicts, then the cap on length and control
characters before NLU.

Both verdicts are computed on the ORIGINAL text, before it is capped: the input verdict
(empty, too long, markup, other language, ...) as ``input_issue`` and the safety verdict
(:mod:`bot.safety.verdict`: rules, the trained danger classifier and the conversation's last
user turns) as ``safety`` (level, kind, target, reason, score; never text), so a threat at
the end of a very long message is not cut off. SafetyOverride applies them after the
classifiers. The danger model is loaded by path (``danger_model``, built by
``lotse safety train``); without one the rules alone decide.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.events import SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import Self

from bot.input.guard import classify_input, sanitize
from bot.language.detect import detect_language
from bot.nlp.embedding import embed
from bot.safety.classifier import load_classifier
from bot.safety.verdict import SafetyAssessor, SafetyVerdict, recent_history
from bot.settings import get_settings
from components.base import StatelessComponent

log = logging.getLogger(__name__)

INPUT_ISSUE = "input_issue"
DANGER_KIND = "danger_kind"
SAFETY = "safety"
# The slot the referral form is asking for in this turn ("place", "audience"), for
# components/safety_override.py: an answer to that question is read as one. Not in the output.
ASKED_SLOT = "asked_slot"
REFERRAL_FORM = "referral_form"


def warm_up() -> None:
    """Build the lazily loaded models every turn uses (sentence encoder, language detector)."""
    embed(["Guten Tag, ich mache mir Sorgen."])
    detect_language("Guten Tag, ich mache mir Sorgen.")


def safety_record(verdict: SafetyVerdict) -> dict[str, Any]:
    """What the parse data keeps of a verdict (read again by later turns; no text)."""
    return {
        "level": verdict.level,
        "kind": verdict.kind,
        "target": verdict.target,
        "reason": verdict.reason,
        "score": round(verdict.score, 3),
    }


def session_user_turns(tracker: DialogueStateTracker | None) -> list[tuple[str, str]]:
    """(text, safety level) of the user turns of the current session, oldest first."""
    if tracker is None:
        return []
    turns: list[tuple[str, str]] = []
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        if isinstance(event, UserUttered):
            record = (event.parse_data or {}).get(SAFETY) or {}
            turns.append((event.text or "", str(record.get("level") or "none")))
    return turns[::-1]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InputGuard(StatelessComponent):
    """Sanitises user text in place and judges it; never raises on any input."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": None, "danger_model": None}

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        # One limit for the verdict and the cut: a message is "too long" exactly when it is cut.
        self._max_chars = int(config.get("max_chars") or get_settings().max_message_chars)
        model = config.get("danger_model")
        self._assessor = SafetyAssessor(load_classifier(str(Path(model))) if model else None)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Self:
        model = config.get("danger_model")
        if model and not (Path(model) / "model.npz").exists():
            raise FileNotFoundError(f"danger model {model} missing: run `make train`")
        guard = cls(config)
        if model:
            # Load the sentence encoder and the language detector with the model, not in the
            # first user's turn (together 2-3 s).
            warm_up()
        return guard

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # Training examples are trusted and must keep their entity offsets: untouched.
        return training_data

    def process(
        self, messages: list[Message], tracker: DialogueStateTracker | None = None
    ) -> list[Message]:
        history = recent_history(session_user_turns(tracker))
        asked = (
            tracker.get_slot("requested_slot")
            if tracker is not None and tracker.active_loop_name == REFERRAL_FORM
            else None
        )
        for message in messages:
            raw = message.get(TEXT)
            if not isinstance(raw, str):
                continue
            if asked:
                message.set(ASKED_SLOT, asked)
            issue = classify_input(raw, max_chars=self._max_chars)
            if issue is not None:
                message.set(INPUT_ISSUE, issue.kind, add_to_output=True)
            verdict = self._assessor.assess(raw, history)
            if verdict.alert:
                message.set(SAFETY, safety_record(verdict), add_to_output=True)
                log.info("safety verdict %s (%s)", verdict.level, verdict.reason)
            if verdict.alarm:
                message.set(DANGER_KIND, verdict.kind, add_to_output=True)
            cleaned = sanitize(raw, max_chars=self._max_chars)
            if cleaned != raw:
                message.set(TEXT, cleaned)
        return messages
