"""components.channels: the REST and socket.io channels with a fake agent (no model, no
running Rasa). REST through the Sanic test client, socket.io through a real Sanic server
on a free port and the python-socketio client, as the widget talks to it."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.channels.channel import UserMessage, register
from rasa.core.nlg.interpolator import interpolate_text
from rasa.shared.core.domain import Domain
from sanic import Sanic

from bot.input.envelope import MAX_BODY_BYTES
from bot.input.payload import check_payload
from bot.safety.apology import service_apology
from components.channels import (
    INTERNAL_INTENTS,
    REQUEST_ERROR_EVENT,
    LotseRestInput,
    LotseSocketIOInput,
    payload_rules,
)
from tests.socketio_client import SocketSession, allow_websocket_transport, run_in_own_loop

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Geheimtext-4711"  # stands for the user's words: never in a log line
URL = "/webhooks/rest/webhook"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load([str(ROOT / "domain.yml"), str(ROOT / "data" / "responses")])


class FakeAgent:
    """Stands in for Rasa's agent: records what the channel hands over and answers as told."""

    def __init__(self, domain: Domain | None, behaviour: str = "reply") -> None:
        self.domain = domain
        self.behaviour = behaviour
        self.received: list[tuple[str, str]] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append((message.sender_id, message.text))
        output = message.output_channel
        if self.behaviour in ("reply", "reply_then_raise"):
            await output.send_response(message.sender_id, {"text": f"Antwort {len(self.received)}"})
        if self.behaviour == "empty_reply":
            await output.send_response(message.sender_id, {"text": ""})
        if self.behaviour in ("raise", "reply_then_raise"):
            # Like a tracker store that cannot write: the error quotes the statement's data.
            raise sa.exc.OperationalError("INSERT INTO events", {"data": SECRET}, OSError())


def _app(agent: FakeAgent, *channels: Any) -> Sanic:
    app = Sanic(f"lotse_test_{uuid.uuid4().hex[:12]}")
    app.ctx.agent = agent
    register(list(channels) or [LotseRestInput()], app, "/webhooks/")
    return app


def _post(app: Sanic, body: bytes | None = None, **kwargs: Any) -> tuple[int, Any]:
    _, response = app.test_client.post(URL, content=body, **kwargs)
    return response.status, response.json


# --------------------------------------------------------------------------- domain rules


def test_payload_rules_from_the_domain(domain: Domain) -> None:
    rules = payload_rules(domain)
    assert {"greet", "help", "ask_referral", "inform_audience", "emergency"} <= rules.intents
    assert {"delete_conversation", "ask_privacy", "out_of_scope"} <= rules.intents
    assert not rules.intents & INTERNAL_INTENTS
    assert not rules.intents & set(domain.retrieval_intents)  # "/wissen" names no answer
    assert rules.restart_intents == {"restart", "session_start"}
    assert rules.entities["audience"].allowed == {
        "relatives", "teachers", "affected", "exit", "professionals",
    }  # fmt: skip
    assert rules.entities["place"].kinds == {"string"}
    assert rules.entities["place"].allowed is None


def _button_payloads(domain: Domain) -> set[str]:
    payloads = {
        interpolate_text(button["payload"], {})
        for variants in domain.responses.values()
        for variant in variants
        for button in variant.get("buttons") or []
    }
    # Sent by the widget itself (web/widget/lotse-widget.js, docs/widget.md).
    return payloads | {"/delete_conversation", "/ask_privacy"}


def test_every_button_of_the_domain_passes_unchanged(domain: Domain) -> None:
    rules = payload_rules(domain)
    payloads = _button_payloads(domain)
    assert '/inform_audience{"audience": "relatives"}' in payloads
    for payload in payloads:
        check = check_payload(payload, rules)
        assert check.outcome in ("payload", "text"), (payload, check)
        assert check.text == payload


