"""The dialogue state history of a conversation, built once and extended turn by turn.

Rasa's policies ask ``tracker.past_states(domain)`` for every prediction: it recomputes which
events apply (``applied_events``), replays all of them into a fresh tracker and builds one
state per action of the whole conversation, for each policy, several times per message.
In a 200-message conversation that was 40 % of a Rasa process's time, growing with every
message (docs/performance.md). ``StateHistory`` gives the same states and keeps its work:

* the events that apply are computed in one pass that continues where the last call
  stopped. Rasa's rules for reverted and repeated loop events are applied event by event,
  as in ``DialogueStateTracker.applied_events``; the set of loop names, which Rasa takes
  from the whole conversation, must be the one the kept pass used, or it starts again;
* the states are the same left fold as ``Domain.states_for_tracker_history``, continued
  from the last action seen. Before each action the fold is remembered (the replayed
  tracker's state, the number of states, the hidden-turn bookkeeping), so when the applied
  events change near the end (a form's repeated execution removes the turns in between, a
  rewind removes a message) the fold goes back to the last action before the change;
* a call with a different tracker finds the first event that is neither the very same
  object as before nor an equal one (``same_events_prefix``). The tracker store hands each
  turn a copy of the conversation as stored, so after a turn the events of that turn come
  back as new objects, equal unless redaction changed them: from a changed one, the pass
  goes back to the start of that turn (a checkpoint is kept before each user message).

Policies read only the last few states (MemoizationPolicy its ``max_history``, RulePolicy
the length of its longest rule): ``recent`` returns copies of the last ``count`` states.
Everything not kept is computed as Rasa computes it; tests/unit/test_state_history.py and
tests/unit/test_policies.py compare the states and the predictions with Rasa's on long
conversations.
"""

from __future__ import annotations

