"""The tracker store's kept conversations read and write exactly what the full path does.

A long conversation (tests/long_conversations.py, with personal data in the user's words and
the bot's answers, new sessions and a deletion on request) is played turn by turn as Rasa's
processor does it: get the tracker, add the turn's events, save. Once through stores that
keep conversations between turns (two of them on one database, taking turns, as two Rasa
processes behind the Redis lock), once through a store that reads the whole session every
turn (Rasa's way, ``cached_events: 0``). Before every turn the trackers handed out must be
the same, and after the conversation the stored rows (redacted) must be the same.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.privacy.conversations import events_table
from components import rasa_patches
from components import tracker_store as store_module
from components.tracker_store import DELETE_ACTION, RedactingSQLTrackerStore
from components.trackers import IncrementalTracker
from tests.long_conversations import load_domain, story_turns

PII = " Ich heiße Ahmed Yilmaz, 0176 12345678, ahmed.test@example.org"


def _turns(domain: Domain, seed: int, messages: int) -> list[list[Event]]:
    """Story turns with personal data, bot answers, new sessions and one deletion."""
    rng = random.Random(seed)
    turns = story_turns(domain, seed, messages)
    out: list[list[Event]] = []
    for number, turn in enumerate(turns):
        if any(isinstance(e, ActionExecuted) and e.action_name == DELETE_ACTION for e in turn):
            continue  # the stories' own deletions: the one below is placed deliberately
        events: list[Event] = []
        for event in turn:
            if isinstance(event, UserUttered) and rng.random() < 0.3:
                event = UserUttered((event.text or "") + PII, event.intent, event.entities)
            events.append(event)
            if isinstance(event, ActionExecuted) and (event.action_name or "").startswith("utter"):
                events.append(BotUttered("Sie schrieben: 0176 12345678", {}, {"k": 1}))
        if (
            number < len(turns) // 2 and rng.random() < 0.06
        ):  # a new session, as Rasa's processor starts one
            events = [
                ActionExecuted("action_session_start"),
                SessionStarted(),
                SlotSet("place", "Essen"),
                ActionExecuted("action_listen"),
                *events,
            ]
        if number == len(turns) // 2:  # "Gespräch löschen": the next turn starts over
            events = [UserUttered("/delete_conversation"), ActionExecuted(DELETE_ACTION)]
        out.append(events)
    stamp = time.time() - 100_000
    for number, event in enumerate(e for events in out for e in events):
        event.timestamp = stamp + number  # in order, as events created turn by turn
    return out


def _state(tracker: DialogueStateTracker | None) -> object:
    if tracker is None:
        return None
    state = tracker.current_state(EventVerbosity.ALL)
    state["type"] = "tracker"
    return state


def _rows(store: RedactingSQLTrackerStore) -> list[tuple]:
    columns = [c for c in events_table.c if c.name != "id"]
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(*columns).order_by(events_table.c.id)).all()
    return [tuple(row) for row in rows]


async def _turn(store: RedactingSQLTrackerStore, events: list[Event]) -> object:
    tracker = await store.retrieve("long")
    if tracker is None:  # Rasa's create_tracker, with a fixed timestamp to compare
        tracker = store.init_tracker("long")
        tracker.update(ActionExecuted("action_listen", timestamp=1.0))
        await store.save(tracker)
    before = _state(tracker)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return before


@pytest.mark.parametrize("seed", [31, 32])
def test_kept_conversations_read_and_write_what_the_full_path_does(
    tmp_path, seed, monkeypatch
) -> None:
    assert rasa_patches.active()
    whole_reads = []
    read_session = RedactingSQLTrackerStore._read_session

    def counted(self, connection, sender_id):
        whole_reads.append(sender_id)
        return read_session(self, connection, sender_id)

    monkeypatch.setattr(RedactingSQLTrackerStore, "_read_session", counted)
    domain = load_domain()
    kept_url, full_url = f"sqlite:///{tmp_path / 'kept.db'}", f"sqlite:///{tmp_path / 'full.db'}"
    kept = [RedactingSQLTrackerStore(domain, database_url=kept_url) for _ in range(2)]
    full = RedactingSQLTrackerStore(domain, database_url=full_url, cached_events=0)
    turns = _turns(domain, seed, messages=120)
    for number, events in enumerate(turns):
        other_process = number % 7 == 3  # now and then the other process takes a turn
        store = kept[1] if other_process else kept[0]
        ours = asyncio.run(_turn(store, copy.deepcopy(events)))
        rasas = asyncio.run(_turn(full, copy.deepcopy(events)))
        assert ours == rasas, number
    assert _rows(kept[0]) == _rows(full)
    stored = json.dumps([row for row in _rows(full)], ensure_ascii=False)
    assert "12345678" not in stored and "Yilmaz" not in stored  # redacted on both paths
    ours = asyncio.run(kept[0].retrieve("long"))
    assert isinstance(ours, IncrementalTracker) and ours.events
    # the whole session was read only when needed: the first turn, after the other process
    # wrote (its row count differs), after a new session or the deletion
    assert len(whole_reads) < len(turns) / 3
    for store in (*kept, full):
        store.engine.dispose()


@pytest.mark.parametrize("cached_events", [store_module.DEFAULT_CACHED_EVENTS, 0])
def test_a_tracker_knows_its_stored_rows_as_the_count_query_does(
    tmp_path, monkeypatch, cached_events
) -> None:
    # Each save writes the events after the stored ones. A tracker read or written by the
    # store knows how many that is; every time it does, Rasa's count query must agree.
    write, known, counted = RedactingSQLTrackerStore._write, [], []

    def checked(self, tracker):
        stored = store_module._known_stored(tracker)
        if stored is not None:
            with self.engine.connect() as connection:
                query = store_module._LATEST_SESSION_COUNT
                count = connection.execute(query, {"sender_id": tracker.sender_id}).scalar_one()
            assert stored == count
            known.append(stored)
        else:
            counted.append(tracker.sender_id)
        return write(self, tracker)

    monkeypatch.setattr(RedactingSQLTrackerStore, "_write", checked)
    domain = load_domain()
    url = f"sqlite:///{tmp_path / 'events.db'}"
    stores = [RedactingSQLTrackerStore(domain, database_url=url, cached_events=cached_events)]
    stores.append(RedactingSQLTrackerStore(domain, database_url=url, cached_events=cached_events))
    turns = _turns(domain, 33, messages=120)
    for number, events in enumerate(turns):
        asyncio.run(_turn(stores[number % 5 == 2], copy.deepcopy(events)))
    # every turn's save knew; only a new conversation's first save counted
    assert len(known) == len(turns)
    assert 1 <= len(counted) <= 3
    for store in stores:
        store.engine.dispose()


def test_a_copied_or_deleted_tracker_counts_again(tmp_path) -> None:
    domain = load_domain()
    store = RedactingSQLTrackerStore(domain, database_url=f"sqlite:///{tmp_path / 'e.db'}")
    tracker = asyncio.run(store.get_or_create_tracker("copied"))
    assert store_module._known_stored(tracker) == len(tracker.events) == 1
    tracker.update(UserUttered("Hallo"))
    assert store_module._known_stored(tracker) == 1  # one more event, still to be written
    assert store_module._known_stored(tracker.copy()) is None  # its own deque: count again
    assert store_module._known_stored(copy.deepcopy(tracker)) is None
    asyncio.run(store.save(tracker))
    assert store_module._known_stored(tracker) == 2
    tracker.update(ActionExecuted(DELETE_ACTION))
    asyncio.run(store.save(tracker))
    assert store_module._known_stored(tracker) is None  # deleted: nothing is stored
    assert asyncio.run(store.retrieve("copied")) is None
    store.engine.dispose()


def test_kept_conversations_notice_rows_changed_behind_their_back(tmp_path) -> None:
    domain = load_domain()
    store = RedactingSQLTrackerStore(domain, database_url=f"sqlite:///{tmp_path / 't.db'}")
    full = RedactingSQLTrackerStore(
        domain, database_url=f"sqlite:///{tmp_path / 't.db'}", cached_events=0
    )
    start = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
    ]
    asyncio.run(_turn(store, start))
    for n in range(3):
        asyncio.run(_turn(store, [UserUttered(f"Frage {n}"), ActionExecuted("action_listen")]))

    def same() -> bool:
        return _state(asyncio.run(store.retrieve("long"))) == _state(
            asyncio.run(full.retrieve("long"))
        )

    assert same()
    with store.engine.begin() as connection:  # a purge removes the newest row
        newest = sa.select(sa.func.max(events_table.c.id)).scalar_subquery()
        connection.execute(sa.delete(events_table).where(events_table.c.id == newest))
    assert same()
    with store.engine.begin() as connection:  # and an older one
        oldest = sa.select(sa.func.min(events_table.c.id)).scalar_subquery()
        connection.execute(sa.delete(events_table).where(events_table.c.id == oldest))
    assert same()
    time.sleep(0.01)
    asyncio.run(_turn(full, [UserUttered("Hallo"), ActionExecuted("action_listen")]))
    assert same()
    with store.engine.begin() as connection:  # everything gone
        connection.execute(sa.delete(events_table))
    assert asyncio.run(store.retrieve("long")) is None
    for s in (store, full):
        s.engine.dispose()


def test_without_the_patches_the_store_reads_rasas_way(tmp_path, monkeypatch) -> None:
    domain = load_domain()
    store = RedactingSQLTrackerStore(domain, database_url=f"sqlite:///{tmp_path / 't.db'}")
    monkeypatch.setattr(rasa_patches, "_applied", False)  # as with LOTSE_RASA_PATCHES=0
    asyncio.run(_turn(store, [ActionExecuted("action_session_start"), SessionStarted()]))
    asyncio.run(_turn(store, [UserUttered("Hallo"), ActionExecuted("action_listen")]))
    tracker = asyncio.run(store.retrieve("long"))
    assert type(tracker) is DialogueStateTracker and len(tracker.events) == 3  # the session
    assert store._kept.get("long", domain) is None
    store.engine.dispose()
