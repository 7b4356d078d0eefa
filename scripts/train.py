"""Train the model with `rasa train` and show what it does and how far it is (`make train`).

Rasa logs each component it trains and draws tqdm progress bars that, through a pipe, become
one endless line. This wrapper prints one line per step instead, with the elapsed time:

    [    0s] Checking domain and training data
    [   31s] Training LexicalSyntacticFeaturizer
    [   58s] Training PayloadAwareDIETClassifier: epoch 1/80
    [ 1m14s] Training PayloadAwareDIETClassifier: epoch 9/80, ~2m06s left
    ...
    [ 4m40s] Model saved at models/lotse.tar.gz: 9 components trained, 3 restored from cache

When Rasa's fingerprints of data and configuration match its cache, every component is
restored instead of trained, and it says "Model up to date, nothing to train" (Rasa still
packs the model file, which takes a little while). The whole output of Rasa goes to
var/log/train.log; on failure its last lines are printed.

    .venv/bin/python scripts/train.py [rasa train arguments]
    (default: --fixed-model-name lotse --out models)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "var" / "log" / "train.log"
DEFAULT_ARGS = ("--fixed-model-name", "lotse", "--out", "models")
EPOCH_EVERY_S = 15.0  # at most one epoch line per component this often

_STARTED = re.compile(r"Starting to train component '(\w+)'")
_FINISHED = re.compile(r"Finished training component '(\w+)'")
_RESTORED = re.compile(r"Restored component '(\w+)' from cache")
_VALIDATING = re.compile(r"Started validating domain and training data")
_SAVED = re.compile(r"Your Rasa model is trained and saved at '([^']+)'")
_EPOCHS = re.compile(r"^Epochs:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)\s*\[([^<\]]*)<([^,\]]*)")
_ERROR = re.compile(r"\bERROR\b|^Traceback|^\w+(?:Error|Exception):")


def duration(seconds: float) -> str:
    """``42`` → ``"42s"``, ``72`` → ``"1m12s"``, ``3725`` → ``"1h02m05s"``."""
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _tqdm_seconds(text: str) -> float | None:
    """tqdm's ``"08:52"`` / ``"1:02:03"`` as seconds (None for ``"?"``)."""
    try:
        parts = [int(part) for part in text.strip().split(":")]
    except ValueError:
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return float(seconds)


@dataclass
class Progress:
    """Turns Rasa's output, one line or progress-bar frame at a time, into short lines."""

    emit: Callable[[str], None]
    clock: Callable[[], float] = time.monotonic
    start: float = field(default=0.0)
    component: str | None = None
    component_start: float = 0.0
    trained: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    last_epoch_line: float = float("-inf")
    last_epoch: tuple[int, int] | None = None
    saved: str | None = None
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.start = self.start or self.clock()

    def _say(self, text: str) -> None:
        self.emit(f"[{duration(self.clock() - self.start):>6}] {text}")

    def feed(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if match := _EPOCHS.search(line):
            self._epoch(int(match[1]), int(match[2]), _tqdm_seconds(match[4]))
        elif _VALIDATING.search(line):
            self._say("Checking domain and training data")
        elif match := _STARTED.search(line):
            self.component, self.component_start = match[1], self.clock()
            self.last_epoch_line, self.last_epoch = float("-inf"), None
            self._say(f"Training {match[1]}")
        elif match := _FINISHED.search(line):
            self.trained.append(match[1])
            took = duration(self.clock() - self.component_start)
            self._say(f"Trained {match[1]} ({took})")
            self.component = None
        elif match := _RESTORED.search(line):
            self.restored.append(match[1])
        elif match := _SAVED.search(line):
            self.saved = match[1]
        elif _ERROR.search(line):
            self.errors.append(line)
            self.emit(line)

    def _epoch(self, epoch: int, total: int, left: float | None) -> None:
        if epoch == 0 or (epoch, total) == self.last_epoch:
            return  # the empty bar, or the same frame again with new metrics
        self.last_epoch = (epoch, total)
        now = self.clock()
        if epoch in (1, total) or now - self.last_epoch_line >= EPOCH_EVERY_S:
            self.last_epoch_line = now
            eta = f", ~{duration(left)} left" if left and epoch < total else ""
            self._say(f"Training {self.component or 'model'}: epoch {epoch}/{total}{eta}")

    def summary(self, returncode: int) -> str:
        took = duration(self.clock() - self.start)
        if returncode != 0:
            return f"Training failed after {took} (exit code {returncode}); full output: {LOG}"
        if not self.trained:
            restored = f"all {len(self.restored)} components restored from Rasa's cache"
            return f"Model up to date, nothing to train: {restored} ({took}): {self.saved}"
        count = len(self.trained)
        trained = f"{count} component{'s' if count != 1 else ''} trained"
        restored = f", {len(self.restored)} restored from cache" if self.restored else ""
        return f"Model saved at {self.saved} ({took}): {trained}{restored}"


def frames(stream: IO[bytes]) -> Iterator[str]:
    """Lines of ``stream``, split at ``\\n`` and at the ``\\r`` of a redrawn progress bar."""
    pending = b""
    while chunk := stream.read1(4096) if hasattr(stream, "read1") else stream.read(4096):
        pending += chunk
        *complete, pending = re.split(rb"\r\n|\r|\n", pending)
        for raw in complete:
            yield raw.decode("utf-8", errors="replace")
    if pending:
        yield pending.decode("utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv) or list(DEFAULT_ARGS)
    rasa = str(Path(sys.executable).parent / "rasa")
    # Rasa hides its progress bars and component log below INFO (e.g. LOG_LEVEL from .env).
    env = dict(os.environ, LOG_LEVEL="INFO", RASA_TELEMETRY_ENABLED="false")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    LOG.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(emit=lambda text: print(text, flush=True))
    progress.emit(f"Training the model: rasa train {' '.join(args)} (full output: {LOG})")
    with LOG.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [rasa, "train", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        assert proc.stdout is not None
        tail: list[str] = []
        for line in frames(proc.stdout):
            log.write(line + "\n")
            if not line.startswith("Epochs:"):
                tail = [*tail[-39:], line]
            progress.feed(line)
        returncode = proc.wait()
    if returncode != 0 and not progress.errors:
        print("\n".join(tail), file=sys.stderr)
    progress.emit(progress.summary(returncode))
    return returncode


if __name__ == "__main__":
    raise SystemExit(main())
