"""SQL tracker store that never writes personal data and honours "Gespräch löschen".

- Every event is redacted with ``bot.privacy.redact_obj`` before it is written.
- When a turn ran ``action_delete_conversation``, all stored events of that sender are
  deleted and nothing of the turn is written: the next message starts a new conversation.
- The database is the referral database (``DATABASE_URL``, SQLite by default).
- Database unreachable (PostgreSQL stopped, restarted, network gone): a message is still
  answered, from itself alone, as the first of a new conversation, and nothing of it is
  stored; a deletion asked for meanwhile is carried out as soon as the database answers
  again (in this process). One ERROR line when the database goes away, one WARNING line
  when it is back; pooled connections are checked before use (``pool_pre_ping``), so the
  store recovers by itself. Rasa's own ``FailSafeTrackerStore`` would instead keep the
  unredacted conversation in memory and could append a fresh session's events to the stored
  conversation once the database is back.
- Conversations read recently stay in this process, as the tracker Rasa would build from
  the stored rows. Each turn asks the database only for the rows after the last one known
  (one indexed query, which also counts the sender's rows and re-reads the last known row):
  the new rows are added to the kept tracker, and the turn gets a copy of it, which knows
  how many of its events are stored: its save writes the rest without counting the rows
  first (a tracker the store did not read or write, a copy of one, counts them). Anything
  unexpected (the last known row gone or changed, a row count that does not add up, a new
  session) reads the whole session again, as Rasa does. Several Rasa processes stay right
  because every turn asks the database; the Redis lock store makes their turns of one
  conversation run one after the other. ``cached_events`` (endpoints.yml; 0 switches the
  cache off) bounds the events kept in memory; ``LOTSE_RASA_PATCHES=0`` switches it off too.
  tests/unit/test_kept_trackers.py plays long conversations through kept and unkept stores
  (two kept ones on one database, taking turns) and compares the trackers and stored rows.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import redact, redact_obj
from bot.privacy.conversations import delete_conversation
from bot.settings import get_settings
from components import rasa_patches
from components.trackers import IncrementalTracker

logger = logging.getLogger(__name__)
_redact_bot_text = functools.lru_cache(maxsize=1024)(redact)

DELETE_ACTION = "action_delete_conversation"
# What "the database is unreachable" looks like to SQLAlchemy (refused, reset, timed out).
UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError)
PG_CONNECT_TIMEOUT_S = 5
# Set on a tracker begun while the database was unreachable: it is never written, because
# its events do not continue the stored conversation.
_NOT_STORED = "_lotse_not_stored"

# The same rows as Rasa's ORM query (the events of the latest conversation session, in id
# order), as Core statements built once: the ORM query was rebuilt, re-keyed for the
# statement cache and loaded into objects on every turn (17 % of the time under load).
_EVENTS = SQLTrackerStore.SQLEvent.__table__
_SESSION_START = (
    sa.select(sa.func.max(_EVENTS.c.timestamp))
    .where(
        _EVENTS.c.sender_id == sa.bindparam("sender_id"),
        _EVENTS.c.type_name == "session_started",
    )
    .scalar_subquery()
)
_IN_LATEST_SESSION = sa.and_(
    _EVENTS.c.sender_id == sa.bindparam("sender_id"),
    sa.or_(_EVENTS.c.timestamp >= _SESSION_START, _SESSION_START.is_(None)),
)
_LATEST_SESSION_DATA = sa.select(_EVENTS.c.data).where(_IN_LATEST_SESSION).order_by(_EVENTS.c.id)
_LATEST_SESSION_COUNT = sa.select(sa.func.count()).select_from(_EVENTS).where(_IN_LATEST_SESSION)
# For the kept trackers: every row of the sender counted, so rows that vanished or arrived
# out of order are noticed.
_SENDER_ROWS = (
    sa.select(sa.func.count())
    .select_from(_EVENTS)
    .where(_EVENTS.c.sender_id == sa.bindparam("sender_id"))
    .scalar_subquery()
)
_ROW_COLUMNS = (
    _EVENTS.c.id,
    _EVENTS.c.type_name,
    _EVENTS.c.timestamp,
    _EVENTS.c.data,
    _SENDER_ROWS.label("sender_rows"),
)
_LATEST_SESSION_ROWS = sa.select(*_ROW_COLUMNS).where(_IN_LATEST_SESSION).order_by(_EVENTS.c.id)
_ROWS_FROM_ID = (
    sa.select(*_ROW_COLUMNS)
    .where(_EVENTS.c.sender_id == sa.bindparam("sender_id"))
    .where(_EVENTS.c.id >= sa.bindparam("last_id"))
    .order_by(_EVENTS.c.id)
)
DEFAULT_CACHED_EVENTS = 20_000


def _sqlite_tracker_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL with synchronous=NORMAL: a commit no longer waits for an fsync of the whole file
    (it was 14 % of a Rasa process's time under load), readers never block the writer, and a
    crash can lose at most the last turn, never corrupt the file. secure_delete overwrites
    deleted events, so "Gespräch löschen" leaves no readable text in free pages."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


@dataclass
class _KeptTracker:
    """A sender's latest session as read from the database, and where the reading stopped."""

    tracker: IncrementalTracker  # never handed out: each turn gets a copy
    last_id: int
    last_data: str
    session_start: float | None  # the newest session_started timestamp, as Rasa's query
    sender_rows: int  # all rows of the sender when last read