# --------------------------------------------------------------------------- REST


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"[]", "body_not_object"),
        (b"42", "body_not_object"),
        (b'"Hallo"', "body_not_object"),
        (b"not json", "invalid_json"),
        (b"", "invalid_json"),
        (b'{"sender": "a", "message": "\xff"}', "invalid_utf8"),
        (b'{"message": "Hallo"}', "sender_missing"),
        (b'{"sender": 1, "message": "Hallo"}', "sender_not_string"),
        (b'{"sender": "a"}', "message_missing"),
        (b'{"sender": "a", "message": {"x": 1}}', "message_not_string"),
        (b'{"sender": "a", "message": "' + b"x" * MAX_BODY_BYTES + b'"}', "too_large"),
    ],
)
def test_malformed_rest_bodies_get_400_and_never_reach_the_bot(
    domain: Domain, body: bytes, code: str
) -> None:
    agent = FakeAgent(domain)
    status, data = _post(_app(agent), body)
    assert status == 400
    assert data["error"] == code and data["detail"]
    assert agent.received == []


def test_a_well_formed_request_is_answered_as_by_rasa(domain: Domain) -> None:
    agent = FakeAgent(domain)
    app = _app(agent)
    status, data = _post(app, json={"sender": "s1", "message": "Hallo", "metadata": {"x": 1}})
    assert status == 200
    assert data == [{"recipient_id": "s1", "text": "Antwort 1"}]
    assert agent.received == [("s1", "Hallo")]
    _, health = app.test_client.get("/webhooks/rest/")
    assert health.json == {"status": "ok"}


@pytest.mark.parametrize(
    ("typed", "handed_on"),
    [
        ('/inform_audience{"audience": "relatives"}', '/inform_audience{"audience": "relatives"}'),
        ("/greet", "/greet"),
        ("Beratung in Köln", "Beratung in Köln"),
        ('/ask_referral{"audience": {"x": 1}}', "/nlu_fallback"),
        ('/inform_audience{"audience": "hacker"}', "/nlu_fallback"),
        ("/nonexistent_intent", "/nlu_fallback"),
        ("/action_listen", "/nlu_fallback"),
        ("/back", "/nlu_fallback"),
        ("/nlu_fallback", "/nlu_fallback"),
        ("/bad_input", "/nlu_fallback"),
        ("/wissen", "/nlu_fallback"),
        ("/session_start", "/restart"),
        ("/restart", "/restart"),
        ("/restart Hallo", "Hallo"),
        ("/session_start ich will mich umbringen", "ich will mich umbringen"),
    ],
)
def test_payload_shaped_messages_are_checked_against_the_domain(
    domain: Domain, typed: str, handed_on: str
) -> None:
    agent = FakeAgent(domain)
    status, data = _post(_app(agent), json={"sender": "s", "message": typed})
    assert status == 200 and data
    assert agent.received == [("s", handed_on)]


@pytest.mark.parametrize("behaviour", ["silent", "empty_reply", "raise"])
def test_a_failed_or_silent_turn_gets_the_service_apology(
    domain: Domain, behaviour: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    status, data = _post(
        _app(FakeAgent(domain, behaviour)), json={"sender": "s", "message": SECRET}
    )
    assert status == 200
    texts = "\n".join(message.get("text", "") for message in data)
    assert service_apology() in texts
    assert "110" in texts and "112" in texts and "0911 943 43 43" in texts
    lines = [r.getMessage() for r in caplog.records if r.name == "components.channels"]
    assert any("service apology" in line for line in lines), lines
    assert SECRET not in caplog.text


def test_replies_before_a_failure_are_kept_and_the_apology_follows(domain: Domain) -> None:
    _, data = _post(
        _app(FakeAgent(domain, "reply_then_raise")), json={"sender": "s", "message": "Hallo"}
    )
    assert data[0]["text"] == "Antwort 1"
    assert service_apology().split("\n")[0] in data[1]["text"]


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("My son has changed so much, I need someone to talk to about it", "en"),
        ("Oğlum çok değişti, kiminle konuşabilirim bilmiyorum", "tr"),
        ("ابني تغير كثيرا ولا أعرف مع من أتكلم", "ar"),
        ("Мой сын очень изменился, с кем мне поговорить", "ru"),
        ("Hallo", "de"),
        ("ok", "de"),
    ],
)
def test_the_apology_is_in_the_language_of_the_failed_message(
    domain: Domain, message: str, language: str
) -> None:
    _, data = _post(_app(FakeAgent(domain, "raise")), json={"sender": "s", "message": message})
    text = "\n".join(m.get("text", "") for m in data)
    assert text == service_apology(language=language)
    assert "110" in text and "112" in text
    if language != "de":
        assert text != service_apology(language="de")


