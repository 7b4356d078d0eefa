"""What the bot did, read back from the stored (redacted) events of Rasa's ``events`` table.

The tracker store (components/tracker_store.py) writes one row per event; a user event's
``parse_data`` holds the intent, its confidence and, for retrieval intents, the answer key the
ResponseSelector chose. Used by the blind-set harness (tests/blind/harness.py), the staff
console's story tester and its review inbox.
"""

from __future__ import annotations

import json
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.privacy.conversations import events_table

FALLBACK_INTENT = "nlu_fallback"
Send = Callable[[str, str], list[dict[str, Any]]]
# Actions every turn runs: they say nothing about what the bot understood.
BOOKKEEPING_ACTIONS = frozenset({"action_listen", "action_session_start"})


def rest_sender(rasa_url: str, timeout: float = 60.0) -> Send:
    """Sends one message over Rasa's REST channel and returns the bot's messages."""

    def send(sender: str, message: str) -> list[dict[str, Any]]:
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(
            f"{rasa_url.rstrip('/')}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    return send


@dataclass(frozen=True)
class Guess:
    """The bot's reading of one user message."""

    intent: str | None
    confidence: float | None
    answer_key: str | None  # e.g. "wissen/salafismus" for a retrieval intent
    answer_confidence: float | None = None

    @property
    def label(self) -> str | None:
        """The most specific name: the answer key where there is one, else the intent."""
        return self.answer_key or self.intent


def guess_of(user_event: dict[str, Any]) -> Guess:
    """The intent (or, after a fallback, the best real intent) and answer key of a user event."""
    parse = user_event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence")
    if name == FALLBACK_INTENT:
        # The FallbackClassifier puts itself first; the bot's real guess comes next.
        ranked = [r for r in parse.get("intent_ranking") or [] if r.get("name") != name]
        if ranked:
            name, confidence = ranked[0].get("name"), ranked[0].get("confidence")
    answer_key, answer_confidence = None, None
    selector = parse.get("response_selector") or {}
    for part in (selector.get(name or ""), selector.get("default")):
        response = (part or {}).get("response") or {}
        key = response.get("intent_response_key")
        if key and name and key.split("/")[0] == name:
            answer_key, answer_confidence = key, response.get("confidence")
            break
    if answer_key is None and (full := intent.get("full_retrieval_intent_name")):
        answer_key = full
    return Guess(
        intent=name,
        confidence=float(confidence) if confidence is not None else None,
        answer_key=answer_key,
        answer_confidence=float(answer_confidence) if answer_confidence is not None else None,
    )


@dataclass
class TurnOutcome:
    """What the bot did for one user message (read from the stored events)."""

    intent: str | None = None
    full_intent: str | None = None
    confidence: float | None = None
    guess: Guess | None = None
    text: str | None = None  # the user's message as stored (redacted)
    responses: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)  # slots as they stand after the turn
    set_slots: set[str] = field(default_factory=set)  # slots set in this turn
    events: list[dict[str, Any]] = field(default_factory=list)  # this turn's stored events
    texts: list[str] = field(default_factory=list)
    deleted: bool = False
    replies: int = 0

    def said(self, *names: str) -> bool:
        return any(name in self.responses for name in names)

    def did(self, *names: str) -> bool:
        return any(name in self.actions for name in names)


def apply_event(outcome: TurnOutcome, type_name: str, event: dict[str, Any]) -> None:
    """Add one stored event to the outcome of its turn."""
    outcome.events.append(event)
    if type_name == "user" and outcome.intent is None:
        intent = (event.get("parse_data") or {}).get("intent") or {}
        outcome.intent = intent.get("name")
        outcome.full_intent = intent.get("full_retrieval_intent_name")
        confidence = intent.get("confidence")
        outcome.confidence = float(confidence) if confidence is not None else None
        outcome.guess = guess_of(event)
        outcome.text = event.get("text")
    elif type_name == "bot":
        name = (event.get("metadata") or {}).get("utter_action")
        if name:
            outcome.responses.append(name)
    elif type_name == "action":
        outcome.actions.append(event.get("name"))
    elif type_name == "slot":
        outcome.slots[event["name"]] = event.get("value")
        outcome.set_slots.add(event["name"])
    elif type_name in ("restart", "session_started"):
        outcome.slots.clear()


@dataclass
class EventReader:
    """Reads what the bot stored for one sender since the last read.

    ``outcome_type`` lets a caller use a subclass of :class:`TurnOutcome` with its own
    judgements (the blind-set harness does)."""

    database_url: str
    outcome_type: type[TurnOutcome] = TurnOutcome
    _engine: Engine | None = None
    _last: dict[str, int] = field(default_factory=dict)
    _slots: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = sa.create_engine(self.database_url, future=True)
        return self._engine

    def outcome(self, sender: str, replies: list[dict[str, Any]]) -> TurnOutcome:
        events = events_table.c
        query = (
            sa.select(events.id, events.type_name, events.data)
            .where(events.sender_id == sender, events.id > self._last.get(sender, 0))
            .order_by(events.id)
        )
        count = sa.select(sa.func.count()).where(events.sender_id == sender)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            remaining = conn.execute(count).scalar_one()
        outcome = self.outcome_type(
            replies=len(replies), texts=[r.get("text", "") for r in replies]
        )
        slots = self._slots[sender]
        if remaining == 0:
            # The turn deleted the conversation (and with it its own events).
            outcome.deleted = True
            slots.clear()
            self._last[sender] = 0
            return outcome
        outcome.slots = slots
        for row_id, type_name, data in rows:
            self._last[sender] = row_id
            apply_event(outcome, type_name, json.loads(data))
        outcome.slots = dict(slots)
        return outcome

    def resume(self, sender: str, after_event_id: int) -> None:
        """Continue a conversation whose events up to ``after_event_id`` were read before."""
        self._last[sender] = after_event_id

    def position(self, sender: str) -> int:
        """The id of the last event read for ``sender`` (0: none)."""
        return self._last.get(sender, 0)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