class _KeptTrackers:
    """The most recently read conversations, at most ``max_events`` events in all."""

    def __init__(self, max_events: int) -> None:
        self.max_events = max_events
        self.domain: Domain | None = None
        self._kept: OrderedDict[str, _KeptTracker] = OrderedDict()
        self._events = 0

    def get(self, sender_id: str, domain: Domain) -> _KeptTracker | None:
        if domain is not self.domain:  # a new model: slots may have changed
            self.clear()
            self.domain = domain
        kept = self._kept.get(sender_id)
        if kept is not None:
            self._kept.move_to_end(sender_id)
        return kept

    def put(self, sender_id: str, kept: _KeptTracker) -> None:
        self.drop(sender_id)
        if not self.max_events or len(kept.tracker.events) > self.max_events:
            return
        self._kept[sender_id] = kept
        self.grew(len(kept.tracker.events))

    def grew(self, by: int) -> None:
        self._events += by
        while self._events > self.max_events and self._kept:
            _, oldest = self._kept.popitem(last=False)
            self._events -= len(oldest.tracker.events)

    def drop(self, sender_id: str) -> None:
        kept = self._kept.pop(sender_id, None)
        if kept is not None:
            self._events -= len(kept.tracker.events)

    def clear(self) -> None:
        self._kept.clear()
        self._events = 0


@dataclass
class _Stored:
    """The first ``count`` events of the deque ``events`` are the stored latest session."""

    events: Any  # the tracker's deque this is about (a copy of the tracker has its own)
    count: int
    last: Any  # the last of them, by identity

    def __deepcopy__(self, memo: dict) -> None:
        return None  # a deep copy is another tracker: its save counts the rows again


_STORED = "_lotse_stored"


def _mark_stored(tracker: DialogueStateTracker) -> None:
    """Remember on ``tracker`` that all its events are stored (read or just written): its
    next save writes the events after them without counting the stored rows first. The
    lock store keeps other writers of the conversation out until the turn is saved."""
    events = tracker.events
    if events.maxlen is None:  # a bounded history has dropped events the rows still hold
        tracker.__dict__[_STORED] = _Stored(events, len(events), events[-1] if events else None)


def _known_stored(tracker: DialogueStateTracker) -> int | None:
    """How many of ``tracker``'s events are stored, if this tracker object knows it."""
    stored = tracker.__dict__.get(_STORED)
    events = tracker.events
    if stored is None or stored.events is not events or len(events) < stored.count:
        return None
    if stored.count and events[stored.count - 1] is not stored.last:
        return None
    return stored.count