def test_without_a_loaded_model_the_apology_answers(domain: Domain) -> None:
    # Rasa's agent answers nothing while no model is loaded.
    status, data = _post(_app(FakeAgent(None, "silent")), json={"sender": "s", "message": "/greet"})
    assert status == 200 and "110" in data[0]["text"]


def test_streaming_keeps_working_and_has_the_safety_net(domain: Domain) -> None:
    _, answered = _app(FakeAgent(domain)).test_client.post(
        URL + "?stream=true", json={"sender": "s", "message": "Hallo"}
    )
    assert answered.status == 200
    assert [line for line in answered.text.splitlines() if line] == [
        '{"recipient_id": "s", "text": "Antwort 1"}'
    ]
    _, silent = _app(FakeAgent(domain, "silent")).test_client.post(
        URL + "?stream=true", json={"sender": "s", "message": "Hallo"}
    )
    assert "110" in silent.text


# --------------------------------------------------------------------------- socket.io


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_socket_test(
    agent: FakeAgent,
    scenario: Callable[[SocketSession], Any],
    monkeypatch: pytest.MonkeyPatch,
    credentials: dict[str, Any] | None = None,
) -> Any:
    """``scenario`` with a client connected to a real Sanic server with the channel."""
    allow_websocket_transport(monkeypatch)
    channel = LotseSocketIOInput.from_credentials(credentials or {"session_persistence": True})

    async def run() -> Any:
        app = _app(agent, channel)
        port = _free_port()
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert server is not None
        await server.startup()
        await server.before_start()
        await server.after_start()
        session = SocketSession()
        try:
            await session.connect(f"http://127.0.0.1:{port}")
            return await scenario(session)
        finally:
            await session.close()
            await server.before_stop()
            server.close()
            await server.wait_closed()
            await server.after_stop()

    return run_in_own_loop(run(), timeout=120)


