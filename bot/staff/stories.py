"""The story tester: a conversation typed by staff, turned into a Rasa test story.

Each message is sent over the running bot's REST channel with a fresh sender id; what the
bot did is read back from the stored events (:class:`bot.events.EventReader`), as the
blind-set harness does. A turn staff mark as right becomes the steps the bot really took
(user message with its intent, actions, form and slot events); a turn marked wrong is saved
with the intent and actions staff expect instead, so the story fails until the bot is fixed.
Stories are appended to ``tests/stories/test_console.yml`` and checked by ``rasa test core``.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.events import BOOKKEEPING_ACTIONS, EventReader, Send, TurnOutcome
from bot.settings import PROJECT_ROOT
from bot.staff.nlu_data import domain_names

STORIES_DIR = PROJECT_ROOT / "tests" / "stories"
CONSOLE_STORIES = STORIES_DIR / "test_console.yml"
STORY_NAME = re.compile(r"^[\wäöüÄÖÜß .,:;()/+-]{3,120}$")
CONSOLE_SENDER_PREFIX = "staff-test-"
CONSOLE_STORIES_HEADER = (
    "# Test stories recorded in the staff console (Story-Test); `make test-stories` runs them.\n"
    'version: "3.1"\nstories:\n'
)


class StoryError(ValueError):
    """A story that cannot be saved as asked (German message for staff)."""


def new_sender_id() -> str:
    return f"{CONSOLE_SENDER_PREFIX}{uuid.uuid4().hex[:16]}"


@dataclass
class RecordedTurn:
    """One message of a recorded conversation and what the bot did with it."""

    text: str  # as stored (redacted)
    intent: str | None
    confidence: float | None
    answer_key: str | None
    actions: list[str]
    responses: list[str]
    replies: list[str]  # the bot's answer texts as shown to staff
    steps: list[dict[str, Any]]  # the story steps of this turn as the bot took them
    right: bool | None = None
    expected_intent: str | None = None
    expected_actions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecordedTurn:
        return cls(**data)


def steps_of(outcome: TurnOutcome, slots: frozenset[str]) -> list[dict[str, Any]]:
    """The test-story steps of one turn, from its stored events."""
    steps: list[dict[str, Any]] = []
    for event in outcome.events:
        kind = event.get("event")
        if kind == "user" and not any("user" in step for step in steps):
            steps.append({"user": event.get("text") or "", "intent": outcome.intent})
        elif kind == "action" and event.get("name") not in BOOKKEEPING_ACTIONS:
            steps.append({"action": event.get("name")})
        elif kind == "active_loop":
            steps.append({"active_loop": event.get("name")})
        elif kind == "slot" and event.get("name") in slots:
            steps.append({"slot_was_set": [{event["name"]: event.get("value")}]})
    return steps


def record_turn(send: Send, reader: EventReader, sender: str, text: str) -> RecordedTurn:
    """Send ``text`` as ``sender`` and read what the bot did."""
    replies = send(sender, text)
    outcome = reader.outcome(sender, replies)
    _, _, slots = domain_names()
    guess = outcome.guess
    return RecordedTurn(
        text=outcome.text if outcome.text is not None else text,
        intent=outcome.intent,
        confidence=outcome.confidence,
        answer_key=guess.answer_key if guess else None,
        actions=[a for a in outcome.actions if a not in BOOKKEEPING_ACTIONS],
        responses=outcome.responses,
        replies=[r.get("text", "") for r in replies if r.get("text")],
        steps=steps_of(outcome, slots),
    )


def story_steps(turns: list[RecordedTurn]) -> list[dict[str, Any]]:
    """All steps; StoryError unless every turn is marked right or has a correction."""
    intents, actions, _ = domain_names()
    steps: list[dict[str, Any]] = []
    for number, turn in enumerate(turns, 1):
        if turn.right:
            steps += turn.steps
            continue
        if not turn.expected_intent or not turn.expected_actions:
            raise StoryError(
                f"Schritt {number}: bitte als richtig markieren oder die erwartete Absicht "
                "und Aktionen angeben."
            )
        if turn.expected_intent not in intents:
            raise StoryError(f"Schritt {number}: unbekannte Absicht {turn.expected_intent}")
        unknown = [a for a in turn.expected_actions if a not in actions]
        if unknown:
            raise StoryError(f"Schritt {number}: unbekannte Aktion(en) {', '.join(unknown)}")
        steps.append({"user": turn.text, "intent": turn.expected_intent})
        steps += [{"action": name} for name in turn.expected_actions]
    if not steps:
        raise StoryError("Die Geschichte hat noch keinen Schritt.")
    return steps


class _StoryDumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if value.endswith("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_StoryDumper.add_representer(str, _str)


def story_yaml(name: str, steps: list[dict[str, Any]]) -> str:
    """One story as list item text in the format of tests/stories/*.yml."""
    rendered = [
        {**step, "user": step["user"].strip() + "\n"} if "user" in step else step for step in steps
    ]
    body = yaml.dump(
        [{"story": name, "steps": rendered}],
        Dumper=_StoryDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        indent=2,
        width=4096,
    )
    return "\n".join("  " + line if line else line for line in body.splitlines()) + "\n"


def story_names(stories_dir: Path = STORIES_DIR) -> dict[str, str]:
    """Story name -> file name, over every test story file."""
    names: dict[str, str] = {}
    for path in sorted(stories_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for story in data.get("stories") or []:
            names[str(story.get("story"))] = path.name
    return names


def save_story(
    name: str, turns: list[RecordedTurn], path: Path = CONSOLE_STORIES
) -> list[dict[str, Any]]:
    """Append the story to ``path`` (created with its header when new); returns its steps."""
    name = " ".join(name.split())
    if not STORY_NAME.match(name):
        raise StoryError("Name: 3–120 Zeichen, Buchstaben, Ziffern und einfache Satzzeichen.")
    if name in story_names(path.parent):
        raise StoryError(f"Eine Geschichte „{name}“ gibt es schon.")
    steps = story_steps(turns)
    text = path.read_text("utf-8") if path.exists() else CONSOLE_STORIES_HEADER
    if not text.endswith("\n"):
        text += "\n"
    text += story_yaml(name, steps)
    parsed = yaml.safe_load(text)  # the file must stay readable before it is written
    if parsed["stories"][-1]["story"] != name:
        raise StoryError("Die Geschichte ließ sich nicht als YAML schreiben.")
    path.write_text(text, encoding="utf-8")
    return steps
