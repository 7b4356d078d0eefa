"""Privacy through the running bot: nothing personal reaches the tracker store or the logs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.stack


def _corpus() -> list[dict]:
    return yaml.safe_load((ROOT / "tests/data/pii_corpus.yml").read_text("utf-8"))["items"]


def _strings(value: object) -> list[str]:
    """Every string inside a JSON value (numbers such as timestamps are not text)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _stored_events(database_url: str, sender: str | None = None) -> list[dict]:
    engine = sa.create_engine(database_url)
    query = "SELECT sender_id, data FROM events"
    params = {}
    if sender is not None:
        query += " WHERE sender_id = :sender"
        params["sender"] = sender
    with engine.connect() as conn:
        rows = conn.execute(sa.text(query), params).fetchall()
    engine.dispose()
    return [json.loads(row[1]) for row in rows]


@pytest.fixture(scope="module")
def corpus_senders(stack) -> list[tuple[str, dict]]:
    sent = []
    for item in _corpus():
        sender = f"pii-{uuid.uuid4().hex}"
        replies = stack.send(sender, item["text"])
        assert replies, f"no reply to {item['text']!r}"
        sent.append((sender, item))
    return sent


def test_corpus_is_large_enough() -> None:
    assert len(_corpus()) >= 100


def test_no_personal_data_in_the_tracker_store(stack, corpus_senders) -> None:
    leaks = []
    for sender, item in corpus_senders:
        events = _stored_events(stack.database_url, sender)
        assert any(e.get("event") == "user" for e in events), f"nothing stored for {sender}"
        stored_text = "\n".join(_strings(events))
        leaks += [
            f"{secret!r} from {item['text']!r}"
            for secret in item["secrets"]
            if secret in stored_text
        ]
    assert not leaks, "personal data stored:\n" + "\n".join(leaks)


def test_no_personal_data_in_the_logs(stack, corpus_senders) -> None:
    logs = "\n".join(p.read_text(errors="replace") for p in stack.log_dir.glob("*.log"))
    assert logs, "no log files found"
    # Very short secrets (e.g. "87-12") would also match unrelated digits in log lines.
    leaks = [
        secret
        for _, item in corpus_senders
        for secret in item["secrets"]
        if len(secret) >= 5 and secret in logs
    ]
    assert not leaks, f"personal data in the logs: {leaks}"


def test_user_text_is_not_logged_at_info_level(stack) -> None:
    marker = f"Markierungstext{uuid.uuid4().hex[:8]}"
    stack.send(f"log-{uuid.uuid4().hex}", f"Was ist {marker}?")
    logs = "\n".join(p.read_text(errors="replace") for p in stack.log_dir.glob("*.log"))
    assert marker not in logs


def test_delete_conversation_removes_every_event_of_the_sender(stack) -> None:
    sender = f"delete-{uuid.uuid4().hex}"
    other = f"keep-{uuid.uuid4().hex}"
    stack.send(other, "Hallo")
    for message in ("Hallo", "Ich mache mir Sorgen um meinen Sohn", "Velbert"):
        stack.send(sender, message)
    assert _stored_events(stack.database_url, sender)
    replies = stack.send(sender, "/delete_conversation")
    assert "gelöscht" in " ".join(r.get("text", "") for r in replies)
    assert _stored_events(stack.database_url, sender) == []
    assert _stored_events(stack.database_url, other), "another conversation was deleted too"
    # The next message starts afresh without errors.
    assert stack.send(sender, "Hallo")


def test_delete_by_free_text(stack) -> None:
    sender = f"delete-{uuid.uuid4().hex}"
    stack.send(sender, "Hallo")
    stack.send(sender, "Bitte lösche das Gespräch")
    assert _stored_events(stack.database_url, sender) == []
