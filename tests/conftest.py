"""Shared fixtures: a private running stack for the live tests, the CI rule for missing
tools and services, fresh settings per test, and the guard against reads outside the
repository.

The `stack` fixture starts action server, Rasa and the web server on free ports with a
fresh SQLite database (seeded with the referral data) and its own log folder, once per
test session, as `make run` does (scripts.running_stack.RunningStack, shared with the
benchmarks). Set LOTSE_STACK_URL=http://localhost:5005 to test an already running stack.

Every test fails that opens a file or lists a folder beside the repository (e.g.
``../shared/data``): see tests/outside_reads.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.referrals.kept import forget_all
from bot.settings import get_settings
from scripts.running_stack import RunningStack, StackClient
from tests import outside_reads

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "lotse.tar.gz"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

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
    the environment gets them read again, and leaves none behind. Likewise the referral
    answers a process keeps (bot/referrals/kept.py): each test reads its own database."""
    get_settings.cache_clear()
    forget_all()
    yield
    get_settings.cache_clear()
    forget_all()


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


@contextmanager
def own_stack(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[StackClient]:
    """A stack with its own database in a temporary folder called ``name`` (as `make run`
    starts it), or the one named by LOTSE_STACK_URL when the tests are to use a running one."""
    external = os.environ.get("LOTSE_STACK_URL")
    if external:
        yield StackClient(
            rasa_url=external,
            web_url=os.environ.get("LOTSE_WEB_URL", "http://localhost:8080"),
            database_url=os.environ.get("DATABASE_URL", ""),
            log_dir=ROOT / "var" / "log",
        )
        return
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp(name)
    database_url = f"sqlite:///{workdir / 'lotse.db'}"
    try:
        with RunningStack(
            workdir, database_url=database_url, web=True, seed=True, model=str(MODEL), timeout=600
        ) as running:
            yield running
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StackClient]:
    with own_stack(tmp_path_factory, "stack") as started:
        yield started
