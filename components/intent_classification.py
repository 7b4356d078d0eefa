"""DIET, minus the TensorFlow call for button payloads.

A button click sends ``/intent{"entity": "value"}``. Rasa's RegexMessageHandler at the end of
the pipeline sets that intent anyway, but DIET (and the ResponseSelector after it) first
classify the payload text for nothing: a full model call on every click of the relatives'
path (docs/performance.md). Here a payload naming an intent DIET knows gets that intent at
once, exactly as RegexMessageHandler would set it; everything else is classified as before,
with a direct call of the traced TensorFlow graph (components/tf_predict.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.models import RasaModel

from components.tf_predict import SignatureDIET


def payload_intent(text: str | None, known_intents: set[str]) -> dict | None:
    """The intent of a ``/intent{...}`` payload if it names a known intent, else None."""
    if not text or not text.strip().startswith(INTENT_MESSAGE_PREFIX):
        return None
    unpacked = YAMLStoryReader.unpack_regex_message(Message({TEXT: text}))
    intent = unpacked.get(INTENT)
    if not intent or intent.get(INTENT_NAME_KEY) not in known_intents:
        return None
    return dict(intent)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class PayloadAwareDIETClassifier(DIETClassifier):
    """DIETClassifier that takes the intent of a known button payload without a model call."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return SignatureDIET

    def process(self, messages: list[Message]) -> list[Message]:
        known = set(self.index_label_id_mapping.values()) if self.index_label_id_mapping else set()
        to_classify = []
        for message in messages:
            intent = payload_intent(message.get(TEXT), known)
            if intent is None:
                to_classify.append(message)
                continue
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent], add_to_output=True)
        if to_classify:
            super().process(to_classify)
        return messages
