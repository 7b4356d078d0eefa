"""A ResponseSelector that only runs when the intent classifier chose a retrieval intent.

Rasa's ResponseSelector scores every message against every answer, although its output is
only read by the ``utter_<retrieval intent>`` action, i.e. when the intent is one of the
retrieval intents. Greetings, referral requests, button payloads and fallbacks paid a full
TensorFlow call for nothing (docs/performance.md). Training and the model are unchanged;
the model's prediction calls its traced graph directly (components/tf_predict.py).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.models import RasaModel

from components.tf_predict import SignatureDIET2BOW, SignatureDIET2DIET


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class RetrievalResponseSelector(ResponseSelector):
    """Selects an answer for messages whose intent is a retrieval intent, skips the rest.

    Must come after the intent classifier in the pipeline (it reads its ``intent``).
    """

    @staticmethod
    def model_class(use_text_as_label: bool) -> type[RasaModel]:  # type: ignore[override]
        return SignatureDIET2DIET if use_text_as_label else SignatureDIET2BOW

    def needs_selection(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if intent is None:
            return False
        if self.retrieval_intent:
            return intent == self.retrieval_intent
        return intent in self.all_retrieval_intents

    def process(self, messages: list[Message]) -> list[Message]:
        selected = [message for message in messages if self.needs_selection(message)]
        if selected:
            super().process(selected)
        return messages