def _deletes_this_turn(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION:
            return True
    return False


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore on ``DATABASE_URL`` with redaction and deletion on request."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: Any = None,
        database_url: str | None = None,
        cached_events: int = DEFAULT_CACHED_EVENTS,
        **kwargs: Any,
    ) -> None:
        # Deliberately not calling SQLTrackerStore.__init__: it builds its URL from
        # dialect/host/db parts, we take one URL shared with the referral database.
        url = database_url or get_settings().database_url
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        if url.startswith("sqlite"):
            # SQLAlchemy 1.4 gives file SQLite a NullPool: a new connection per turn, and
            # closing the last one checkpoints the WAL (15 % of the time under load). One
            # pooled connection per thread keeps it open.
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_tracker_pragmas)
        else:
            options = create_engine_kwargs(url)
            if url.startswith("postgresql"):
                connect_args = options.setdefault("connect_args", {})
                connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
            self.engine = sa.create_engine(url, pool_pre_ping=True, **options)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._kept = _KeptTrackers(int(cached_events))
        super(SQLTrackerStore, self).__init__(domain, event_broker, **kwargs)
        self._schema_ready = False
        self._unreachable_since: float | None = None
        self._pending_deletions: set[str] = set()
        try:
            self._ensure_schema()
        except UNREACHABLE as exc:
            # Rasa starts anyway (a restart during an outage must not fail); the table is
            # created on the first use that reaches the database.
            self._went_away(exc)

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        try:
            self.Base.metadata.create_all(self.engine)
        except sa.exc.DBAPIError:
            # Several Rasa processes starting on a fresh database race to create the events
            # table; the loser's CREATE fails, and the table exists now (checked again; an
            # unreachable database fails again, as UNREACHABLE).
            self.Base.metadata.create_all(self.engine)
        self._schema_ready = True

    def _went_away(self, exc: BaseException) -> None:
        if self._unreachable_since is None:
            self._unreachable_since = time.monotonic()
            logger.error(
                "Tracker store database %s is unreachable (%s): messages are answered from "
                "themselves alone and not stored until it is back.",
                self.engine.url.render_as_string(hide_password=True),
                str(exc).splitlines()[0],
            )

    def _reached(self) -> None:
        """The database answers: finish deletions it held up, report the end of an outage."""
        for sender_id in sorted(self._pending_deletions):
            self._kept.drop(sender_id)
            removed = delete_conversation(self.engine, sender_id)
            self._pending_deletions.discard(sender_id)
            logger.info("Conversation deleted on request after the outage (%d events).", removed)
        if self._unreachable_since is not None:
            logger.warning(
                "Tracker store database is reachable again after %.0f s.",
                time.monotonic() - self._unreachable_since,
            )
            self._unreachable_since = None

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session of ``sender_id``; a new one that is never stored while the
        database is unreachable."""
        try:
            self._ensure_schema()
            self._reached()
            return await self._retrieve(sender_id, fetch_events_from_all_sessions=False)
        except UNREACHABLE as exc:
            self._went_away(exc)
        tracker = self.init_tracker(sender_id)
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        setattr(tracker, _NOT_STORED, True)
        return tracker

    def init_tracker(self, sender_id: str) -> DialogueStateTracker:
        """A new conversation's tracker (Rasa's, with cheap copies: components/trackers.py)."""
        return IncrementalTracker(
            sender_id, self.domain.slots, max_event_history=self.max_event_history
        )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if not self.domain:
            return None
        if not self._kept.max_events or not rasa_patches.active():
            with self.engine.connect() as connection:
                rows = connection.execute(_LATEST_SESSION_DATA, {"sender_id": sender_id}).all()
            if not rows:
                return None
            events = [json.loads(row.data) for row in rows]
            tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
            _mark_stored(tracker)
            return tracker
        kept = self._kept.get(sender_id, self.domain)
        with self.engine.connect() as connection:
            if kept is None or not self._read_newer_rows(connection, kept):
                kept = self._read_session(connection, sender_id)
        if kept is None:
            self._kept.drop(sender_id)
            return None
        tracker = kept.tracker.state_copy()
        _mark_stored(tracker)  # the rows of the latest session, one event each
        return tracker

    def _read_session(self, connection: Any, sender_id: str) -> _KeptTracker | None:
        """The latest session of ``sender_id`` from the database (Rasa's query), kept."""
        rows = connection.execute(_LATEST_SESSION_ROWS, {"sender_id": sender_id}).all()
        if not rows:
            return None
        events = [json.loads(row.data) for row in rows]
        starts = [row.timestamp for row in rows if row.type_name == SessionStarted.type_name]
        tracker = IncrementalTracker.from_dict(sender_id, events, self.domain.slots)
        tracker.applied_events()  # done once here, continued by each turn's copy
        kept = _KeptTracker(
            tracker=tracker,
            last_id=rows[-1].id,
            last_data=rows[-1].data,
            session_start=max(starts) if starts else None,
            sender_rows=rows[-1].sender_rows,
        )
        self._kept.put(sender_id, kept)
        return kept

    def _read_newer_rows(self, connection: Any, kept: _KeptTracker) -> bool:
        """Add the rows stored after ``kept`` to it; False if it cannot be trusted any more."""
        sender_id = kept.tracker.sender_id
        rows = connection.execute(
            _ROWS_FROM_ID, {"sender_id": sender_id, "last_id": kept.last_id}
        ).all()
        if not rows or rows[0].id != kept.last_id or rows[0].data != kept.last_data:
            return False  # the conversation was deleted (and perhaps begun again)
        newer = rows[1:]
        if rows[0].sender_rows != kept.sender_rows + len(newer):
            return False  # rows vanished, or arrived with smaller ids than ours
        if any(row.type_name == SessionStarted.type_name for row in newer):
            return False  # a new session: Rasa reads from its start
        if not newer:
            return True
        start = kept.session_start
        in_session = [  # Rasa's session condition on the new rows (timestamp >= start)
            row
            for row in newer
            if start is None or (row.timestamp is not None and row.timestamp >= start)
        ]
        events = deserialise_events([json.loads(row.data) for row in in_session])
        for event in events:
            kept.tracker.update(event)
        kept.tracker.applied_events()
        self._kept.grew(len(events))
        kept.last_id, kept.last_data = newer[-1].id, newer[-1].data
        kept.sender_rows = rows[0].sender_rows
        return True

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not getattr(tracker, _NOT_STORED, False):
            try:
                self._ensure_schema()
                self._write(tracker)
                self._reached()
                return
            except UNREACHABLE as exc:
                self._went_away(exc)
        # Not stored: the database is unreachable, or was when this conversation was read.
        if _deletes_this_turn(tracker):
            self._pending_deletions.add(tracker.sender_id)

    def _write(self, tracker: DialogueStateTracker) -> None:
        with self.engine.begin() as connection:
            stored = _known_stored(tracker)
            if stored is None:
                stored = connection.execute(
                    _LATEST_SESSION_COUNT, {"sender_id": tracker.sender_id}
                ).scalar_one()
            new_events = list(itertools.islice(tracker.events, stored, None))
            deleting = any(
                isinstance(event, ActionExecuted) and event.action_name == DELETE_ACTION
                for event in new_events
            )
            if new_events and not deleting:
                # Rasa stamps its model id and assistant id into every event's metadata.
                stamps = (tracker.model_id, tracker.assistant_id)
                rows = [self._row(tracker.sender_id, event, stamps) for event in new_events]
                connection.execute(sa.insert(_EVENTS), rows)
        if not deleting:
            _mark_stored(tracker)
            return
        tracker.__dict__.pop(_STORED, None)
        self._kept.drop(tracker.sender_id)
        removed = delete_conversation(self.engine, tracker.sender_id)
        logger.info("Conversation deleted on request (%d stored events removed).", removed)

    @staticmethod
    def _row(sender_id: str, event: Any, stamps: tuple = ()) -> dict[str, Any]:
        data = event.as_dict()
        bot_text = data.pop("text", None) if isinstance(event, BotUttered) else None
        data = redact_obj(data, known_safe=stamps)
        if isinstance(bot_text, str):
            # The bot's own answers repeat across conversations, so their redaction is
            # remembered (bounded, in memory); a user's words are never cached.
            data["text"] = _redact_bot_text(bot_text)
        elif isinstance(event, BotUttered):
            data["text"] = bot_text
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": rasa_patches.json_dumps(data, ensure_ascii=True),  # ujson: 0.6x the time
        }
