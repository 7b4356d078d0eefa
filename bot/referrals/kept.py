"""Answers of the referral directory kept for a short while in each process.

The directory changes a few times a year (an import, an edit in the staff console), yet every
referral turn read it anew: a session, three or four statements and the rows, in the action
server's event loop, about half of that process's time under load. ``KeptAnswers`` keeps an
answer for ``REFERRAL_CACHE_SECONDS`` (default 60; 0 keeps nothing), so an edit reaches the
bot within that time (docs/redaktion.md). Only answers read from the database are kept: the
static fallback of an outage never is, so the database is asked again on the next turn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from bot.settings import get_settings

V = TypeVar("V")

# More keys than the directory can produce (Kreise x audiences, a few names): a bound that
# only a caller gone wrong would reach; then everything is dropped and read again.
MAX_KEPT = 4096


class KeptAnswers(Generic[V]):
    """Values by key, each kept ``seconds`` after it was read (``seconds()`` is asked on
    every call, so a changed setting applies at once)."""

    def __init__(
        self,
        seconds: Callable[[], float] = lambda: get_settings().referral_cache_seconds,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._seconds = seconds
        self._clock = clock or (lambda: time.monotonic())
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, V]] = {}

    def get(self, key: Hashable) -> V | None:
        """The value kept for ``key``, or None when there is none or it is too old."""
        seconds = self._seconds()
        if seconds <= 0:
            return None
        with self._lock:
            kept = self._values.get(key)
        if kept is None or self._clock() - kept[0] >= seconds:
            return None
        return kept[1]

    def put(self, key: Hashable, value: V) -> None:
        if self._seconds() <= 0:
            return
        with self._lock:
            if len(self._values) >= MAX_KEPT:
                self._values.clear()
            self._values[key] = (self._clock(), value)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_all: list[KeptAnswers] = []


def kept_answers() -> KeptAnswers:
    """A new store, registered so that ``forget_all`` empties it."""
    store: KeptAnswers = KeptAnswers()
    _all.append(store)
    return store


def forget_all() -> None:
    """Empty every store: after the data was changed in this process (imports, tests)."""
    for store in _all:
        store.clear()
