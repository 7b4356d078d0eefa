"""Shared fixtures: a private running stack for the live tests, the CI rule for missing
tools and services, fresh settings per test, and the guard against reads outside the
repository.

The `stack` fixture starts action server, Rasa and the web server on free ports with a
fresh SQLite database (seeded with the referral data) and its own log folder, once per
test session (`own_stack` starts another one for tests that need their own database).
Set LOTSE_STACK_URL=http://localhost:5005 to test an already running stack.

Every test fails that opens a file or lists a folder beside the repository (e.g.
``../shared/data``): see tests/outside_reads.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import get_settings
from tests import outside_reads

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "lotse.tar.gz"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Loading the model takes about a minute, several on a machine busy with other work.
STACK_START_TIMEOUT = 600

outside_reads.install()
_reads_outside_tests: list[str] = []


def require_service(reason: str) -> None:
    """A missing tool or service (PostgreSQL, Redis, HAProxy, nginx, Chromium, ...) fails the
    test in CI (never a silent skip) and skips it locally."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: tools and services must be available)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """Settings are read once per process (``get_settings`` is cached); a test that changes
    the environment gets them read again, and leaves none behind."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _no_reads_outside_the_repository() -> Iterator[None]:
    _reads_outside_tests.extend(outside_reads.take())
    yield
    reads = outside_reads.take()
    if reads:
        pytest.fail("read outside the repository:\n  " + "\n  ".join(reads), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _reads_outside_tests.extend(outside_reads.take())
    if _reads_outside_tests and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _reads_outside_tests:
        terminalreporter.section("reads outside the repository (outside any test)", red=True)
        for read in dict.fromkeys(_reads_outside_tests):
            terminalreporter.line(read)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    rasa_url: str
    web_url: str
    database_url: str
    log_dir: Path

    def post(self, body: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
        """POST raw bytes to the REST channel: the status and the body, also of an error."""
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def send(self, sender: str, message: str, timeout: float = 30.0) -> list[dict]:
        """Send one message over the REST channel; returns the bot's messages."""
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        status, answer = self.post(body, timeout)
        assert status == 200, (status, answer[:200])
        return json.loads(answer.decode("utf-8"))


@contextmanager
def own_stack(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Stack]:
    """A stack with its own database in a temporary folder called ``name``, or the one named
    by LOTSE_STACK_URL when the tests are to use an already running stack."""
    external = os.environ.get("LOTSE_STACK_URL")
    if external:
        yield Stack(
            rasa_url=external,
            web_url=os.environ.get("LOTSE_WEB_URL", "http://localhost:8080"),
            database_url=os.environ.get("DATABASE_URL", ""),
            log_dir=ROOT / "var" / "log",
        )
        return
    with running_stack(tmp_path_factory.mktemp(name)) as started:
        yield started


@contextmanager
def running_stack(workdir: Path) -> Iterator[Stack]:
    """Action server, Rasa and the web server on free ports with a fresh SQLite database in
    ``workdir`` (seeded with the referral data) and its own log folder."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    database_url = f"sqlite:///{workdir / 'lotse.db'}"
    env = dict(os.environ, DATABASE_URL=database_url)
    lotse = str(Path(sys.executable).parent / "lotse")
    subprocess.run([lotse, "db", "seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    ports = {name: _free_port() for name in ("rasa", "action", "web")}
    log_dir = workdir / "logs"
    proc = subprocess.Popen(
        [
            sys.executable, str(ROOT / "scripts" / "stack.py"), "run",
            "--rasa-port", str(ports["rasa"]), "--action-port", str(ports["action"]),
            "--web-port", str(ports["web"]), "--database-url", database_url,
            "--log-dir", str(log_dir), "--model", str(MODEL),
            "--timeout", str(STACK_START_TIMEOUT),
        ],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    stack = Stack(
        rasa_url=f"http://localhost:{ports['rasa']}",
        web_url=f"http://localhost:{ports['web']}",
        database_url=database_url,
        log_dir=log_dir,
    )
    try:
        _wait_for_reply(stack, proc, timeout=STACK_START_TIMEOUT + 60)
        yield stack
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with own_stack(tmp_path_factory, "stack") as started:
        yield started


def _wait_for_reply(stack: Stack, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            logs = "\n".join(
                f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                for p in sorted(stack.log_dir.glob("*.log"))
            )
            pytest.fail(f"stack exited early:\n{output}\n{logs}")
        try:
            if stack.send("stack-warmup", "Hallo", timeout=20):
                return
        except (urllib.error.URLError, OSError, AssertionError):
            pass
        time.sleep(1)
    pytest.fail("the stack did not answer within the time limit")
