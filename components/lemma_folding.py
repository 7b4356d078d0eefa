"""Fold token lemmas so spelling variants share features.

"Köln", "koeln" and "KÖLN" all become the lemma ``koeln``. Only ``token.lemma`` is changed:
the message text and entity offsets stay as they are, so DIET and the ResponseSelector see
folded lemmas through CountVectorsFeaturizer (which reads lemmas by default).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text.folding import fold
from components.base import StatelessComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class GermanLemmaFolder(StatelessComponent):
    """Rewrites token lemmas as folded lower-case strings."""

    @staticmethod
    def _fold_message(message: Message) -> None:
        for token in message.get(TOKENS_NAMES[TEXT]) or []:
            token.lemma = fold(token.lemma or token.text)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._fold_message(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._fold_message(message)
        return messages
