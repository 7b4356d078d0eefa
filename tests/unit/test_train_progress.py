"""scripts/train.py: Rasa's training output becomes short lines with the elapsed time."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("lotse_train", REPO / "scripts" / "train.py")
train = importlib.util.module_from_spec(_spec)
sys.modules["lotse_train"] = train  # dataclasses look their module up
_spec.loader.exec_module(train)

HOOKS = "2026-12-03 09:00:09 INFO     rasa.engine.training.hooks  -"
BAR = "Epochs:  {pct}%|█████     | {n}/80 [00:{el:02d}<{left}, 1.8s/it, t_loss=2.1, i_acc=0.99]"


def _run(lines: list[str], step: float = 1.0) -> tuple[list[str], train.Progress]:
    now = [0.0]
    out: list[str] = []
    progress = train.Progress(emit=out.append, clock=lambda: now[0])
    for line in lines:
        now[0] += step
        progress.feed(line)
    return out, progress


def test_frames_split_progress_bars_redrawn_with_carriage_returns() -> None:
    stream = io.BytesIO(b"a\r\nEpochs: 1\rEpochs: 2\rEpochs: 3\nlast")
    assert list(train.frames(stream)) == ["a", "Epochs: 1", "Epochs: 2", "Epochs: 3", "last"]


def test_components_and_epochs_become_lines_with_the_elapsed_time() -> None:
    bars = [BAR.format(pct=n * 100 // 80, n=n, el=n % 60, left="02:00") for n in range(0, 81)]
    lines = [
        "2026-12-03 08:59:40 INFO rasa.cli.train - Started validating domain and training data...",
        "UserWarning: The utterance 'utter_x' is not used in any story or rule.",
        f"{HOOKS} Restored component 'SpacyNLP' from cache.",
        f"{HOOKS} Starting to train component 'DIETClassifier'.",
        *[bar for bar in bars for _ in range(2)],  # each frame drawn twice (new metrics)
        f"{HOOKS} Finished training component 'DIETClassifier'.",
        "Your Rasa model is trained and saved at 'models/lotse.tar.gz'.",
    ]
    out, progress = _run(lines)
    assert out[0] == "[    1s] Checking domain and training data"
    assert out[1] == "[    4s] Training DIETClassifier"
    epochs = [line for line in out if "epoch" in line]
    assert epochs[0] == "[    7s] Training DIETClassifier: epoch 1/80, ~2m00s left"
    assert epochs[-1].endswith("Training DIETClassifier: epoch 80/80")
    assert 8 <= len(epochs) <= 14  # one line per 15 s of 160 frames a second apart, not 160
    assert out[-1] == "[ 2m47s] Trained DIETClassifier (2m43s)"
    assert progress.summary(0) == (
        "Model saved at models/lotse.tar.gz (2m48s): 1 component trained, 1 restored from cache"
    )


def test_all_components_from_the_cache_means_nothing_to_train() -> None:
    lines = [f"{HOOKS} Restored component '{name}' from cache." for name in ("A", "B", "C")]
    lines.append("Your Rasa model is trained and saved at 'models/lotse.tar.gz'.")
    out, progress = _run(lines, step=2.0)
    assert out == []
    assert progress.summary(0) == (
        "Model up to date, nothing to train: all 3 components restored from Rasa's cache "
        "(8s): models/lotse.tar.gz"
    )


def test_errors_are_shown_and_a_failure_says_where_the_log_is() -> None:
    out, progress = _run(["Traceback (most recent call last):", "ValueError: bad config"])
    assert out == ["Traceback (most recent call last):", "ValueError: bad config"]
    assert progress.summary(1).startswith("Training failed after 2s (exit code 1)")


def test_duration() -> None:
    assert [train.duration(s) for s in (0, 42, 72, 3725)] == ["0s", "42s", "1m12s", "1h02m05s"]
