"""Rasa's MemoizationPolicy and RulePolicy, reading only the states they look at.

Both policies predict from the dialogue states of the conversation (``past_states``), which
Rasa rebuilds from every event of the conversation for every prediction of every policy:
in a long conversation that was most of a Rasa process's time, growing with every message
(docs/performance.md). These subclasses (named in config.yml) take the states from a
``StateHistory`` that keeps its work between predictions, and only the last few of them:

* ``RecentMemoizationPolicy`` looks up its ``max_history`` last states, as Rasa's does after
  slicing (action_unlikely_intent states, which Rasa drops before slicing, do not count);
* ``RecentRulePolicy`` compares rules backwards from the latest state and stops at the
  longest rule: one state more than that is all it reads. A rule matching the states is a
  rule matching the whole history (every rule is shorter), and the key Rasa makes of the
  states when no rule matches is, as with the whole history, longer than every rule key, so
  it names no rule. Its rule lookup also starts with the rules whose last state names the
  conversation's previous action (a rule naming another action cannot match) and stops
  once every remaining rule is shorter than the step; what a rule requires of each state
  is read from its key once, not converted again for every comparison.

Training and Rasa's training trackers go the original way (rule training reads the keys of
whole histories). With ``LOTSE_RASA_PATCHES=0`` or another Rasa version than the pinned one
both behave exactly as their parents (components/rasa_patches.py). Tests:
tests/unit/test_state_history.py (the states), tests/unit/test_policies.py (the predictions).
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

from rasa.core.featurizers.tracker_featurizers import _is_prev_action_unlikely_intent_in_state
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.policy import SupportedData
from rasa.core.policies.rule_policy import (
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
    RulePolicy,
)
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME

from components import rasa_patches
from components.state_history import StateHistory

# Rasa's recipe validator compares the policy classes with ``==``: a RulePolicy subclass is
# reported missing although it runs (its domain check runs in ``train`` below).
warnings.filterwarnings(
    "ignore", message="'RulePolicy' is not included in the model's policy configuration"
)


class _RecentHistory:
    """What the featurizer reads of a tracker (``past_states``), from a ``StateHistory``."""

    def __init__(
        self, tracker: DialogueStateTracker, histories: dict, count: int, skipped: Any
    ) -> None:
        self._tracker = tracker
        self._histories = histories
        self._count = count
        self._skipped = skipped

    def past_states(
        self,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        key = (omit_unset_slots, ignore_rule_only_turns)
        history = self._histories.get(key)
        if history is None:
            history = self._histories[key] = StateHistory(ignore_rule_only_turns, omit_unset_slots)
        return history.recent(
            self._tracker, domain, self._count, rule_only_data, not_counting=self._skipped
        )


class _RecentStatesMixin:
    """``_prediction_states`` from the last ``_states_needed()`` states of the history."""

    featurizer: Any

    def _states_needed(self) -> int:
        raise NotImplementedError

    def _skipped_states(self) -> Any:
        return None

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        parent = super()._prediction_states  # type: ignore[misc]
        if not rasa_patches.active() or isinstance(tracker, TrackerWithCachedStates):
            return parent(tracker, domain, use_text_for_last_user_input, rule_only_data)
        histories = self.__dict__.setdefault("_lotse_histories", {})
        view = _RecentHistory(tracker, histories, self._states_needed(), self._skipped_states())
        return parent(view, domain, use_text_for_last_user_input, rule_only_data)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentMemoizationPolicy(_RecentStatesMixin, MemoizationPolicy):
    """MemoizationPolicy that reads only its ``max_history`` last states."""

    def _states_needed(self) -> int:
        return int(self.featurizer.max_history or 0)

    def _skipped_states(self) -> Any:
        # Rasa drops these states before it slices the history (ML policies only).
        if self.supported_data() == SupportedData.ML_DATA:
            return _is_prev_action_unlikely_intent_in_state
        return None


# One condition of a rule state: (state type, key, value, must be unset).
_Condition = tuple[str, str, Any, bool]


@functools.lru_cache(maxsize=8192)
def _rule_conditions(rule_key: str) -> tuple[tuple[bool, tuple[_Condition, ...]], ...]:
    """Per turn back from the latest (``turn_index``): whether the rule's state has a
    previous action, and what ``RulePolicy._does_rule_match_state`` checks of it, read
    from the rule key once instead of on every comparison (lists back to tuples, values
    the rule leaves open dropped)."""
    turns = []
    for rule_state in reversed(RulePolicy._rule_key_to_state(rule_key)):
        conditions = []
        for state_type, sub_state in rule_state.items():
            for key, value in sub_state.items():
                if isinstance(value, list):  # json turns tuples into lists
                    value = tuple(value)
                if value == SHOULD_NOT_BE_SET:
                    conditions.append((state_type, key, value, True))
                elif value:
                    conditions.append((state_type, key, value, False))
        turns.append((bool(rule_state.get(PREVIOUS_ACTION)), tuple(conditions)))
    return tuple(turns)


class _RuleIndex:
    """The rules of one lookup, by the previous action their last state requires."""

    def __init__(self, lookup: dict[str, str]) -> None:
        self.lookup = lookup
        self.keys = frozenset(lookup)
        self.by_action: dict[str, set[str]] = {}
        self.any_action: set[str] = set()
        self.longest = 0
        for key in lookup:
            states = RulePolicy._rule_key_to_state(key)
            self.longest = max(self.longest, len(states))
            name = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME) if states else None
            if isinstance(name, str) and name and name != SHOULD_NOT_BE_SET:
                self.by_action.setdefault(name, set()).add(key)
            else:
                self.any_action.add(key)

    def is_for(self, lookup: dict[str, str]) -> bool:
        return self.lookup is lookup and self.keys == lookup.keys()

    def candidates(self, state: State) -> set[str]:
        name = (state.get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
        return self.any_action | self.by_action.get(name, set())


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentRulePolicy(_RecentStatesMixin, RulePolicy):
    """RulePolicy that reads one state more than its longest rule, with an indexed lookup."""

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        # what Rasa's recipe validator checks for RulePolicy itself (see the filter above)
        RulePolicy.raise_if_incompatible_with_domain(self.config, domain)
        return super().train(training_trackers, domain, **kwargs)

    def _rule_index(self, lookup: dict[str, str]) -> _RuleIndex:
        indexes: dict[int, _RuleIndex] = self.__dict__.setdefault("_lotse_rule_indexes", {})
        index = indexes.get(id(lookup))
        if index is None or not index.is_for(lookup):
            if len(indexes) > 16:  # training builds many lookups; inference has two
                indexes.clear()
            index = indexes[id(lookup)] = _RuleIndex(lookup)
        return index

    def _states_needed(self) -> int:
        lookups = [self.lookup.get(RULES) or {}, self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH) or {}]
        return 1 + max(self._rule_index(lookup).longest for lookup in lookups)

    def _is_rule_applicable(
        self, rule_key: str, turn_index: int, conversation_state: State
    ) -> bool:
        """Rasa's answer, from the rule's conditions read once (``_rule_conditions``)."""
        if not rasa_patches.active():
            return super()._is_rule_applicable(rule_key, turn_index, conversation_state)
        turns = _rule_conditions(rule_key)
        if turn_index >= len(turns):
            return True  # further back than the rule reaches
        rule_has_previous, conditions = turns[turn_index]
        has_previous = bool(conversation_state.get(PREVIOUS_ACTION))
        if not (rule_has_previous and has_previous):
            return not rule_has_previous and not has_previous  # both conversation starts
        for state_type, key, value, must_be_unset in conditions:
            found = conversation_state.get(state_type, {}).get(key)
            if must_be_unset:
                if found and found != SHOULD_NOT_BE_SET:
                    return False
            elif found != value:
                return False
        return True

    def _get_possible_keys(self, lookup: dict[str, str], states: list[State]) -> set[str]:
        if not rasa_patches.active():
            return super()._get_possible_keys(lookup, states)
        possible_keys = set(lookup.keys())
        rule_states = self._rule_key_to_state  # cached json.loads of the rule key
        for turn_index, state in enumerate(reversed(states)):
            if not possible_keys or all(len(rule_states(k)) <= turn_index for k in possible_keys):
                break  # every remaining rule is shorter than this: it applies whatever the state
            pool = self._rule_index(lookup).candidates(state) if turn_index == 0 else possible_keys
            possible_keys = {
                key for key in pool if self._is_rule_applicable(key, turn_index, state)
            }
        return possible_keys
