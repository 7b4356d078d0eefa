"""A guard for a self-contained repository: no code or test reads outside it.

:func:`install` adds an audit hook (``sys.addaudithook``) that records every ``open`` and
directory listing of a path under the repository's parent directory that is not inside the
repository (``../shared/data/facts.md``, a sibling checkout, ...). Everything else is fine:
the repository itself (with its ``.venv``) and system paths such as /usr, /proc, /tmp or
/etc, which do not lie beside the repository. tests/conftest.py installs the hook for the
whole test session and fails a test that read outside (and the session, for reads outside
any test, e.g. at collection).

The hook sees this process only; subprocesses (the ``lotse`` CLI, ``rasa``) are checked by
running ``make check-content test-unit`` in a clone with nothing beside it
(``make test-clean-clone``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_state: dict[str, object] = {
    "repo": str(REPO),
    "parent": str(REPO.parent),
    "temp": os.path.realpath(tempfile.gettempdir()),
    "installed": False,
}
reads: list[str] = []


# Entries the test tools themselves make in the system temp folder: pytest's basetemp, Playwright's
# artefacts, the private Redis of the live tests, tempfile's default names. They lie beside the
# repository only when a clone sits directly in the temp folder (``git clone . $(mktemp -d)``).
_TEMP_ARTEFACTS = ("pytest-of-", "playwright-", "lotse-", "tmp")


def is_outside(path: str, repo: str, parent: str, temp: str | None = None) -> bool:
    """Whether ``path`` (absolute) lies beside the repository: under ``parent``, not in it.

    When ``parent`` is the system temp folder ``temp``, the test tools' own temp entries there
    are not beside the repository in any sense that matters (no neighbouring checkout or
    research folder); every other entry still is.
    """
    if not (path == parent or path.startswith(parent + os.sep)):
        return False
    if path == repo or path.startswith(repo + os.sep):
        return False
    if temp is not None and parent == temp and path != parent:
        entry = path[len(parent) + 1 :].split(os.sep, 1)[0]
        return not entry.startswith(_TEMP_ARTEFACTS)
    return True


def _hook(event: str, args: tuple) -> None:
    if event not in _EVENTS or not args:
        return
    target = args[0]
    if target is None or isinstance(target, int):  # a file descriptor, or listdir() of "."
        return
    try:
        path = os.path.abspath(os.fsdecode(target))
    except (TypeError, ValueError):
        return
    if is_outside(path, str(_state["repo"]), str(_state["parent"]), str(_state["temp"])):
        reads.append(f"{event} {path}")


def install() -> None:
    """Install the hook once per process (audit hooks cannot be removed)."""
    if not _state["installed"]:
        sys.addaudithook(_hook)
        _state["installed"] = True


def take() -> list[str]:
    """The reads recorded since the last call, and forget them."""
    taken = list(reads)
    del reads[: len(taken)]
    return taken


@contextmanager
def expect_outside_read() -> Iterator[list[str]]:
    """For testing the guard itself: the reads inside the block are handed over, not failed."""
    before = take()
    caught: list[str] = []
    try:
        yield caught
    finally:
        caught.extend(take())
        reads.extend(before)
