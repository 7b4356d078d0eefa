"""scripts/without_tensorflow.py and scripts/serve_rasa.py: a model that needs no TensorFlow
is served without it, one that needs it keeps it, and Rasa and spaCy import as before."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from scripts import serve_rasa, without_tensorflow

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import sys
from scripts import without_tensorflow as w
w.install()
import rasa.__main__, rasa.core.agent, rasa.core.processor, rasa.engine.recipes.default_recipe
import rasa.utils.tensorflow.callback as callback
import spacy, thinc.compat
real = [m for m, v in sys.modules.items()
        if m.split(".")[0] in w.STUBBED_PACKAGES and not isinstance(v, w._StandInModule)]
import tensorflow as tf
try:
    tf.constant(1)
    called = "no error"
except w.TensorFlowNotLoaded:
    called = "TensorFlowNotLoaded"
print(real, thinc.compat.has_tensorflow, called, issubclass(callback.RasaTrainingLogger, object))
"""


def test_rasa_and_spacy_import_without_tensorflow_and_a_real_call_fails_loudly() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # no real TensorFlow module, thinc sees none, a call at run time raises, classes built
    assert result.stdout.strip().splitlines()[-1] == "[] False TensorFlowNotLoaded True"


def _model(tmp_path: Path, classes: list[str]) -> Path:
    metadata = {
        "train_schema": {"nodes": {"a": {"uses": classes[0]}}},
        "predict_schema": {"nodes": {str(i): {"uses": name} for i, name in enumerate(classes)}},
    }
    path = tmp_path / "model.tar.gz"
    data = json.dumps(metadata).encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("metadata.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_the_model_graph_decides() -> None:
    free = [
        "rasa.nlu.utils.spacy_utils.SpacyNLP",
        "components.intent_classification.LotseIntentClassifier",
        "rasa.core.policies.ensemble.DefaultPolicyPredictionEnsemble",
    ]
    assert without_tensorflow.model_needs_tensorflow(free) == []
    diet = "rasa.nlu.classifiers.diet_classifier.DIETClassifier"
    assert without_tensorflow.model_needs_tensorflow([*free, diet]) == [diet]
    # an unknown class keeps TensorFlow: the list names what is known to be free of it
    assert without_tensorflow.model_needs_tensorflow(["somewhere.Else"]) == ["somewhere.Else"]


def test_serve_rasa_reads_the_model_named_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed: list[bool] = []
    monkeypatch.setattr(without_tensorflow, "install", lambda: installed.append(True))
    free = _model(tmp_path, ["components.input_guard.InputGuard"])
    assert serve_rasa.model_archive(["run", "--model", str(free)]) == free
    assert serve_rasa.model_archive(["run", f"--model={tmp_path}"]) == free
    assert serve_rasa.keep_tensorflow_out(["run", "--model", str(free), "--port", "5005"])
    assert not serve_rasa.keep_tensorflow_out(["run", "actions", "--port", "5055"])
    monkeypatch.setenv("LOTSE_WITHOUT_TENSORFLOW", "0")
    from bot.settings import get_settings

    get_settings.cache_clear()
    assert not serve_rasa.keep_tensorflow_out(["run", "--model", str(free)])
    monkeypatch.delenv("LOTSE_WITHOUT_TENSORFLOW")
    get_settings.cache_clear()
    needs = _model(tmp_path, ["rasa.core.policies.ted_policy.TEDPolicy"])
    assert not serve_rasa.keep_tensorflow_out(["run", "--model", str(needs)])
    assert installed == [True]
