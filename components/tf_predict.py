"""DIET and the ResponseSelector's TensorFlow models with a direct call of their traced graph.

``RasaModel._rasa_predict`` calls its ``tf.function`` with numpy arrays; TensorFlow then
matches the arguments against the function's signature and looks the traced graph up again
on every call: 40 % of DIET's time per message, against 7 % for the model itself
(docs/performance.md). The function has a fixed input signature, so there is exactly one
traced graph: here it is fetched once and called with the inputs converted to the
signature's dtypes, as TensorFlow's own argument casting does. Same graph, same outputs
(tests/unit/test_rasa_patches.py compares them on a trained DIET).

The model classes below are what ``PayloadAwareDIETClassifier`` and
``RetrievalResponseSelector`` (named in config.yml) build and load: the same layers and
weights as Rasa's ``DIET``, ``DIET2BOW`` and ``DIET2DIET``, so a trained model loads into
either. With ``LOTSE_RASA_PATCHES=0`` or another Rasa version than the pinned one they
predict exactly as their parents (components/rasa_patches.py).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from keras.utils import tf_utils
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.nlu.selectors.response_selector import DIET2BOW, DIET2DIET
from rasa.shared.constants import DIAGNOSTIC_DATA

from components import rasa_patches


class SignaturePredictMixin:
    """``_rasa_predict`` through the one concrete function of the fixed input signature."""

    _run_eagerly: bool
    prepared_for_prediction: bool
    _tf_predict_step: Any

    def _rasa_predict(self, batch_in: tuple[Any, ...]) -> dict[str, Any]:
        parent = super()._rasa_predict  # type: ignore[misc]
        if (
            not rasa_patches.active()
            or self._run_eagerly
            or not self.prepared_for_prediction
            or self._tf_predict_step is None
        ):
            return parent(batch_in)  # also the first call, which traces the function
        graph = self.__dict__.get("_lotse_concrete_predict")
        if graph is None:
            concrete = self._tf_predict_step.get_concrete_function()
            specs = tf.nest.flatten(concrete.structured_input_signature)
            self._lotse_concrete_predict = graph = (concrete, [spec.dtype for spec in specs])
        concrete, dtypes = graph
        if len(batch_in) != len(dtypes):
            return parent(batch_in)
        self._training = False  # as Rasa's call
        flat = [tf.convert_to_tensor(x, dtype=d) for x, d in zip(batch_in, dtypes, strict=True)]
        outputs = tf_utils.sync_to_numpy_or_python_type(
            concrete._call_flat(flat, concrete.captured_inputs)
        )
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(  # type: ignore[attr-defined]
                outputs[DIAGNOSTIC_DATA]
            )
        return outputs


class SignatureDIET(SignaturePredictMixin, DIET):
    """Rasa's DIET (intent classification) with the direct graph call."""


class SignatureDIET2BOW(SignaturePredictMixin, DIET2BOW):
    """Rasa's DIET2BOW (response selection, labels as bags of words) with the direct call."""


class SignatureDIET2DIET(SignaturePredictMixin, DIET2DIET):
    """Rasa's DIET2DIET (response selection, labels as text) with the direct graph call."""
