"""The action server gets the recent events only, and every action answers as before.

``components.rasa_patches`` sends the action server the events from the second-last user
message on, the earlier user messages the form remembers and the last knowledge answer
instead of the whole conversation. On long
conversations (the test and training stories one after the other, with the bot's answers;
tests/long_conversations.py), each custom action the stories run, and the follow-up action
at every turn, is run through the Rasa SDK's executor with Rasa's full request and with
the trimmed one: the events and messages it returns must be the same.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
import yaml
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor

from components import rasa_patches
from tests.long_conversations import REPO, load_domain, story_turns

FOLLOWUP = "action_answer_followup"


def _answer_keys() -> dict[str, list[str]]:
    responses = yaml.safe_load((REPO / "data" / "responses" / "knowledge.yml").read_text())
    keys: dict[str, list[str]] = {}
    for name in responses["responses"]:
        intent, _, _ = name.partition("/")
        keys.setdefault(intent, []).append(name)
    return keys


def _with_bot_messages(turns: list[list[Event]], seed: int) -> list[list[Event]]:
    """The bot messages Rasa logs after each response action, with its response name."""
    rng = random.Random(seed)
    keys = _answer_keys()
    out = []
    for turn in turns:
        events: list[Event] = []
        for event in turn:
            events.append(event)
            name = event.action_name if isinstance(event, ActionExecuted) else None
            if name and name.startswith("utter_"):
                response = rng.choice(keys[name]) if name in keys else name
                events.append(BotUttered("…", metadata={"utter_action": response}))
        out.append(events)
    return out


def _action_endpoint() -> EndpointConfig:
    """The action endpoint as endpoints.yml configures it (selective domain: only the
    validate_* actions are sent the domain)."""
    config = yaml.safe_load((REPO / "endpoints.yml").read_text())["action_endpoint"]
    return EndpointConfig.from_dict({**config, "url": "http://localhost:5055/webhook"})


def _request(action: str, tracker: DialogueStateTracker, domain: Any, trimmed: bool) -> dict:
    """Rasa's full request (every event, the domain), or what Lotse sends: the recent events,
    and the domain only to the actions that read it."""
    if not trimmed:
        full = RemoteAction(action, None)
        return rasa_patches._original_action_call_format(full, tracker, domain)
    lotse = RemoteAction(action, _action_endpoint())
    return rasa_patches._action_call_format(lotse, tracker, domain)


def _custom_actions(domain: Any) -> set[str]:
    return {
        name
        for name in domain.user_actions
        if name.startswith(("action_", "validate_")) and name not in domain.form_names
    }


@pytest.mark.usefixtures("seeded_db")
def test_every_action_answers_the_trimmed_request_as_the_full_one() -> None:
    domain = load_domain()
    custom = _custom_actions(domain)
    executor = ActionExecutor()
    executor.register_package("actions")
    turns = _with_bot_messages(story_turns(domain, 21, messages=80), seed=21)
    events: list[Event] = []
    compared: dict[str, int] = {}
    for turn in turns:
        for event in turn:
            name = event.action_name if isinstance(event, ActionExecuted) else None
            for action in {name, FOLLOWUP} & custom if name else ():
                tracker = DialogueStateTracker.from_events("long", events, domain.slots)
                full = _request(action, tracker, domain, trimmed=False)
                trimmed = _request(action, tracker, domain, trimmed=True)
                assert len(trimmed["tracker"]["events"]) <= len(full["tracker"]["events"])
                assert {k: v for k, v in trimmed["tracker"].items() if k != "events"} == {
                    k: v for k, v in full["tracker"].items() if k != "events"
                }
                ours, rasas = asyncio.run(executor.run(trimmed)), asyncio.run(executor.run(full))
                assert ours == rasas, action
                compared[action] = compared.get(action, 0) + 1
            events.append(event)
    assert compared.get(FOLLOWUP, 0) > 50
    assert "action_find_referral" in compared and "action_referral_details" in compared
    assert len(compared) >= 4  # the referral, form, fallback and follow-up actions


def test_only_the_form_validation_is_sent_the_domain() -> None:
    domain = load_domain()
    tracker = DialogueStateTracker.from_events("d", [], domain.slots)
    for action in _custom_actions(domain):
        request = _request(action, tracker, domain, trimmed=True)
        assert ("domain" in request) == action.startswith("validate_"), action
        if "domain" in request:  # what the SDK's form validation reads, not the responses
            assert "responses" not in request["domain"]
            assert request["domain"]["forms"] and request["domain"]["slots"]


def test_the_window_starts_at_the_second_last_message_and_keeps_what_actions_read() -> None:
    domain = load_domain()
    turns = _with_bot_messages(story_turns(domain, 22, messages=30), seed=22)
    events = [event for turn in turns for event in turn]
    tracker = DialogueStateTracker.from_events("long", events, domain.slots)
    window = rasa_patches.action_events(tracker)
    users = [i for i, e in enumerate(events) if e.type_name == "user"]
    recent = events[users[-2] :]
    assert window[-len(recent) :] == recent
    answers = [e for e in events if isinstance(e, BotUttered) and "/" in e.metadata["utter_action"]]
    assert answers[-1] in window
    older = window[: -len(recent)]
    boundary = max(
        (i for i, e in enumerate(events[: users[-2]]) if rasa_patches._memory_boundary(e)),
        default=-1,
    )
    memory = [e for e in events[boundary + 1 : users[-2]] if e.type_name == "user"]
    assert [e for e in older if e.type_name == "user"] == memory  # the form's memory
    assert len(older) <= len(memory) + 2  # and at most the boundary and the last answer
    assert len(window) < len(events) / 2


def _user(text: str, intent: str) -> list[Event]:
    from rasa.shared.core.events import UserUttered

    return [
        UserUttered(text, {"name": intent, "confidence": 1.0}),
        ActionExecuted("utter_x"),
        ActionExecuted("action_listen"),
    ]


@pytest.mark.usefixtures("seeded_db")
def test_the_form_remembers_a_place_named_many_turns_back_from_the_trimmed_request() -> None:
    from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered

    domain = load_domain()
    executor = ActionExecutor()
    executor.register_package("actions")
    events: list[Event] = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    events += _user("Wir wohnen in Bonn, was kostet eine Beratung?", "vertrauen")
    for _ in range(4):  # more turns than the recent window holds
        events += _user("danke", "thanks")
    events += [
        UserUttered("Ich suche eine Beratung", {"name": "ask_referral", "confidence": 1.0}),
        ActionExecuted("referral_form"),
        ActiveLoop("referral_form"),
        SlotSet("requested_slot", "audience"),
    ]
    tracker = DialogueStateTracker.from_events("memory", events, domain.slots)
    full = _request("validate_referral_form", tracker, domain, trimmed=False)
    trimmed = _request("validate_referral_form", tracker, domain, trimmed=True)
    assert len(trimmed["tracker"]["events"]) < len(full["tracker"]["events"])
    rasas = asyncio.run(executor.run(full))
    assert any(e.get("name") == "place" and e.get("value") for e in rasas["events"])  # remembered
    assert asyncio.run(executor.run(trimmed)) == rasas
