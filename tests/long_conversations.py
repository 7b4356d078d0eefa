"""Long conversations for the tests of the shortcuts that keep work between turns.

``story_turns`` plays the test stories and the training stories one after the other (forms,
slots, entities, loops) as one conversation of Rasa events, with the paths that Rasa's
``applied_events`` treats specially mixed in: rewinds, reverted actions, rejected and
interrupted loops, loop actions executed again, restarts and new sessions. ``messages``
gives the user messages of a long conversation through the running bot: the test stories'
messages, each followed by an NLU training example (other topics, other wording).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    Event,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

REPO = Path(__file__).resolve().parents[1]
TEST_STORIES = sorted((REPO / "tests" / "stories").glob("*.yml"))
ENDING = {"delete_conversation", "restart"}  # intents that end a conversation
STORY_FILES = [*TEST_STORIES, REPO / "data" / "stories" / "conversations.yml"]


def load_domain(influencing_slots: bool = False) -> Domain:
    """Lotse's domain; with ``influencing_slots`` every slot is featurized."""
    domain = Domain.load([str(REPO / "domain.yml"), str(REPO / "data" / "responses")])
    if not influencing_slots:
        return domain
    data = domain.as_dict()
    for slot in data["slots"].values():
        slot["influence_conversation"] = True
    return Domain.from_dict(data)


def _story_events(domain: Domain) -> list[list[Event]]:
    reader = YAMLStoryReader(domain)
    return [
        step.explicit_events(domain, should_append_final_listen=True)
        for path in STORY_FILES
        for step in reader.read_from_file(str(path))
    ]


def _surprise(rng: random.Random, name: str) -> list[Event]:
    """An event sequence that Rasa's applied_events treats specially, after action ``name``."""
    surprise = rng.choice(["reject", "interrupt", "revert", "rewind", "restart", "again"])
    if surprise == "reject":
        return [ActionExecutionRejected(name)]
    if surprise == "interrupt":
        return [LoopInterrupted(True)]
    if surprise == "revert":
        return [ActionReverted()]
    if surprise == "rewind":
        return [UserUtteranceReverted()]
    if surprise == "restart" and rng.random() < 0.3:
        return [Restarted(), ActionExecuted("action_session_start"), SessionStarted()]
    if surprise == "again":  # a loop action executed again (its happy path)
        return [ActionExecuted(name), ActiveLoop(name), SlotSet("requested_slot", None)]
    return []


def story_turns(domain: Domain, seed: int, messages: int) -> list[list[Event]]:
    """A conversation of at least ``messages`` user messages, as turns: the first turn is the
    session start, every other starts with a user message and ends with action_listen."""
    rng = random.Random(seed)
    stories = _story_events(domain)
    turns: list[list[Event]] = [
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    ]
    while sum(isinstance(e, UserUttered) for turn in turns for e in turn) < messages:
        turn: list[Event] = []
        for event in copy.deepcopy(rng.choice(stories)):
            if isinstance(event, ActionExecuted) and event.action_name == "action_listen":
                if turn:
                    turns.append([*turn, event])
                    turn = []
                continue
            turn.append(event)
            if isinstance(event, ActionExecuted) and rng.random() < 0.08:
                turn += _surprise(rng, event.action_name or "")
        if turn:
            turns.append([*turn, ActionExecuted("action_listen")])
    return turns


def _story_messages() -> list[str]:
    texts = []
    for path in TEST_STORIES:
        for story in yaml.safe_load(path.read_text("utf-8")).get("stories", []):
            texts += [
                step["user"].strip()
                for step in story["steps"]
                if "user" in step and step.get("intent") not in ENDING
            ]
    return texts


def _nlu_examples() -> list[str]:
    texts = []
    for path in sorted((REPO / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text("utf-8")).get("nlu") or []:
            if item.get("intent") in ENDING:
                continue
            for line in (item.get("examples") or "").splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text and "[" not in text:  # no entity markup
                    texts.append(text)
    return texts


def messages(seed: int, count: int) -> list[str]:
    """``count`` user messages of one conversation: the test stories' messages in order, each
    followed by an NLU training example; none that deletes or restarts the conversation."""
    rng = random.Random(seed)
    stories, examples = _story_messages(), _nlu_examples()
    out: list[str] = []
    while len(out) < count:
        for text in stories:
            out += [text, rng.choice(examples)] if examples else [text]
    return out[:count]
