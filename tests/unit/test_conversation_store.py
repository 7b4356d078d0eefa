"""The redacting tracker store and the staff purge, on a throwaway SQLite database."""

from __future__ import annotations

import asyncio
import json
import time

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import redact
from bot.privacy.conversations import (
    delete_conversation,
    ensure_events_table,
    events_table,
    purge_conversations,
)
from components.tracker_store import RedactingSQLTrackerStore

PII = "Mein Sohn Ahmed ist erreichbar unter 0176 12345678 oder ahmed.test@example.org"


def _store(tmp_path) -> RedactingSQLTrackerStore:
    return RedactingSQLTrackerStore(Domain.empty(), database_url=f"sqlite:///{tmp_path / 't.db'}")


def _tracker(sender: str, *events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, list(events))


def _rows(store: RedactingSQLTrackerStore, sender: str) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(events_table.c.data).where(events_table.c.sender_id == sender)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_user_text_is_redacted_before_it_is_written(tmp_path) -> None:
    store = _store(tmp_path)
    parse = {"text": PII, "intent": {"name": "express_worry", "confidence": 0.9}, "entities": []}
    tracker = _tracker("a", SessionStarted(), UserUttered(PII, parse_data=parse))
    asyncio.run(store.save(tracker))
    stored = json.dumps(_rows(store, "a"), ensure_ascii=False)
    for secret in ("Ahmed", "0176 12345678", "ahmed.test@example.org"):
        assert secret not in stored
    assert "Mein Sohn" in stored
    # The tracker can still be read back (the bot keeps working after redaction).
    restored = asyncio.run(store.retrieve("a"))
    assert restored is not None and restored.latest_message.intent["name"] == "express_worry"


def test_delete_action_removes_all_events_of_that_sender_only(tmp_path) -> None:
    store = _store(tmp_path)
    asyncio.run(store.save(_tracker("keep", UserUttered("Hallo"))))
    tracker = _tracker("gone", SessionStarted(), UserUttered("Hallo"), BotUttered("Guten Tag"))
    asyncio.run(store.save(tracker))
    assert _rows(store, "gone")
    tracker.update(UserUttered("/delete_conversation"))
    tracker.update(ActionExecuted("action_delete_conversation"))
    tracker.update(BotUttered("Ihr Gespräch wurde gelöscht"))
    asyncio.run(store.save(tracker))
    assert _rows(store, "gone") == []
    assert asyncio.run(store.retrieve("gone")) is None
    assert _rows(store, "keep")


def test_purge_removes_only_conversations_idle_longer_than_the_retention(tmp_path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'p.db'}")
    ensure_events_table(engine)
    now = time.time()
    day = 86400
    rows = [
        ("old", now - 40 * day),
        ("old", now - 35 * day),
        ("active", now - 50 * day),  # old start, but still in use
        ("active", now - 1 * day),
        ("new", now - 2 * day),
    ]
    with engine.begin() as conn:
        for sender, ts in rows:
            conn.execute(
                events_table.insert().values(
                    sender_id=sender, type_name="user", timestamp=ts, data="{}"
                )
            )
    result = purge_conversations(engine, older_than_days=30, now=now)
    assert (result.conversations, result.events) == (1, 2)
    with engine.connect() as conn:
        left = {row[0] for row in conn.execute(sa.select(events_table.c.sender_id))}
    assert left == {"active", "new"}
    assert delete_conversation(engine, "new") == 1


def test_cli_purge_uses_the_retention(tmp_path, capsys) -> None:
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = sa.create_engine(url)
    ensure_events_table(engine)
    with engine.begin() as conn:
        conn.execute(
            events_table.insert().values(
                sender_id="x", type_name="user", timestamp=time.time() - 10 * 86400, data="{}"
            )
        )
    assert main(["--database-url", url, "privacy", "purge", "--days", "30"]) == 0
    assert "Purged 0" in capsys.readouterr().out
    assert main(["--database-url", url, "privacy", "purge", "--days", "7"]) == 0
    assert "Purged 1" in capsys.readouterr().out


