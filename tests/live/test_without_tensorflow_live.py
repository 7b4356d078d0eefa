"""The trained model gives the same parse with and without TensorFlow in the process.

scripts/serve_rasa.py keeps TensorFlow out of a Rasa process whose model needs none (every
live test talks to such a process). Here the model is loaded twice in fresh processes, once
with Rasa's usual imports and once without TensorFlow, and every message of the blind sets
is parsed by both: intent, ranking, entities and the metadata of Lotse's components
(language, danger verdict) must be identical.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts import without_tensorflow

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "lotse.tar.gz"

PARSE = r"""
import asyncio, json, sys
if sys.argv[1] == "without":
    from scripts import without_tensorflow
    without_tensorflow.install()
from rasa.core.agent import Agent
texts = json.load(open(sys.argv[2]))
agent = Agent.load(sys.argv[3])
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "tensorflow")
real = any(type(sys.modules[m]).__name__ != "_StandInModule" for m in loaded)

async def parse_all():
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        parsed.pop("response_selector", None)
        out.append(parsed)
    return out

print(json.dumps({"tensorflow": real, "parsed": asyncio.run(parse_all())}, sort_keys=True,
                 default=str))
"""


def _messages() -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "tests" / "blind").glob("single_U*.yml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text())["cases"]]
    for path in sorted((ROOT / "tests" / "safety" / "blind").glob("danger_S*.yml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text())["cases"]][:120]
    texts += ["", "hallo", "ok", "<b>Hallo</b>", "x" * 3000, "/greet", "Merhaba, yardım lazım"]
    return texts


def _parse(mode: str, texts_file: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PARSE, mode, str(texts_file), str(MODEL)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_same_parse_with_and_without_tensorflow(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: make train")
    # scripts/serve_rasa.py serves Lotse's model without TensorFlow: every node is known
    assert (
        without_tensorflow.model_needs_tensorflow(without_tensorflow.graph_node_classes(MODEL))
        == []
    )
    texts = _messages()
    texts_file = tmp_path / "texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    with_tf = _parse("with", texts_file)
    without_tf = _parse("without", texts_file)
    assert with_tf["tensorflow"] is True
    assert without_tf["tensorflow"] is False
    assert len(with_tf["parsed"]) == len(texts) > 900
    for text, expected, got in zip(texts, with_tf["parsed"], without_tf["parsed"], strict=True):
        assert got == expected, text
