"""The kept state history gives exactly Rasa's ``past_states`` on long conversations.

The conversations (tests/long_conversations.py) are the test and training stories one after
the other, with rewinds, rejected and interrupted loops, restarts and new sessions mixed
in. They are played as Rasa processes them: a prediction before every action, and at the
end of each turn the turn's events are replaced by copies, as the tracker store hands them
back after writing and reading them (new objects, the same data). Every prediction compares
the kept history with Rasa's own on the same tracker.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.state_history import StateHistory, common_prefix, same_events_prefix
from tests.long_conversations import load_domain, story_turns


def _as_redacted(event: Event) -> Event:
    """``event`` as the tracker store may read it back when redaction changed it."""
    event = copy.deepcopy(event)
    if isinstance(event, (UserUttered, BotUttered)) and event.text:
        event.text = event.text + " [NAME]"
    if isinstance(event, SlotSet) and isinstance(event.value, str):
        event.value = "[ORT]"
    return event


def prediction_points(
    domain: Domain, turns: list[list[Event]], redacted: float = 0.0
) -> Iterator[DialogueStateTracker]:
    """The tracker before every action of every turn, as Rasa's processor holds it: the
    older turns as copies (written and read back by the tracker store; a share of their
    events changed, as redaction changes them), this turn's events as they were created."""
    rng = random.Random(7)
    stored: list[Event] = []
    for turn in turns:
        for position, event in enumerate(turn):
            if isinstance(event, ActionExecuted) and position:
                yield DialogueStateTracker.from_events(
                    "long", stored + turn[:position], domain.slots
                )
        stored += [
            _as_redacted(event) if rng.random() < redacted else copy.deepcopy(event)
            for event in turn
        ]


def _play(domain: Domain, turns: list[list[Event]], histories: list, redacted: float = 0.0) -> int:
    """Compare every prediction point with Rasa. Returns the number of points."""
    predictions = 0
    for tracker in prediction_points(domain, turns, redacted):
        for ignore, rule_only_data, history in histories:
            expected = tracker.past_states(
                domain, ignore_rule_only_turns=ignore, rule_only_data=rule_only_data
            )
            assert history.recent(tracker, domain, 0, rule_only_data) == expected
            assert history.recent(tracker, domain, 3, rule_only_data) == expected[-3:]
        predictions += 1
    return predictions


RULE_ONLY = {"rule_only_slots": ["place_problem"], "rule_only_loops": ["referral_form"]}


@pytest.mark.parametrize(
    ("seed", "influencing_slots", "redacted"), [(1, False, 0.0), (2, True, 0.0), (3, True, 0.2)]
)
def test_kept_history_equals_rasas_on_a_long_conversation(
    seed, influencing_slots, redacted, monkeypatch
) -> None:
    folds = []
    fold_state = StateHistory._fold_state
    monkeypatch.setattr(
        StateHistory, "_fold_state", lambda self, *a: folds.append(1) or fold_state(self, *a)
    )
    domain = load_domain(influencing_slots)
    histories = [
        (False, None, StateHistory(ignore_rule_only_turns=False)),
        (True, None, StateHistory(ignore_rule_only_turns=True)),
        (True, RULE_ONLY, StateHistory(ignore_rule_only_turns=True)),
    ]
    turns = story_turns(domain, seed, messages=120)
    predictions = _play(domain, turns, histories, redacted)
    assert predictions > 250
    for _, _, history in histories:  # the kept work was used, not rebuilt each time
        assert history.rebuilds < predictions / 10
    # Each action's state is folded once, and the last state once per call (two calls per
    # prediction point and history); a turn read back unchanged is not folded again.
    actions = sum(isinstance(e, ActionExecuted) for turn in turns for e in turn)
    once = len(histories) * (actions + 2 * predictions)
    assert len(folds) >= once
    if not redacted:
        assert len(folds) < 1.15 * once, (len(folds), once)


def test_equal_events_continue_the_prefix_and_bot_messages_are_alike() -> None:
    user, again = UserUttered("Hallo", {"name": "greet"}), UserUttered("Hallo", {"name": "greet"})
    again.timestamp = user.timestamp
    bot = BotUttered("Zuständig: 0211 123", {"k": 1})
    listen = ActionExecuted("action_listen")
    assert same_events_prefix([listen, user, bot], [listen, again, BotUttered("[TEL]")]) == 3
    assert same_events_prefix([listen, user], [listen, UserUttered("Hallo [NAME]")]) == 1
    assert same_events_prefix([user], [SlotSet("place", "Hallo")]) == 0
    assert same_events_prefix([listen], [listen, user]) == 1


def test_common_prefix_counts_identical_objects() -> None:
    a, b, c = object(), object(), object()
    assert common_prefix([a, b, c], [a, b, c]) == 3
    assert common_prefix([a, b, c], [a, c, b]) == 1
    assert common_prefix([a], [a, b]) == 1
    assert common_prefix([], [a]) == 0
    assert common_prefix([{"x": 1}], [{"x": 1}]) == 0  # equal is not the same


def test_states_come_along_uncounted_when_asked() -> None:
    domain = load_domain()
    history = StateHistory()
    unlikely: Callable[[dict], bool] = lambda state: "user" in state  # noqa: E731
    for tracker in prediction_points(domain, story_turns(domain, 3, messages=12)):
        expected = tracker.past_states(domain)
        recent = history.recent(tracker, domain, 2, not_counting=unlikely)
        assert recent == expected[len(expected) - len(recent) :]
        assert sum(not unlikely(state) for state in recent) == min(
            2, sum(not unlikely(state) for state in expected)
        )


def test_copied_slots_are_what_copy_copy_makes() -> None:
    from rasa.shared.core.slots import AnySlot

    from components.state_history import copy_slots

    class WithSlotAttributes(AnySlot):  # a slot class copy cannot take as a plain object
        __slots__ = ("extra",)

    domain = load_domain()
    tracker = DialogueStateTracker("slots", domain.slots)
    tracker.slots["place"].value = "Essen"
    odd = WithSlotAttributes("odd", [])
    odd.extra = 1
    slots = {**tracker.slots, "odd": odd}
    copies = copy_slots(slots)
    assert list(copies) == list(slots) and type(copies) is type(slots)
    for name, slot in slots.items():
        expected = copy.copy(slot)
        assert type(copies[name]) is type(expected) and copies[name] is not slot
        assert vars(copies[name]) == vars(expected)
    assert copies["odd"].extra == 1
    copies["place"].value = "Köln"  # the copies are independent of the originals
    assert tracker.slots["place"].value == "Essen"