import copy
import itertools
import operator
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Remembered folds per conversation: the last actions (enough for a form's repeated
# execution) and the last user messages (enough for the turn the tracker store re-reads).
_ACTION_CHECKPOINTS = 48
_MESSAGE_CHECKPOINTS = 6
_CONVERSATIONS = 256


def common_prefix(left: Any, right: Any) -> int:
    """The number of leading items that are the same objects in both sequences."""
    return sum(itertools.takewhile(bool, map(operator.is_, left, right)))


def _same_for_states(old: Event, new: Event) -> bool:
    """Whether folding ``new`` gives what folding ``old`` gave: the same class with equal
    attributes, or two bot messages (no state reads what the bot said)."""
    if type(old) is not type(new):
        return False
    return isinstance(new, BotUttered) or old.__dict__ == new.__dict__


def same_events_prefix(left: Any, right: Any) -> int:
    """The number of leading events of ``left`` that are those of ``right`` for the states:
    the same objects, then equal ones. The tracker store hands each turn the previous turn's
    events as new objects read back from the database, equal to the ones folded unless
    redaction changed a user's words or a slot; only from such a change is folded again."""
    count = common_prefix(left, right)
    rest = itertools.islice(right, count, None), itertools.islice(left, count, None)
    for old, new in zip(*rest, strict=False):  # the shorter one ends the prefix
        if not _same_for_states(old, new):
            break
        count += 1
    return count


def loop_names(events: Any) -> frozenset[str]:
    """The loops ever activated in ``events`` (what ``applied_events`` treats as loops)."""
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def apply_event(
    tracker: DialogueStateTracker, applied: list[Event], event: Event, loops: frozenset[str]
) -> None:
    """One step of ``DialogueStateTracker.applied_events``: ``applied`` (the applied events
    before ``event``) updated for ``event``; ``loops`` are the conversation's loop names."""
    if isinstance(event, (Restarted, SessionStarted)):
        applied.clear()
    elif isinstance(event, ActionReverted):
        tracker._undo_till_previous(ActionExecuted, applied)
    elif isinstance(event, UserUtteranceReverted):
        tracker._undo_till_previous(UserUttered, applied)
        tracker._undo_till_previous(ActionExecuted, applied)
    elif (
        isinstance(event, ActionExecuted)
        and event.action_name in loops
        and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
    ):
        tracker._undo_till_previous_loop_execution(event.action_name, applied)
    else:
        applied.append(event)


def _is_plain(cls: type) -> bool:
    """Whether ``copy.copy`` of a ``cls`` instance is a new instance with the same __dict__."""
    return (
        not hasattr(cls, "__copy__")
        and not any(vars(k).get("__slots__") for k in cls.__mro__)  # ABC's () is fine
        and cls.__reduce_ex__ is object.__reduce_ex__
        and cls.__reduce__ is object.__reduce__
        and getattr(cls, "__getstate__", None) is None
        and getattr(cls, "__setstate__", None) is None
    )


_PLAIN_CLASSES: dict[type, bool] = {}


def copy_plain(obj: Any) -> Any:
    """``copy.copy(obj)``. That goes through the pickle protocol (``__reduce_ex__``,
    ``copyreg``); an object of a plain class, whose state is its ``__dict__`` (a slot), is
    copied directly in a quarter of the time (other classes still go through ``copy.copy``)."""
    cls = type(obj)
    plain = _PLAIN_CLASSES.get(cls)
    if plain is None:
        plain = _PLAIN_CLASSES[cls] = _is_plain(cls)
    if not plain:
        return copy.copy(obj)
    new = object.__new__(cls)
    new.__dict__.update(obj.__dict__)
    return new


def copy_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """``{name: copy.copy(slot)}`` of a tracker's slots (about 30 microseconds through
    ``copy.copy``, at every action checkpoint and tracker copy), made by ``copy_plain``."""
    copies = type(slots)()
    for name, slot in slots.items():
        copies[name] = copy_plain(slot)
    return copies


def _bare_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """``tracker``'s state without its events (the fold never reads them)."""
    new = DialogueStateTracker.__new__(type(tracker))
    new.__dict__.update(tracker.__dict__)
    new.events = tracker._create_events([])
    new.slots = copy_slots(tracker.slots)
    new.active_loop = copy.copy(tracker.active_loop)
    if tracker.latest_action is not None:
        new.latest_action = dict(tracker.latest_action)
    return new


def _copy_state(state: State) -> State:
    return {key: dict(value) for key, value in state.items()}


@dataclass
class _MessageCheckpoint:
    """The applied events after the first ``raw_length`` events of the conversation."""

    raw_length: int
    applied: list[Event]
    loops_before: frozenset[str]  # loop names among those first events
    loops_used: frozenset[str]  # loop names the applied events were computed with


@dataclass
class _Fold:
    """``states_for_tracker_history`` between two prior trackers."""

    replay: DialogueStateTracker  # the replayed tracker after ``consumed`` applied events
    consumed: int
    states: list[State] = field(default_factory=list)
    last_ml_action: Any = None
    turn_was_hidden: bool = False


@dataclass
class _ActionCheckpoint:
    consumed: int
    replay: DialogueStateTracker
    states: int
    last_ml_action: Any
    turn_was_hidden: bool


@dataclass
class _Conversation:
    raw: list[Event]
    applied: list[Event]
    loops: frozenset[str]
    fold: _Fold
    messages: deque[_MessageCheckpoint]
    actions: deque[_ActionCheckpoint]


class StateHistory:
    """``past_states`` of the trackers of many conversations, with the work kept between
    calls. One instance per policy: its options are fixed per instance."""

    def __init__(
        self,
        ignore_rule_only_turns: bool = False,
        omit_unset_slots: bool = False,
        conversations: int = _CONVERSATIONS,
    ) -> None:
        self.ignore_rule_only_turns = ignore_rule_only_turns
        self.omit_unset_slots = omit_unset_slots
        self._size = conversations
        self._kept: OrderedDict[str, _Conversation] = OrderedDict()
        self._domain: Domain | None = None
        self._rule_only_data: Any = None
        self.rebuilds = 0  # folds started from the beginning (for tests and curiosity)

    def recent(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        count: int,
        rule_only_data: dict[str, Any] | None = None,
        not_counting: Callable[[State], bool] | None = None,
    ) -> list[State]:
        """Copies of the last ``count`` states of ``tracker.past_states(domain, ...)`` (all
        of them if ``count`` is 0); states for which ``not_counting`` is true come along
        but are not counted."""
        fold = self._fold(tracker, domain, rule_only_data)
        final = self._final_state(fold)
        start = 0
        if count:
            counted = sum(1 for state in final if not (not_counting and not_counting(state)))
            start = len(fold.states)
            while start > 0 and counted < count:
                start -= 1
                counted += not (not_counting and not_counting(fold.states[start]))
        return [_copy_state(state) for state in fold.states[start:] + final]

    def _fold(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None,
    ) -> _Fold:
        if domain is not self._domain or rule_only_data != self._rule_only_data:
            self._kept.clear()
            self._domain, self._rule_only_data = domain, copy.deepcopy(rule_only_data)
        events = list(tracker.events)
        kept = self._kept.get(tracker.sender_id)
        if kept is None or not self._extend(kept, tracker, events):
            kept = self._start(tracker, events)
        self._kept[tracker.sender_id] = kept
        self._kept.move_to_end(tracker.sender_id)
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return kept.fold

    # --- the applied events -------------------------------------------------------------

    def _start(self, tracker: DialogueStateTracker, events: list[Event]) -> _Conversation:
        self.rebuilds += 1
        loops = loop_names(events)
        kept = _Conversation(
            raw=[],
            applied=[],
            loops=loops,
            fold=_Fold(replay=tracker.init_copy(), consumed=0),
            messages=deque(maxlen=_MESSAGE_CHECKPOINTS),
            actions=deque(maxlen=_ACTION_CHECKPOINTS),
        )
        kept.messages.append(_MessageCheckpoint(0, [], frozenset(), loops))
        self._apply(kept, tracker, events, 0, [], loops, frozenset())
        return kept

    def _extend(
        self, kept: _Conversation, tracker: DialogueStateTracker, events: list[Event]
    ) -> bool:
        same = same_events_prefix(events, kept.raw)
        checkpoint = next((c for c in reversed(kept.messages) if c.raw_length <= same), None)
        if checkpoint is None:
            return False
        loops = checkpoint.loops_before | loop_names(events[checkpoint.raw_length :])
        if loops != checkpoint.loops_used:
            return False  # Rasa would treat earlier events differently
        while kept.messages and kept.messages[-1].raw_length > checkpoint.raw_length:
            kept.messages.pop()
        return self._apply(
            kept,
            tracker,
            events,
            checkpoint.raw_length,
            list(checkpoint.applied),
            loops,
            checkpoint.loops_before,
        )

    def _apply(
        self,
        kept: _Conversation,
        tracker: DialogueStateTracker,
        events: list[Event],
        start: int,
        applied: list[Event],
        loops: frozenset[str],
        loops_before: frozenset[str],
    ) -> bool:
        """``applied_events`` of ``events``, continued from ``applied`` (the applied events
        of ``events[:start]``, whose loop names are ``loops_before``), then the states."""
        for index in range(start, len(events)):
            event = events[index]
            if isinstance(event, UserUttered) and index > start:
                kept.messages.append(_MessageCheckpoint(index, list(applied), loops_before, loops))
            if isinstance(event, ActiveLoop) and event.name:
                loops_before = loops_before | {event.name}
            apply_event(tracker, applied, event, loops)
        kept.raw, kept.loops = events, loops
        return self._fold_from(kept, applied)

    # --- the states ---------------------------------------------------------------------

    def _fold_from(self, kept: _Conversation, applied: list[Event]) -> bool:
        valid = same_events_prefix(applied, kept.applied)
        fold = kept.fold
        if fold.consumed > valid:
            while kept.actions and kept.actions[-1].consumed > valid:
                kept.actions.pop()
            if not kept.actions:
                return False  # the change goes back further than remembered
            mark = kept.actions.pop()  # taken again when the fold passes that action
            fold = kept.fold = _Fold(
                replay=mark.replay,
                consumed=mark.consumed,
                states=fold.states[: mark.states],
                last_ml_action=mark.last_ml_action,
                turn_was_hidden=mark.turn_was_hidden,
            )
        for event in itertools.islice(applied, fold.consumed, None):
            if isinstance(event, ActionExecuted):
                kept.actions.append(
                    _ActionCheckpoint(
                        fold.consumed,
                        _bare_copy(fold.replay),
                        len(fold.states),
                        fold.last_ml_action,
                        fold.turn_was_hidden,
                    )
                )
                self._fold_state(fold, fold.replay, event.hide_rule_turn, fold.states)
            fold.replay.update(event)
            fold.consumed += 1
        kept.applied = applied
        return True

    def _final_state(self, fold: _Fold) -> list[State]:
        """The state of the last prior tracker (after all applied events)."""
        final = _Fold(fold.replay, fold.consumed, [], fold.last_ml_action, fold.turn_was_hidden)
        self._fold_state(final, fold.replay, False, fold.states)
        return final.states

    def _fold_state(
        self,
        fold: _Fold,
        replay: DialogueStateTracker,
        hide_rule_turn: bool,
        previous: list[State],
    ) -> None:
        """One step of ``Domain.states_for_tracker_history``: the state of ``replay``
        appended to ``fold.states`` (``previous`` holds the states before it)."""
        domain = self._domain
        assert domain is not None
        if self.ignore_rule_only_turns:
            if not fold.turn_was_hidden:
                fold.last_ml_action = domain._get_prev_action_sub_state(replay)
            if not replay.followup_action and replay.latest_action_name != replay.active_loop_name:
                fold.turn_was_hidden = hide_rule_turn
            if fold.turn_was_hidden:
                return
        state = domain.get_active_state(replay, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self._rule_only_data)
            if previous:
                domain._substitute_rule_only_user_input(state, previous[-1])
            if fold.last_ml_action:
                state[PREVIOUS_ACTION] = fold.last_ml_action
        fold.states.append(domain._clean_state(state))
