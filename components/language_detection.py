"""NLU step that keeps the conversation's language (slot ``language``) up to date.

``bot.language.detect_language(text, current)`` decides with the current slot value from the
tracker: short or ambiguous messages keep it, a confident detection or an explicit request
("auf Deutsch bitte") switches. Only a switch adds the entity ``language``; Rasa's own
``action_extract_slots`` fills the slot from it (``from_entity`` mapping in domain.yml), so
answers with conditions on the language need no action server.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language import SUPPORTED, detect_language
from bot.safety.verdict import is_payload
from components.base import StatelessComponent

LANGUAGE_SLOT = "language"
LANGUAGE_ENTITY = "language"
DEFAULT_LANGUAGE = "de"
# Parse-data key: the language this message is confidently written in (None when short or
# ambiguous). SafetyOverride reads it to map non-German messages to the core-path intents.
MESSAGE_LANGUAGE = "message_language"
NON_LATIN = ("ar", "ru", "uk")
_NON_LATIN_LETTERS = re.compile(r"[\u0400-\u04ff\u0600-\u06ff]")


def current_language(tracker: DialogueStateTracker | None) -> str:
    value = tracker.get_slot(LANGUAGE_SLOT) if tracker is not None else None
    return value if value in SUPPORTED else DEFAULT_LANGUAGE


def add_entity(message: Message, entity: str, value: str, extractor: str) -> None:
    """Add an entity that covers no span of the text (a verdict about the whole message)."""
    entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != entity]
    entities.append(
        {"entity": entity, "value": value, "start": 0, "end": 0, "extractor": extractor}
    )
    message.set(ENTITIES, entities, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetection(StatelessComponent):
    """Adds the entity ``language`` when the conversation should continue in another one."""

    def process(
        self, messages: list[Message], tracker: DialogueStateTracker | None = None
    ) -> list[Message]:
        current = current_language(tracker)
        # The conversation's first message: no user message before it (a parse without a
        # conversation counts as one). Only then do two or three foreign words switch.
        opening = (
            tracker is None
            or tracker.latest_message is None
            or (tracker.latest_message.text is None)
        )
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip() or is_payload(text):
                continue
            verdict = detect_language(text, current, opening)  # type: ignore[arg-type]
            if verdict.confident or (
                verdict.language in NON_LATIN and len(_NON_LATIN_LETTERS.findall(text)) >= 2
            ):
                # Cyrillic or Arabic text is not German even when Russian and Ukrainian
                # cannot be told apart with confidence ("Я живу в Дортмунде").
                message.set(MESSAGE_LANGUAGE, verdict.language, add_to_output=True)
            if verdict.language != current:
                add_entity(message, LANGUAGE_ENTITY, verdict.language, type(self).__name__)
        return messages

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}
