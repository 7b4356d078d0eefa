"""The review inbox: user messages the bot did not understand well, from the stored events.

A message is in the inbox when its turn ended in a fallback (``nlu_fallback`` or Rasa's core
fallback), the intent's confidence was low, the input guard judged it another language, or
the person repeated (nearly) the same words as in their previous message — a sign the first
answer did not help. Button payloads ("/inform_audience{…}") are clicks, not words, and never
count. Messages already labelled are left out.

The events table holds only redacted text (components/tracker_store.py); the text is passed
through :func:`bot.privacy.redact` once more before it is shown, so a row written by some
other tool can still not show personal data. Items are grouped by similar wording (rapidfuzz
on the folded text), the group with the newest message first.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Engine

from bot.db.models import ReviewLabel
from bot.events import FALLBACK_INTENT, Guess, guess_of
from bot.privacy import redact
from bot.privacy.conversations import ensure_events_table, events_table
from bot.text.folding import fold_key

LOW_CONFIDENCE = 0.6
REPEAT_SIMILARITY = 85  # rapidfuzz ratio of two folded messages of one person, in a row
GROUP_SIMILARITY = 80  # token_set_ratio that puts two messages in one group
CORE_FALLBACK_ACTIONS = frozenset({"action_default_fallback"})
OTHER_LANGUAGE_INTENT = "other_language"
# Judged by rules, not by the model: labelling them would teach DIET nothing.
RULE_INTENTS = frozenset({"emergency", "bad_input"})
MAX_EVENTS = 20_000  # newest events read per inbox view

REASON_TITLES = {
    "fallback": "nicht verstanden",
    "low_confidence": "unsicher",
    "other_language": "andere Sprache",
    "repeated": "wiederholt",
}


@dataclass(frozen=True)
class ReviewItem:
    event_id: int
    timestamp: float
    text: str  # redacted
    guess: Guess
    reasons: tuple[str, ...]

    @property
    def reason_titles(self) -> list[str]:
        return [REASON_TITLES[reason] for reason in self.reasons]


@dataclass
class ReviewGroup:
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def newest(self) -> float:
        return max(item.timestamp for item in self.items)

    @property
    def head(self) -> ReviewItem:
        return self.items[0]


@dataclass
class _Turn:
    event_id: int
    timestamp: float
    text: str
    event: dict
    actions: list[str] = field(default_factory=list)


def _turns(rows: Iterable[sa.Row]) -> dict[str, list[_Turn]]:
    """User turns per conversation, in order, each with the actions that followed it."""
    by_sender: dict[str, list[_Turn]] = {}
    for row in rows:
        turns = by_sender.setdefault(row.sender_id, [])
        if row.type_name == "user":
            event = json.loads(row.data or "{}")
            turns.append(_Turn(row.id, row.timestamp or 0.0, event.get("text") or "", event))
        elif turns and row.action_name:
            turns[-1].actions.append(row.action_name)
    return by_sender


def _is_payload(text: str) -> bool:
    return text.lstrip().startswith("/")


def reasons_for(turn: _Turn, previous: _Turn | None) -> tuple[str, ...]:
    """Why a turn belongs in the inbox (empty: it does not)."""
    if _is_payload(turn.text) or not turn.text.strip():
        return ()
    intent = ((turn.event.get("parse_data") or {}).get("intent") or {}).get("name")
    if intent in RULE_INTENTS:
        return ()
    confidence = ((turn.event.get("parse_data") or {}).get("intent") or {}).get("confidence")
    reasons = []
    if intent == FALLBACK_INTENT or CORE_FALLBACK_ACTIONS & set(turn.actions):
        reasons.append("fallback")
    elif confidence is not None and float(confidence) < LOW_CONFIDENCE:
        reasons.append("low_confidence")
    if intent == OTHER_LANGUAGE_INTENT:
        reasons.append("other_language")
    if (
        previous is not None
        and not _is_payload(previous.text)
        and len(fold_key(turn.text)) >= 3
        and fuzz.ratio(fold_key(previous.text), fold_key(turn.text)) >= REPEAT_SIMILARITY
    ):
        reasons.append("repeated")
    return tuple(reasons)


_COLUMNS = (
    events_table.c.id,
    events_table.c.sender_id,
    events_table.c.type_name,
    events_table.c.timestamp,
    events_table.c.action_name,
    events_table.c.data,
)
_TURN_EVENTS = events_table.c.type_name.in_(("user", "action"))


def _items(rows: Iterable[sa.Row], skip: set[int]) -> list[ReviewItem]:
    items = []
    for turns in _turns(sorted(rows, key=lambda row: row.id)).values():
        for index, turn in enumerate(turns):
            if turn.event_id in skip:
                continue
            if reasons := reasons_for(turn, turns[index - 1] if index else None):
                text = redact(turn.text)
                items.append(
                    ReviewItem(turn.event_id, turn.timestamp, text, guess_of(turn.event), reasons)
                )
    items.sort(key=lambda item: (item.timestamp, item.event_id), reverse=True)
    return items


def review_items(
    engine: Engine, *, since: float | None = None, labelled: Sequence[int] = ()
) -> list[ReviewItem]:
    """The inbox's messages, newest first (``labelled``: event ids to leave out)."""
    ensure_events_table(engine)
    newest = sa.select(*_COLUMNS).where(_TURN_EVENTS).order_by(events_table.c.id.desc())
    if since is not None:
        newest = newest.where(events_table.c.timestamp >= since)
    with engine.connect() as conn:
        rows = conn.execute(newest.limit(MAX_EVENTS)).all()
    return _items(rows, set(labelled))


def group_items(items: Sequence[ReviewItem]) -> list[ReviewGroup]:
    """Messages of similar wording together; groups ordered by their newest message."""
    groups: list[ReviewGroup] = []
    keys: list[str] = []
    for item in items:  # newest first: each group's head is its newest message
        key = fold_key(item.text)
        match = process.extractOne(
            key, keys, scorer=fuzz.token_set_ratio, score_cutoff=GROUP_SIMILARITY
        )
        if match is None:
            groups.append(ReviewGroup([item]))
            keys.append(key)
        else:
            groups[match[2]].items.append(item)
    groups.sort(key=lambda group: group.newest, reverse=True)
    return groups


def labelled_event_ids(session: sa.orm.Session) -> list[int]:
    return list(session.execute(sa.select(ReviewLabel.event_id)).scalars())


def inbox(engine: Engine, session: sa.orm.Session, *, days: int | None = None) -> list[ReviewGroup]:
    """The grouped inbox of the last ``days`` (all stored messages when None)."""
    since = time.time() - days * 86400 if days else None
    return group_items(review_items(engine, since=since, labelled=labelled_event_ids(session)))


def find_item(engine: Engine, event_id: int) -> ReviewItem | None:
    """One inbox message by its event id (None if it is not, or no longer, in the inbox)."""
    ensure_events_table(engine)
    sender = sa.select(events_table.c.sender_id).where(
        events_table.c.id == event_id, events_table.c.type_name == "user"
    )
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(*_COLUMNS).where(_TURN_EVENTS, events_table.c.sender_id.in_(sender))
        ).all()
    return next((item for item in _items(rows, set()) if item.event_id == event_id), None)
