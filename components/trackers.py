"""Rasa's dialogue state tracker, with copies and applied events that do not replay history.

Rasa builds every tracker by replaying all of its events: each turn it replays the whole
conversation into a copy for every action it runs (``copy``), and recomputes which events
apply (``applied_events``) when it checks the session. In a long conversation that cost grew
with every message (docs/performance.md). ``IncrementalTracker`` (what the tracker store
hands out) keeps the same state and events but

* ``state_copy`` / ``copy`` copy the state itself: the events deque (the same event objects,
  which Rasa's own copies share too), fresh slot objects, its own active loop and latest
  action, fresh placeholders for the latest message and bot utterance when the tracker has
  none, as after a replay; ``copy`` leaves out the model and assistant id and the sender
  source, as Rasa's ``init_copy`` does;
* ``applied_events`` continues from the events it saw last time (one step per new event,
  Rasa's rules: components.state_history.apply_event), as long as the events before are
  untouched and no new loop name appeared (Rasa's rules depend on all loop names).

Both fall back to Rasa's own code with ``LOTSE_RASA_PATCHES=0`` or another Rasa version, or
a bounded event history. tests/unit/test_trackers.py compares them with Rasa's on long
conversations.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components import rasa_patches
from components.state_history import apply_event, copy_slots, loop_names


@dataclass
class _Applied:
    """``applied_events`` of the first ``seen`` events of ``events``."""

    events: Any  # the tracker's deque the work belongs to
    seen: int
    last: Event | None
    loops: frozenset[str]
    applied: list[Event]


def _is_one_of(event: Any, events: Any) -> bool:
    """True if ``event`` is one of ``events`` (by identity; looks from the end)."""
    return any(e is event for e in reversed(events))


class IncrementalTracker(DialogueStateTracker):
    """A ``DialogueStateTracker`` whose copies and applied events cost what changed."""

    _lotse_applied: _Applied | None = None

    def _incremental(self) -> bool:
        return rasa_patches.active() and self._max_event_history is None

    def applied_events(self) -> list[Event]:
        if not self._incremental():
            return super().applied_events()
        events = self.events
        kept = self._lotse_applied
        if not (
            kept is not None
            and kept.events is events
            and kept.seen <= len(events)
            and (kept.seen == 0 or events[kept.seen - 1] is kept.last)
        ):
            kept = _Applied(events, 0, None, loop_names(events), [])
        new = list(itertools.islice(reversed(events), len(events) - kept.seen))[::-1]
        if not loop_names(new) <= kept.loops:  # Rasa's rules change for earlier events
            kept = _Applied(events, 0, None, loop_names(events), [])
            new = list(events)
        for event in new:
            apply_event(self, kept.applied, event, kept.loops)
        if new:
            kept.seen, kept.last = len(events), new[-1]
        self._lotse_applied = kept
        return list(kept.applied)

    def state_copy(self) -> IncrementalTracker:
        """An independent tracker in the same state (as ``from_events`` of its events)."""
        new = DialogueStateTracker.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.events = self._create_events(list(self.events))
        new.slots = copy_slots(self.slots)
        new.active_loop = copy.copy(self.active_loop)
        if self.latest_action is not None:
            new.latest_action = dict(self.latest_action)
        # the placeholders of a reset tracker are its own, as after a replay
        if not _is_one_of(self.latest_message, self.events):
            new.latest_message = UserUttered.empty()
        if not _is_one_of(self.latest_bot_utterance, self.events):
            new.latest_bot_utterance = BotUttered.empty()
        kept = self._lotse_applied
        if kept is not None and kept.events is self.events:
            new._lotse_applied = _Applied(
                new.events, kept.seen, kept.last, kept.loops, list(kept.applied)
            )
        else:
            new._lotse_applied = None
        return new

    def copy(self) -> DialogueStateTracker:
        if not self._incremental():
            return super().copy()
        new = self.state_copy()
        new.model_id = new.assistant_id = new.sender_source = None  # as init_copy
        return new
