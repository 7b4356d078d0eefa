"""Conversation storage housekeeping on Rasa's ``events`` table (no Rasa import needed).

The tracker store (components/tracker_store.py) writes redacted events to the table
``events`` in the same database as the referrals. Staff delete or purge them from here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_metadata = sa.MetaData()
# Mirrors the columns of Rasa 3.6's SQLTrackerStore.SQLEvent that we need.
events_table = sa.Table(
    "events",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


# Counts deletions for the staff report; holds a timestamp only, nothing about the person.
deletions_table = sa.Table(
    "conversation_deletions",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("deleted_at", sa.Float, nullable=False, index=True),
)


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int


def ensure_events_table(engine: Engine) -> None:
    """Create the events table if Rasa has not done so yet (e.g. in a fresh database)."""
    _metadata.create_all(engine, tables=[events_table, deletions_table], checkfirst=True)


def delete_conversation(engine: Engine, sender_id: str) -> int:
    """Delete every event of one conversation; returns the number of deleted events.

    The deletion itself is counted (time only) for the anonymous usage report."""
    ensure_events_table(engine)
    with engine.begin() as conn:
        result = conn.execute(sa.delete(events_table).where(events_table.c.sender_id == sender_id))
        conn.execute(sa.insert(deletions_table).values(deleted_at=time.time()))
        return int(result.rowcount or 0)


def purge_conversations(
    engine: Engine, *, older_than_days: int, now: float | None = None
) -> PurgeResult:
    """Delete conversations whose LAST event is older than ``older_than_days``.

    A conversation that is still active keeps all its events, even its old ones.
    """
    if older_than_days < 0:
        raise ValueError("older_than_days must be >= 0")
    cutoff = (time.time() if now is None else now) - older_than_days * 86400
    last_seen = (
        sa.select(events_table.c.sender_id)
        .group_by(events_table.c.sender_id)
        .having(sa.func.max(events_table.c.timestamp) < cutoff)
    )
    with engine.begin() as conn:
        stale = [row[0] for row in conn.execute(last_seen)]
        deleted = 0
        for chunk_start in range(0, len(stale), 500):
            chunk = stale[chunk_start : chunk_start + 500]
            result = conn.execute(
                sa.delete(events_table).where(events_table.c.sender_id.in_(chunk))
            )
            deleted += int(result.rowcount or 0)
    return PurgeResult(conversations=len(stale), events=deleted)
