"""IncrementalTracker: the same applied events and copies as Rasa's DialogueStateTracker.

Played on long conversations (tests/long_conversations.py) the way the tracker store and
Rasa's processor use it: each turn starts from a copy of the stored conversation (older
turns as new objects, as read back from the database), the turn's events are added one by
one, and before every action the tracker's applied events and its copy are compared with
what Rasa's own methods give for the same tracker.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from components.trackers import IncrementalTracker
from tests.long_conversations import load_domain, story_turns


def tracker_state(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Everything a tracker holds, comparable (events by identity, slots by their fields)."""
    state = {k: v for k, v in vars(tracker).items() if not k.startswith("_lotse")}
    state["events"] = [id(event) for event in tracker.events]
    state["slots"] = {name: vars(slot) for name, slot in tracker.slots.items()}
    for key in ("latest_message", "latest_bot_utterance"):
        event = state[key]
        in_events = any(e is event for e in tracker.events)
        state[key] = id(event) if in_events else ("placeholder", event.as_dict().get("text"))
    state["type"] = "tracker"
    return state


def _assert_independent(a: DialogueStateTracker, b: DialogueStateTracker) -> None:
    assert a.events is not b.events
    assert all(a.slots[name] is not b.slots[name] for name in a.slots)
    assert a.active_loop is None or a.active_loop is not b.active_loop


@pytest.mark.parametrize(("seed", "influencing_slots"), [(11, False), (12, True)])
def test_applied_events_and_copies_equal_rasas(seed: int, influencing_slots: bool) -> None:
    domain = load_domain(influencing_slots)
    stored: list[Event] = []
    base = IncrementalTracker("long", domain.slots)
    points = 0
    for turn in story_turns(domain, seed, messages=100):
        tracker = base.state_copy()  # what the tracker store hands out
        assert tracker_state(tracker) == tracker_state(
            DialogueStateTracker.from_events("long", stored, domain.slots)
        )
        tracker.model_id, tracker.assistant_id = "model", "lotse"  # set by the processor
        for event in turn:
            if isinstance(event, ActionExecuted) and tracker.events:
                assert tracker.applied_events() == DialogueStateTracker.applied_events(tracker)
                ours, rasas = tracker.copy(), DialogueStateTracker.copy(tracker)
                assert tracker_state(ours) == tracker_state(rasas)
                _assert_independent(ours, tracker)
                assert ours.applied_events() == rasas.applied_events()
                points += 1
            tracker.update(event)
        reread = copy.deepcopy(turn)  # written and read back by the tracker store
        stored += reread
        for event in reread:
            base.update(event)
        base.applied_events()
    assert points > 200


def test_a_tracker_changed_behind_its_back_is_recomputed() -> None:
    domain = load_domain()
    turns = story_turns(domain, 5, messages=20)
    events = [event for turn in turns for event in turn]
    tracker = IncrementalTracker.from_events("x", events, domain.slots)
    assert tracker.applied_events() == DialogueStateTracker.applied_events(tracker)
    tracker.events = tracker._create_events(events[: len(events) // 2])  # replaced
    assert tracker.applied_events() == DialogueStateTracker.applied_events(tracker)