def test_socketio_keeps_rasas_protocol(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    agent = FakeAgent(domain)

    async def scenario(session: SocketSession) -> list[tuple[str, Any]]:
        await session.emit("session_request", {"session_id": "abc123"})
        confirm = await session.next_event()
        await session.emit("user_uttered", {"message": "Hallo", "session_id": "abc123"})
        return [confirm, await session.next_event()]

    events = _run_socket_test(agent, scenario, monkeypatch)
    assert events == [("session_confirm", "abc123"), ("bot_uttered", {"text": "Antwort 1"})]
    assert agent.received == [("abc123", "Hallo")]


def test_socketio_answers_rasa_webchat_as_before(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rasa-webchat sends its customData beside the message; it is not passed on.
    agent = FakeAgent(domain)

    async def scenario(session: SocketSession) -> tuple[str, Any]:
        await session.start_session("webchat-1")
        event = {"message": "/greet", "customData": {"language": "de"}, "session_id": "webchat-1"}
        await session.emit("user_uttered", event)
        return await session.next_event()

    assert _run_socket_test(agent, scenario, monkeypatch) == ("bot_uttered", {"text": "Antwort 1"})
    assert agent.received == [("webchat-1", "/greet")]


def test_socketio_new_session_and_sending_before_the_request(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = FakeAgent(domain)

    async def scenario(session: SocketSession) -> list[tuple[str, Any]]:
        await session.emit("session_request")  # no data: a new id
        name, session_id = await session.next_event()
        assert name == "session_confirm" and len(session_id) == 32
        # A client that never asked for this session still gets the answers.
        await session.emit("user_uttered", {"message": "Hallo", "session_id": "other-1"})
        return [await session.next_event()]

    assert _run_socket_test(agent, scenario, monkeypatch) == [
        ("bot_uttered", {"text": "Antwort 1"})
    ]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (None, "event_not_object"),
        ("Hallo", "event_not_object"),
        ([1, 2], "event_not_object"),
        ({"message": "Hallo"}, "session_id_missing"),
        ({"message": "Hallo", "session_id": 5}, "session_id_not_string"),
        ({"message": 5, "session_id": "abc"}, "message_not_string"),
        ({"session_id": "abc"}, "message_missing"),
        ({"message": "x" * (MAX_BODY_BYTES + 1), "session_id": "abc"}, "too_large"),
    ],
)
def test_malformed_socket_events_get_an_error_event_and_the_session_lives_on(
    domain: Domain, data: Any, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = FakeAgent(domain)

    async def scenario(session: SocketSession) -> list[tuple[str, Any]]:
        await session.start_session("abc")
        await session.emit("user_uttered", data)
        error = await session.next_event()
        await session.emit("user_uttered", {"message": "Hallo", "session_id": "abc"})
        return [error, await session.next_event()]

    error, after = _run_socket_test(agent, scenario, monkeypatch)
    assert error[0] == REQUEST_ERROR_EVENT and error[1]["error"] == code
    assert after == ("bot_uttered", {"text": "Antwort 1"})
    assert agent.received == [("abc", "Hallo")]


def test_a_malformed_session_request_gets_an_error_event(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario(session: SocketSession) -> tuple[str, Any]:
        await session.emit("session_request", {"session_id": ["x"]})
        return await session.next_event()

    name, data = _run_socket_test(FakeAgent(domain), scenario, monkeypatch)
    assert name == REQUEST_ERROR_EVENT and data["error"] == "session_id_not_string"


def test_socketio_checks_payloads_and_has_the_safety_net(
    domain: Domain, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    agent = FakeAgent(domain, "raise")

    async def scenario(session: SocketSession) -> list[tuple[str, Any]]:
        await session.start_session("abc")
        await session.emit("user_uttered", {"message": "/session_start", "session_id": "abc"})
        first = await session.next_event()
        await session.emit("user_uttered", {"message": SECRET, "session_id": "abc"})
        return [first, await session.next_event()]

    replies = _run_socket_test(agent, scenario, monkeypatch)
    assert [reply["text"] for _, reply in replies] == [service_apology()] * 2
    assert agent.received == [("abc", "/restart"), ("abc", SECRET)]
    assert SECRET not in caplog.text


def test_socketio_without_session_persistence_uses_the_socket_id(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = FakeAgent(domain)

    async def scenario(session: SocketSession) -> tuple[str, Any]:
        await session.emit("user_uttered", {"message": "Hallo"})
        return await session.next_event()

    reply = _run_socket_test(agent, scenario, monkeypatch, {"session_persistence": False})
    assert reply == ("bot_uttered", {"text": "Antwort 1"})
    assert agent.received[0][0] not in ("", "default")


# --------------------------------------------------------------------------- configuration


def test_credentials_name_the_lotse_channels_with_rasas_settings() -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text("utf-8"))
    assert set(credentials) == {
        "components.channels.LotseRestInput",
        "components.channels.LotseSocketIOInput",
    }
    sio = LotseSocketIOInput.from_credentials(credentials["components.channels.LotseSocketIOInput"])
    assert (sio.user_message_evt, sio.bot_message_evt) == ("user_uttered", "bot_uttered")
    assert sio.session_persistence is True and sio.socketio_path == "/socket.io"
    # The URLs stay /webhooks/rest/webhook and /webhooks/socketio (and /socket.io).
    assert (LotseRestInput().url_prefix(), sio.url_prefix()) == ("rest", "socketio")
