"""“Run all stories”: ``rasa test core`` on tests/stories in the background, result per story.

One run at a time. The state (running / done / failed, and the result of every story) is a
JSON file in ``var/staff/`` so every console process and page load sees the same run.
``rasa test core --successes`` writes the passed stories to ``successful_test_stories.yml``
and the failed ones, with ``# predicted: …`` comments at the wrong steps, to
``failed_test_stories.yml`` in its output folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT
from bot.staff.stories import STORIES_DIR, story_names

MODEL = PROJECT_ROOT / "models" / "lotse.tar.gz"
STATE_DIR = PROJECT_ROOT / "var" / "staff"
_PREDICTED = re.compile(r"#\s*predicted:\s*(.+)$")
_lock = threading.Lock()


@dataclass
class StoryResult:
    story: str
    file: str
    passed: bool
    wrong_steps: list[str] = field(default_factory=list)  # "action: x (vorhergesagt: y)"


@dataclass
class StoryRun:
    state: str  # "running", "done", "failed"
    started: float
    finished: float | None = None
    started_by: str = ""
    results: list[StoryResult] = field(default_factory=list)
    message: str = ""

    @property
    def passed(self) -> int:
        return sum(result.passed for result in self.results)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> StoryRun:
        data = json.loads(text)
        data["results"] = [StoryResult(**r) for r in data.get("results") or []]
        return cls(**data)


def _names_in(path: Path) -> list[str]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return [str(story.get("story")) for story in data.get("stories") or []]


def wrong_steps(failed_file: Path) -> dict[str, list[str]]:
    """Story name -> the steps Rasa predicted differently, from failed_test_stories.yml."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    if not failed_file.exists():
        return found
    for line in failed_file.read_text("utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("- story:"):
            current = stripped.removeprefix("- story:").strip().strip("'\"")
            found[current] = []
        elif current and (match := _PREDICTED.search(stripped)):
            step = stripped[: match.start()].strip().removeprefix("- ").strip()
            found[current].append(f"{step} (vorhergesagt: {match.group(1).strip()})")
    return found


def parse_results(out_dir: Path, stories_dir: Path = STORIES_DIR) -> list[StoryResult]:
    """One result per story of ``stories_dir``; a story Rasa reported in neither file counts
    as failed (it was not tested)."""
    known = story_names(stories_dir)

    def story_of(reported: str) -> str:
        # Rasa names a reported story "<name> (<file it came from>)".
        matches = [n for n in known if reported == n or reported.startswith(f"{n} (")]
        return max(matches, key=len) if matches else reported

    passed = {story_of(name) for name in _names_in(out_dir / "successful_test_stories.yml")}
    failed: dict[str, list[str]] = {}
    for reported, steps in wrong_steps(out_dir / "failed_test_stories.yml").items():
        failed.setdefault(story_of(reported), []).extend(steps)
    return [
        StoryResult(name, file, name in passed and name not in failed, failed.get(name, []))
        for name, file in known.items()
    ]


def rasa_command(out_dir: Path, *, stories_dir: Path, model: Path, rasa: str) -> list[str]:
    return [
        rasa, "test", "core", "--stories", str(stories_dir), "--model", str(model),
        "--out", str(out_dir), "--no-plot", "--successes",
    ]  # fmt: skip


def default_rasa() -> str:
    return str(Path(sys.executable).parent / "rasa")


class StoryRunner:
    """Starts ``rasa test core`` in a thread and keeps its state in ``state_dir``."""

    def __init__(
        self,
        state_dir: Path = STATE_DIR,
        *,
        stories_dir: Path = STORIES_DIR,
        model: Path = MODEL,
        rasa: str | None = None,
        timeout: float = 1800,
    ) -> None:
        self.state_dir = state_dir
        self.stories_dir = stories_dir
        self.model = model
        self.rasa = rasa or default_rasa()
        self.timeout = timeout
        self.state_file = state_dir / "story-run.json"
        self.out_dir = state_dir / "story-run"

    def current(self) -> StoryRun | None:
        try:
            return StoryRun.from_json(self.state_file.read_text("utf-8"))
        except (OSError, ValueError, TypeError):
            return None

    def _write(self, run: StoryRun) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(run.to_json(), "utf-8")
        os.replace(tmp, self.state_file)

    def start(self, actor: str) -> StoryRun:
        """Start a run unless one is running; returns the (new or running) run."""
        with _lock:
            current = self.current()
            if current and current.state == "running" and not self._stale(current):
                return current
            if not self.model.exists():
                message = f"Kein trainiertes Modell unter {self.model}: make train"
                run = StoryRun("failed", time.time(), time.time(), actor, message=message)
                self._write(run)
                return run
            run = StoryRun("running", time.time(), started_by=actor)
            self._write(run)
        threading.Thread(target=self._run, args=(run,), daemon=True).start()
        return run

    def _stale(self, run: StoryRun) -> bool:
        return time.time() - run.started > self.timeout

    def _run(self, run: StoryRun) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for old in self.out_dir.glob("*_test_stories.yml"):
            old.unlink()
        command = rasa_command(
            self.out_dir, stories_dir=self.stories_dir, model=self.model, rasa=self.rasa
        )
        env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
        try:
            proc = subprocess.run(
                command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                timeout=self.timeout,
            )  # fmt: skip
            run.results = parse_results(self.out_dir, self.stories_dir)
            if proc.returncode != 0 and not run.results:
                run.state = "failed"
                run.message = (proc.stderr or proc.stdout)[-2000:]
            else:
                run.state = "done"
        except (OSError, subprocess.TimeoutExpired) as exc:
            run.state, run.message = "failed", f"{type(exc).__name__}: {exc}"
        run.finished = time.time()
        with _lock:
            self._write(run)

    def wait(self, timeout: float) -> StoryRun | None:
        """Poll until the current run is no longer running (for the CLI and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.current()
            if run is None or run.state != "running":
                return run
            time.sleep(0.5)
        return self.current()


def summary(run: StoryRun) -> dict[str, Any]:
    return {"state": run.state, "passed": run.passed, "total": len(run.results)}
