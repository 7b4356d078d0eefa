"""Helpers for the staff console's tests: conversations stored through the real redacting
tracker store, accounts, and a logged-in Flask test client. Used by tests/staff and
tests/browser/test_staff_console.py (no pytest fixtures here)."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.session import session_scope, upgrade_schema
from bot.staff.accounts import add_user
from components.tracker_store import RedactingSQLTrackerStore

PASSWORD = "ein-langes-Test-Passwort"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Turn:
    """One user message and what the bot did, as the tracker store would receive it."""

    text: str
    intent: str
    confidence: float = 0.9
    actions: Sequence[str] = ()
    ranking: Sequence[tuple[str, float]] = ()
    answer_key: str | None = None
    slots: Sequence[tuple[str, Any]] = ()
    loop: str | None = None


def user_event(turn: Turn, timestamp: float) -> UserUttered:
    ranking = [{"name": turn.intent, "confidence": turn.confidence}] + [
        {"name": name, "confidence": conf} for name, conf in turn.ranking
    ]
    parse_data: dict[str, Any] = {
        "intent": {"name": turn.intent, "confidence": turn.confidence},
        "entities": [],
        "intent_ranking": ranking,
        "text": turn.text,
    }
    if turn.answer_key:
        parse_data["response_selector"] = {
            "all_retrieval_intents": [turn.answer_key.split("/")[0]],
            "default": {
                "response": {
                    "intent_response_key": turn.answer_key,
                    "confidence": turn.confidence,
                    "utter_action": f"utter_{turn.answer_key}",
                },
                "ranking": [],
            },
        }
    return UserUttered(
        turn.text,
        intent=parse_data["intent"],
        parse_data=parse_data,
        timestamp=timestamp,
    )


def conversation_events(turns: Sequence[Turn], start: float | None = None) -> list[Any]:
    now = start if start is not None else time.time()
    events: list[Any] = [
        ActionExecuted("action_session_start", timestamp=now),
        SessionStarted(timestamp=now),
        ActionExecuted("action_listen", timestamp=now),
    ]
    for index, turn in enumerate(turns):
        at = now + index + 1
        events.append(user_event(turn, at))
        for action in turn.actions:
            events.append(ActionExecuted(action, timestamp=at))
            if turn.loop and action == turn.loop:
                events.append(ActiveLoop(turn.loop, timestamp=at))
            if action.startswith("utter_"):
                events.append(
                    BotUttered("Antwort", metadata={"utter_action": action}, timestamp=at)
                )
        for name, value in turn.slots:
            events.append(SlotSet(name, value, timestamp=at))
        events.append(ActionExecuted("action_listen", timestamp=at))
    return events


def store_conversations(
    database_url: str, conversations: dict[str, Sequence[Turn]], start: float | None = None
) -> None:
    """Write conversations (sender -> turns) through the redacting tracker store, as Rasa
    would."""
    store = RedactingSQLTrackerStore(Domain.empty(), database_url=database_url)

    async def save_all() -> None:
        for sender, turns in conversations.items():
            events = conversation_events(turns, start)
            await store.save(DialogueStateTracker.from_events(sender, events))

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    worker = threading.Thread(target=asyncio.run, args=(save_all(),))
    worker.start()
    worker.join()
    store.engine.dispose()


def store_conversation(
    database_url: str, sender: str, turns: Sequence[Turn], start: float | None = None
) -> None:
    store_conversations(database_url, {sender: turns}, start)


def create_account(database_url: str, username: str, role: str = "editor") -> None:
    upgrade_schema(database_url)
    with session_scope(database_url) as session:
        add_user(session, username, PASSWORD, role, actor="test")


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(page.text)},
    )


def app_config(tmp_path: Path, database_url: str) -> dict[str, Any]:
    """Console settings that keep every file a test writes in ``tmp_path``."""
    stories = tmp_path / "stories"
    stories.mkdir(exist_ok=True)
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "t" * 64,
        "STATE_DIR": tmp_path / "state",
        "REVIEW_FILE": tmp_path / "review.yml",
        "CHANGES_FILE": tmp_path / "state" / "changes.yml",
        "STORIES_DIR": stories,
        "CONSOLE_STORIES": stories / "test_console.yml",
        "LOGIN_LIMIT": "1000 per minute",
        "MODEL": tmp_path / "no-model.tar.gz",
    }


class ScriptedBot:
    """A stand-in for Rasa's REST channel in tests: answers each known message with a fixed
    turn and stores the conversation through the redacting tracker store, as Rasa does
    (the story tester then reads the stored events like with the real bot)."""

    def __init__(self, database_url: str, script: dict[str, Turn]) -> None:
        self.database_url = database_url
        self.script = script
        self.turns: dict[str, list[Turn]] = {}
        self.start = time.time()

    def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        turn = self.script.get(text) or Turn(
            text, "nlu_fallback", 0.2, ("action_nlu_fallback",), ranking=(("help", 0.2),)
        )
        self.turns.setdefault(sender, []).append(Turn(**{**turn.__dict__, "text": text}))
        store_conversation(self.database_url, sender, self.turns[sender], self.start)
        return [{"recipient_id": sender, "text": f"Antwort auf: {text}"}]

    def serve(self) -> tuple[str, Any]:
        """Serve ``/webhooks/rest/webhook`` on a free local port; returns (url, server)."""
        import json
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                reply = json.dumps(bot.send(body["sender"], body["message"])).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}", server


# What the bot does for the messages of the story tests (names from the real domain).
STORY_SCRIPT = {
    "hallo": Turn("hallo", "greet", 0.98, ("utter_greet",)),
    "was ist die imag": Turn(
        "was ist die imag", "imag", 0.95, ("utter_imag",), answer_key="imag/was_ist"
    ),
    "Beratung in Bochum": Turn(
        "Beratung in Bochum",
        "ask_referral",
        0.93,
        ("referral_form",),
        slots=(("place", "Bochum"), ("requested_slot", "audience")),
        loop="referral_form",
    ),
}