def test_usage_report_counts_without_text(tmp_path) -> None:
    from rasa.shared.core.events import SlotSet

    from bot.analytics import to_markdown, usage_report, write_chart

    store = _store(tmp_path)
    worry = {"text": PII, "intent": {"name": "express_worry", "confidence": 0.9}, "entities": []}
    danger = {"text": "x", "intent": {"name": "emergency", "confidence": 1.0}, "entities": []}
    asyncio.run(
        store.save(
            _tracker(
                "a",
                UserUttered(PII, parse_data=worry),
                SlotSet("place_kreis_key", "05158"),
                ActionExecuted("action_find_referral"),
                UserUttered("x", parse_data=danger),
            )
        )
    )
    deleted = _tracker("b", UserUttered("Hallo"))
    asyncio.run(store.save(deleted))
    deleted.update(ActionExecuted("action_delete_conversation"))
    asyncio.run(store.save(deleted))
    report = usage_report(store.engine, start=time.time() - 3600, end=time.time() + 60)
    assert report.conversations == 1
    assert report.emergencies == 1
    assert report.referrals_by_kreis == {"Kreis Mettmann": 1}
    assert report.deletions == 1
    markdown = to_markdown(report)
    assert "Kreis Mettmann | 1" in markdown and "Sohn" not in markdown
    write_chart(report, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 1000


def test_lean_queries_read_and_count_exactly_what_rasas_orm_queries_do(db_url) -> None:
    """Latest session only, in order, across several sessions and senders, on both databases."""
    from rasa.core.tracker_store import SQLTrackerStore

    store = RedactingSQLTrackerStore(Domain.empty(), database_url=db_url)
    first = _tracker("s", SessionStarted(), UserUttered("Hallo"), BotUttered("Guten Tag"))
    asyncio.run(store.save(first))
    asyncio.run(store.save(_tracker("other", SessionStarted(), UserUttered("Moin"))))
    time.sleep(0.01)  # the new session starts after the old one's events
    first.update(ActionExecuted("action_session_start"))
    first.update(SessionStarted())
    asyncio.run(store.save(first))
    for n in range(3):  # turn by turn, as Rasa does: read, add the turn, write what is new
        tracker = asyncio.run(store.retrieve("s"))
        assert tracker is not None
        tracker.update(UserUttered(f"Frage {n}"))
        tracker.update(BotUttered(f"Antwort {n}"))
        asyncio.run(store.save(tracker))
    ours = asyncio.run(store.retrieve("s"))
    theirs = asyncio.run(SQLTrackerStore._retrieve(store, "s", False))
    assert ours is not None and theirs is not None
    assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events]
    assert [e.text for e in ours.events if isinstance(e, UserUttered)] == [
        "Frage 0",
        "Frage 1",
        "Frage 2",
    ]
    with store.session_scope() as session:
        orm_count = store._event_query(session, "s", fetch_events_from_all_sessions=False).count()
    with store.engine.connect() as connection:
        from components.tracker_store import _LATEST_SESSION_COUNT

        lean_count = connection.execute(_LATEST_SESSION_COUNT, {"sender_id": "s"}).scalar_one()
    assert lean_count == orm_count == len(ours.events)
    assert len(_rows(store, "s")) == 5 + 6  # nothing written twice
    full = asyncio.run(store.retrieve_full_tracker("s"))
    assert full is not None and len(full.events) == 5 + 6
    store.engine.dispose()


def test_bot_texts_are_redacted_too(tmp_path) -> None:
    store = _store(tmp_path)
    echo = "Sie schrieben: Herr Meier, 0176 12345678"
    for sender in ("a", "b"):  # the second write comes from the remembered redaction
        asyncio.run(store.save(_tracker(sender, SessionStarted(), BotUttered(echo))))
        stored = json.dumps(_rows(store, sender), ensure_ascii=False)
        assert "Meier" not in stored and "12345678" not in stored
        assert "Sie schrieben" in stored
    asyncio.run(store.save(_tracker("c", SessionStarted(), BotUttered(None, {"image": "x"}))))
    assert _rows(store, "c")[-1]["text"] is None


def test_stored_rows_are_the_json_of_the_redacted_events(tmp_path) -> None:
    # Written with ujson: the same JSON as the standard library's, every other character
    # escaped as it escapes them (a lone surrogate too, which PostgreSQL would refuse raw).
    store = _store(tmp_path)
    text = "Grüße aus Köln / Düsseldorf \ud800 – 1/2"
    event = UserUttered(text, parse_data={"text": text, "intent": {"name": "greet"}})
    event.timestamp = 1764854400.123456
    asyncio.run(store.save(_tracker("j", event)))
    with store.engine.connect() as conn:
        (data,) = conn.execute(sa.select(events_table.c.data)).one()
    assert data.isascii() and "\\ud800" in data and "\\u00fc" in data
    stored = json.loads(data)
    assert stored["timestamp"] == 1764854400.123456
    assert stored["text"] == stored["parse_data"]["text"] == redact(text)
    assert json.loads(json.dumps(stored)) == stored
