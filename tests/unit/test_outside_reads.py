"""The guard of tests/conftest.py: reading beside the repository is caught, nothing else."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tests import outside_reads
from tests.outside_reads import expect_outside_read, is_outside

REPO = Path(__file__).resolve().parents[2]


def test_the_guard_is_installed_for_the_session() -> None:
    assert outside_reads._state["installed"] is True


def test_a_read_beside_the_repository_is_caught() -> None:
    sibling = REPO.parent / "lotse-guard-check" / "facts.md"
    with expect_outside_read() as caught:
        with contextlib.suppress(OSError):
            sibling.read_text("utf-8")
        with contextlib.suppress(OSError):
            open(REPO / ".." / "something", "rb")  # noqa: SIM115 - only the attempt counts
        with contextlib.suppress(OSError):
            os.listdir(REPO.parent / "shared")
    assert caught == [
        f"open {sibling}",
        f"open {REPO.parent / 'something'}",
        f"os.listdir {REPO.parent / 'shared'}",
    ]


def test_reads_inside_the_repository_and_of_the_system_are_fine() -> None:
    with expect_outside_read() as caught:
        (REPO / "README.md").read_text("utf-8")
        (REPO / "bot" / "data" / "sources" / "facts.md").read_text("utf-8")
        os.listdir(REPO / "bot")
        Path("/proc/self/status").read_text()
        with tempfile.TemporaryFile() as handle:
            handle.write(b"x")
    assert caught == []


def test_is_outside() -> None:
    assert is_outside("/w/shared/data/facts.md", "/w/lotse", "/w")
    assert is_outside("/w/lotse-old/bot/x.py", "/w/lotse", "/w")  # a name that starts alike
    assert is_outside("/w", "/w/lotse", "/w")
    assert not is_outside("/w/lotse", "/w/lotse", "/w")
    assert not is_outside("/w/lotse/.venv/lib/x.py", "/w/lotse", "/w")
    assert not is_outside("/usr/lib/python3.10/os.py", "/w/lotse", "/w")
    assert not is_outside("/tmp/pytest-of-root/x", "/w/lotse", "/w")


def test_a_clone_directly_in_the_temp_folder_ignores_the_test_tools_temp_files() -> None:
    repo, temp = "/tmp/tmp.abc123", "/tmp"
    assert not is_outside("/tmp/pytest-of-root/pytest-0/x", repo, temp, temp)
    assert not is_outside("/tmp/playwright-artifacts-XyZ/trace.zip", repo, temp, temp)
    assert not is_outside("/tmp/lotse-redis-1/redis.log", repo, temp, temp)
    # a research folder or another checkout beside the clone is still outside
    assert is_outside("/tmp/shared/data/facts.md", repo, temp, temp)
    assert is_outside("/tmp", repo, temp, temp)
    # and in an ordinary place the same names are outside as before
    assert is_outside("/w/pytest-of-root/x", "/w/lotse", "/w", temp)
