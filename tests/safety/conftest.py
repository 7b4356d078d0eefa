"""Prints the blind-set report of test_blind_sets.py at the end of the run (pytest captures
the tests' own output)."""

from __future__ import annotations

import pytest

REPORTS: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for text in REPORTS:
        terminalreporter.section("crisis layer on the blind safety sets")
        for line in text.splitlines():
            terminalreporter.line(line)
