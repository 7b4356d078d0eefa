"""scripts/serve_rasa.py tunes the garbage collector for serving: the loaded model frozen,
young objects collected less often; other commands and the switch leave Python's defaults.

Checked in fresh processes, because freezing and thresholds are per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import asyncio, gc, sys
from scripts import serve_rasa
import rasa.core.run

original = rasa.core.run.load_agent_on_start
tuned = serve_rasa.tune_garbage_collector(sys.argv[1:])
print("tuned", tuned, gc.get_threshold())
if tuned:
    assert rasa.core.run.load_agent_on_start is not original

    async def load():
        loaded = [object() for _ in range(10)]  # stands for the model
        return loaded

    wrapped = serve_rasa.freeze_after_loading(load)
    agent = asyncio.run(wrapped())
    assert len(agent) == 10  # the loader's result is handed on
    print("frozen", gc.get_freeze_count() > 1000)
"""


def _probe(*argv: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        cwd=REPO,
        env={**os.environ, "LOTSE_WITHOUT_TENSORFLOW": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_serving_freezes_the_loaded_model_and_raises_the_thresholds() -> None:
    out = _probe("run", "--model", "models/lotse.tar.gz")
    assert f"tuned True {serve_rasa_thresholds()}" in out
    assert "frozen True" in out


def test_other_commands_and_the_switch_keep_pythons_defaults() -> None:
    defaults = "(700, 10, 10)"
    assert f"tuned False {defaults}" in _probe("test", "core")
    assert f"tuned False {defaults}" in _probe("run", "actions")
    assert f"tuned False {defaults}" in _probe("run", LOTSE_GC_TUNING="0")


def serve_rasa_thresholds() -> tuple[int, int, int]:
    from scripts.serve_rasa import GC_THRESHOLDS

    return GC_THRESHOLDS
