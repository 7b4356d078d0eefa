"""Two Rasa processes share one conversation: PostgreSQL tracker store + Redis lock store.

Uses the scaled stack of tests/live/conftest.py (`make run-scaled` with 2 processes on free
ports, private PostgreSQL and Redis) and sends the messages of ONE conversation alternately
and concurrently to both Rasa processes directly (bypassing the load balancer), then checks
the answers follow the conversation and the stored tracker has every user message once, in
send order. One test talks socket.io through HAProxy.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts.running_stack import RunningStack, post_json
from tests.live.conftest import Scaled
from tests.socketio_client import allow_websocket_transport, run_in_own_loop

pytestmark = pytest.mark.stack


def _texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def _send(stack: RunningStack, backend: int, sender: str, message: str) -> list[dict]:
    return stack.send(sender, message, timeout=60, url=stack.backends[backend])


def _user_texts(tracker: dict) -> list[str]:
    return [e.get("text") for e in tracker["events"] if e["event"] == "user"]


def _assert_turns_complete(tracker: dict) -> None:
    """Every user message was answered: a bot message and action_listen before the next."""
    events = [e for e in tracker["events"] if e["event"] in {"user", "bot", "action"}]
    turns: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        elif turns:
            turns[-1].append(event)
    for index, turn in enumerate(turns):
        assert any(e["event"] == "bot" for e in turn), f"turn {index} has no bot message"
        assert turn and turn[-1].get("name") == "action_listen", f"turn {index} not finished"


def _sender() -> str:
    return f"scaled-{uuid.uuid4().hex}"


def test_both_processes_answer_and_the_lb_spreads_rest_requests(scaled: Scaled) -> None:
    stack = scaled.stack
    for backend in (0, 1):
        assert "Lotse" in _texts(_send(stack, backend, _sender(), "Hallo"))
    seen = set()
    for _ in range(4):
        replies, headers = post_json(
            f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": _sender(), "message": "Hallo"}
        )
        assert replies
        seen.add(headers.get("X-Lotse-Backend"))
    assert seen == {"rasa1", "rasa2"}


def test_form_continues_on_the_other_process(scaled: Scaled) -> None:
    sender = _sender()
    first = _texts(_send(scaled.stack, 0, sender, "Ich mache mir Sorgen um meinen Sohn"))
    assert "Wegweiser" not in first  # asks for the place first
    assert "Wegweiser Essen" in _texts(_send(scaled.stack, 1, sender, "Essen"))
    for backend in (0, 1):
        tracker = scaled.stack.tracker(sender, backend)
        assert _user_texts(tracker) == ["Ich mache mir Sorgen um meinen Sohn", "Essen"]
        _assert_turns_complete(tracker)


def test_interleaved_conversation_keeps_its_state_and_order(scaled: Scaled) -> None:
    sender = _sender()
    script = [
        ("Hallo", None),
        ("Ich mache mir Sorgen um meine Schwester", None),
        ("Muenster", "Wegweiser Münster"),
        ("Danke", None),
        ("Beratung in Velbert", "Wegweiser Düsseldorf / Kreis Mettmann"),
        ("Was ist Salafismus?", None),
        ("Hallo", "Lotse"),
    ]
    for index, (message, expected) in enumerate(script):
        text = _texts(_send(scaled.stack, index % 2, sender, message))
        assert text, f"no answer to {message!r}"
        if expected:
            assert expected in text, f"{message!r} on process {index % 2}: {text}"
    sent = [message for message, _ in script]
    trackers = [scaled.stack.tracker(sender, 0), scaled.stack.tracker(sender, 1)]
    assert _user_texts(trackers[0]) == sent
    assert trackers[0]["events"] == trackers[1]["events"]
    _assert_turns_complete(trackers[0])


def _send_together(scaled: Scaled, sender: str, pair: tuple[str, str]) -> list[str]:
    """Message pair[i] to process i, both released at the same moment."""
    barrier = threading.Barrier(2)

    def send(backend: int) -> str:
        barrier.wait(timeout=10)
        return _texts(_send(scaled.stack, backend, sender, pair[backend]))

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(send, backend) for backend in (0, 1)]
        return [future.result(timeout=90) for future in futures]


def test_concurrent_messages_of_one_conversation_are_serialised(scaled: Scaled) -> None:
    sender = _sender()
    rounds = [("Hallo", "Danke"), ("Wer bist du?", "Was ist Salafismus?"), ("Danke", "Hallo")]
    rounds += [("Was ist die IMAG?", "Wer bist du?"), ("Hallo", "Tschüss")]
    for round_index, pair in enumerate(rounds):
        answers = _send_together(scaled, sender, pair)
        assert answers[0] and answers[1], f"round {round_index}: {answers}"
    tracker = scaled.stack.tracker(sender, 1)
    stored = _user_texts(tracker)
    assert len(stored) == 2 * len(rounds), stored  # nothing lost, nothing duplicated
    for index, pair in enumerate(rounds):
        # Within a round either order is fine; the rounds stay in send order.
        assert sorted(stored[2 * index : 2 * index + 2]) == sorted(pair), stored
    _assert_turns_complete(tracker)
    assert tracker["events"] == scaled.stack.tracker(sender, 0)["events"]


def test_socketio_through_haproxy_is_sticky_and_answers(
    scaled: Scaled, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socketio

    allow_websocket_transport(monkeypatch)

    async def conversation() -> tuple[str, str, str]:
        client = socketio.AsyncClient(reconnection=False)
        confirmed, uttered = asyncio.Event(), asyncio.Queue()
        session_id = uuid.uuid4().hex
        client.on("session_confirm", lambda data: confirmed.set())
        client.on("bot_uttered", lambda data: uttered.put_nowait(data))
        await client.connect(
            scaled.stack.rasa_url, socketio_path="/socket.io", transports=["polling", "websocket"],
            wait_timeout=20,
        )  # fmt: skip
        try:
            await client.emit("session_request", {"session_id": session_id})
            await asyncio.wait_for(confirmed.wait(), 20)
            await client.emit("user_uttered", {"message": "Hallo", "session_id": session_id})
            reply = await asyncio.wait_for(uttered.get(), 60)
            await asyncio.sleep(1)  # give the engine.io upgrade to WebSocket time
            cookies = {c.key: c.value for c in client.eio.http.cookie_jar}
            return cookies.get("LOTSE_RASA", ""), client.transport(), reply.get("text", "")
        finally:
            await client.disconnect()

    async def two_clients() -> list[tuple[str, str, str]]:
        first = await conversation()
        second = await conversation()
        return [first, second]

    results = run_in_own_loop(two_clients())
    for backend, transport, text in results:
        assert "Lotse" in text
        assert backend in {"rasa1", "rasa2"}, results
        assert transport == "websocket", results
    # Round robin for new clients, then the cookie keeps each one on its process.
    assert {backend for backend, _, _ in results} == {"rasa1", "rasa2"}, results
