"""RecentMemoizationPolicy and RecentRulePolicy predict exactly what Rasa's policies predict.

Both pairs are trained on Lotse's stories and rules with the configuration of config.yml,
then asked for a prediction before every action of long conversations
(tests/long_conversations.py: the test and training stories one after the other, with
rewinds, rejected and interrupted loops, restarts and new sessions), the way Rasa's
processor asks: the older turns as read back from the tracker store (new objects), the
current turn as it grows. Every prediction must be the same: probabilities, events, flags.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa.core.policies.memoization import MemoizationPolicy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.importers.importer import TrainingDataImporter

from components import rasa_patches
from components.policies import RecentMemoizationPolicy, RecentRulePolicy
from components.trackers import IncrementalTracker
from tests.long_conversations import REPO, story_turns


def _policy_config(name: str) -> dict[str, Any]:
    config = yaml.safe_load((REPO / "config.yml").read_text("utf-8"))
    found = [p for p in config["policies"] if p["name"].endswith(name)]
    assert len(found) == 1, name
    return {k: v for k, v in found[0].items() if k != "name"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Domain, list[tuple[Any, Any]]]:
    importer = TrainingDataImporter.load_from_config(
        str(REPO / "config.yml"), str(REPO / "domain.yml"), [str(REPO / "data")]
    )
    domain = importer.get_domain()  # with the responses and the retrieval intents' actions
    stories = importer.get_stories()
    trackers = TrainingDataGenerator(stories, domain, augmentation_factor=0).generate()
    storage = LocalModelStorage(tmp_path_factory.mktemp("policies"))
    context = ExecutionContext(GraphSchema({}), "test")
    pairs = []
    for ours, rasas, name in [
        (RecentMemoizationPolicy, MemoizationPolicy, "MemoizationPolicy"),
        (RecentRulePolicy, RulePolicy, "RulePolicy"),
    ]:
        policies = []
        for cls in (ours, rasas):
            config = {**cls.get_default_config(), **_policy_config(name)}
            policy = cls.create(config, storage, Resource(f"{cls.__name__}"), context)
            policy.train(trackers, domain)
            policies.append(policy)
        pairs.append(tuple(policies))
    return domain, pairs


def _prediction_points(domain: Domain, turns: list[list[Event]]) -> Iterator[IncrementalTracker]:
    stored: list[Event] = []
    for turn in turns:
        tracker = IncrementalTracker.from_events("long", stored, domain.slots)
        for event in turn:
            if isinstance(event, ActionExecuted) and tracker.events:
                yield tracker
            tracker.update(event)
        stored += copy.deepcopy(turn)  # written and read back by the tracker store


def _comparable(prediction: Any) -> dict[str, Any]:
    return {
        "probabilities": prediction.probabilities,
        "events": [e.as_dict() for e in prediction.events],
        "optional_events": [e.as_dict() for e in prediction.optional_events],
        "is_end_to_end_prediction": prediction.is_end_to_end_prediction,
        "is_no_user_prediction": prediction.is_no_user_prediction,
        "hide_rule_turn": prediction.hide_rule_turn,
        "action_metadata": prediction.action_metadata,
    }


@pytest.mark.parametrize("seed", [41, 42])
def test_recent_policies_predict_what_rasas_predict(trained, seed: int) -> None:
    assert rasa_patches.active()
    domain, pairs = trained
    turns = story_turns(domain, seed, messages=100)
    # as in the served graph, every policy gets the rule policy's rule-only data (Lotse's
    # is empty; with a made-up one the memoization policy, which ignores rule-only turns,
    # must still predict what Rasa's predicts)
    rule_only = pairs[1][1]._get_rule_only_data()
    assert set(rule_only) == {"rule_only_slots", "rule_only_loops"}
    if seed % 2:
        rule_only = {"rule_only_slots": ["place"], "rule_only_loops": ["referral_form"]}
    predictions = 0
    predicted_something = 0
    for tracker in _prediction_points(domain, turns):
        for ours, rasas in pairs:
            expected = _comparable(rasas.predict_action_probabilities(tracker, domain, rule_only))
            got = _comparable(ours.predict_action_probabilities(tracker, domain, rule_only))
            assert got == expected
            predicted_something += max(expected["probabilities"]) > 0
        predictions += 1
    assert predictions > 200
    assert predicted_something > predictions  # both policies do predict, not only abstain


def test_rule_conditions_read_once_apply_as_rasas_do(trained) -> None:
    domain, pairs = trained
    ours, rasas = pairs[1]
    keys = sorted(
        {k for lookup in rasas.lookup.values() if isinstance(lookup, dict) for k in lookup}
    )
    assert len(keys) > 50
    states: list[dict] = []
    for tracker in _prediction_points(domain, story_turns(domain, 43, messages=40)):
        states.extend(tracker.past_states(domain)[-3:])
    # the rules' own states too: each matches its rule, and slots set to "should not be set"
    states.extend(s for k in keys[:80] for s in RulePolicy._rule_key_to_state(k))
    assert len(states) > 200
    checked = applicable = 0
    for key in keys:
        for turn_index in range(len(RulePolicy._rule_key_to_state(key)) + 1):
            for state in states:
                expected = RulePolicy._is_rule_applicable(rasas, key, turn_index, state)
                assert ours._is_rule_applicable(key, turn_index, state) == expected
                checked += 1
                applicable += expected
    assert 0 < applicable < checked


def test_recent_rule_policy_reads_only_a_few_states(trained) -> None:
    _domain, pairs = trained
    (memo, _), (rules, _) = pairs
    assert memo._states_needed() == 4
    assert 1 < rules._states_needed() <= 12  # one more than the longest rule
