"""Hostile and odd input from outside, through the running bot over REST and socket.io.

Every well-formed request gets at least one reply, every malformed one a short error
(HTTP 400, or a ``request_error`` event that leaves the socket.io session alive), and
nothing gets a server error. The module starts its own stack with its own database, so the
thousands of generated conversations stay out of the database the privacy tests read, and
afterwards checks that database: a stored conversation for every generated text, the
referral data untouched. Replies must come from the bot itself: the channel's safety net
(the service apology) answers only failed turns, and a healthy stack has none (its log line
would show one).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.running_stack import StackClient as Stack
from tests.conftest import ROOT, own_stack
from tests.socketio_client import SocketSession, allow_websocket_transport, run_in_own_loop
from tests.strategies import json_values

pytestmark = pytest.mark.stack

# Generated hostile texts: the number of the first version of this test, kept.
HOSTILE_EXAMPLES = 1000
PAYLOAD_EXAMPLES = 300
MALFORMED_EXAMPLES = 150
GENERATED_PREFIX = "generated-"
SAFETY_NET_LOG = "sent the service apology"

HOSTILE = [
    "",
    " ",
    "\x00\x01\x02",
    "😀" * 50,
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "'; DROP TABLE events; --",
    "' OR 1=1 --",
    "{{7*7}} ${jndi:ldap://x/a}",
    "A" * 10_000,
    "Beratung in Köln " * 700,
    "\u202e\u200b\ufeff",
    "مرحبا",
    "Merhaba, yardım lazım",
    "Hello there",
    '/inform_audience{"audience": "hacker"}',
    "/nonexistent_intent",
    '/ask_referral{"place": "<script>"}',
    # Silent before the channels checked payloads (issue 21):
    '/ask_referral{"audience": {"x": 1}}',
    "/session_start",
    "/restart",
    "/session_start Hallo",
    "/restart bitte",
    "/back",
    "/nlu_fallback",
    "/action_listen",
    "/action_session_start und jetzt?",
    '/inform_place{"place": 42}',
    "/",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1000, max_size=3000),
    st.builds(lambda a, b: f"{a}<b>{b}</b>", st.text(max_size=40), st.text(max_size=40)),
)

# --------------------------------------------------------------------------- payload shapes

_DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
INTENTS = [name if isinstance(name, str) else next(iter(name)) for name in _DOMAIN["intents"]]
RASA_INTENTS = ["restart", "session_start", "back", "nlu_fallback", "out_of_scope"]
ACTIONS = [
    *_DOMAIN["actions"],
    *list(_DOMAIN["responses"])[:5],
    "action_listen", "action_restart", "action_session_start", "action_default_fallback",
    "action_deactivate_loop", "action_back", "action_two_stage_fallback", "referral_form",
]  # fmt: skip
ENTITIES = [*_DOMAIN["entities"], "name", "requested_slot", ""]
GOOD_VALUES = [*_DOMAIN["slots"]["audience"]["values"], "Köln", "Velbert", "Mülheim", "40210"]

NAMES = st.sampled_from(INTENTS + RASA_INTENTS + ACTIONS) | st.from_regex(
    r"[A-Za-z_/]{0,20}", fullmatch=True
)
payload_texts = st.builds(
    lambda name, confidence, entities, rest: f"/{name}{confidence}{entities}{rest}",
    NAMES,
    st.sampled_from(["", "", "", "", "@0.9", "@x"]),
    st.one_of(
        st.just(""),
        st.dictionaries(
            st.sampled_from(ENTITIES) | st.text(max_size=8),
            st.sampled_from(GOOD_VALUES) | json_values,
            max_size=3,
        ).map(json.dumps),
        st.sampled_from(["{", '{"audience": ', "{{}}", "{}", '{"place": "Köln"}}']),
    ),
    st.sampled_from(["", "", " Hallo", " Beratung in Köln", " }", " /restart", " /greet"])
    | st.text(max_size=40).map(lambda text: " " + text),
)  # fmt: skip


# --------------------------------------------------------------------------- malformed

_MISSING = object()
_NOT_A_STRING = json_values.filter(lambda value: not isinstance(value, str))
_BAD_SENDER = st.sampled_from([_MISSING, ""]) | _NOT_A_STRING
_BAD_MESSAGE = st.just(_MISSING) | _NOT_A_STRING


def _body(sender: Any, message: Any) -> bytes:
    fields = {"sender": sender, "message": message}
    return json.dumps({k: v for k, v in fields.items() if v is not _MISSING}).encode()


malformed_bodies = st.one_of(
    st.binary(max_size=40).map(lambda raw: b'{"sender": "a", "message": "\xff' + raw + b'"}'),
    json_values.filter(lambda v: not isinstance(v, dict)).map(lambda v: json.dumps(v).encode()),
    st.text(max_size=60).map(lambda text: ("x" + text).encode()),
    st.builds(_body, _BAD_SENDER, st.text(max_size=20)),
    st.builds(_body, st.just("a"), _BAD_MESSAGE),
    st.just(b'{"sender": "a", "message": "' + b"x" * 70_000 + b'"}'),
    st.just(b'{"sender": "a", "message": "Hallo"'),
)
malformed_events = st.one_of(
    json_values.filter(lambda v: not isinstance(v, dict)),
    st.builds(lambda m: {"message": m}, st.text(max_size=20)),  # no session id
    st.builds(lambda s: {"message": "Hallo", "session_id": s}, st.just("") | _NOT_A_STRING),
    st.builds(lambda m: {"message": m, "session_id": "x"}, _NOT_A_STRING),
)


# --------------------------------------------------------------------------- sending


@dataclass
class Tally:
    """What the generated inputs got: counted for the test's own checks and the report."""

    sent: int = 0
    server_errors: int = 0
    empty_replies: int = 0
    refused: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)

    def count(self, channel: str) -> None:
        self.sent += 1
        self.by_channel[channel] = self.by_channel.get(channel, 0) + 1


def _visible(replies: list[dict]) -> bool:
    keys = ("text", "buttons", "quick_replies", "custom", "image", "attachment")
    return any(reply.get(key) for reply in replies for key in keys)


def _rest_turn(stack: Stack, sender: str, message: str, tally: Tally) -> None:
    status, answer = stack.post(json.dumps({"sender": sender, "message": message}).encode())
    tally.count("rest")
    tally.server_errors += status >= 500
    assert status == 200, (status, answer[:200], message[:80])
    replies = json.loads(answer)
    tally.empty_replies += not _visible(replies)
    assert _visible(replies), f"no reply to {message[:80]!r}"


def _socket_turn(stack: Stack, message: str, tally: Tally) -> None:
    session_id = uuid.uuid4().hex

    async def turn() -> tuple[str, Any]:
        session = SocketSession()
        await session.connect(stack.rasa_url)
        try:
            await session.start_session(session_id)
            await session.emit("user_uttered", {"message": message, "session_id": session_id})
            return await session.next_event(timeout=60)
        finally:
            await session.close()

    name, data = run_in_own_loop(turn(), timeout=120)
    tally.count("socketio")
    reply_ok = name == "bot_uttered" and _visible([data])
    tally.empty_replies += not reply_ok
    assert reply_ok, (name, data, message[:80])


def _refused_event(stack: Stack, data: Any) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """A malformed ``user_uttered`` event, then a good one on the same connection."""
    session_id = uuid.uuid4().hex

    async def exchange() -> tuple[tuple[str, Any], tuple[str, Any]]:
        session = SocketSession()
        await session.connect(stack.rasa_url)
        try:
            await session.start_session(session_id)
            await session.emit("user_uttered", data)
            refused = await session.next_event()
            await session.emit("user_uttered", {"message": "Hallo", "session_id": session_id})
            return refused, await session.next_event(timeout=60)
        finally:
            await session.close()

    return run_in_own_loop(exchange(), timeout=120)


def _safety_net_lines(stack: Stack) -> list[str]:
    log = stack.log_dir / "rasa.log"
    if not log.exists():
        return []
    return [
        line for line in log.read_text("utf-8", "replace").splitlines() if SAFETY_NET_LOG in line
    ]


def _counts(database_url: str) -> dict[str, int]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            counts = {
                table: conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in ("organisations", "offers", "offer_coverage", "offer_audiences")
            }
            counts["generated_conversations"] = conn.execute(
                sa.text(
                    "SELECT COUNT(DISTINCT sender_id) FROM events "
                    "WHERE sender_id LIKE :prefix AND type_name = 'user'"
                ),
                {"prefix": GENERATED_PREFIX + "%"},
            ).scalar_one()
    finally:
        engine.dispose()
    return counts


_SETTINGS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": True,
    "database": None,  # no examples carried over from earlier runs: the same inputs every run
}


# --------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def hostile_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with own_stack(tmp_path_factory, "hostile") as started:
        yield started


@pytest.fixture(autouse=True)
def _socketio_websocket(monkeypatch: pytest.MonkeyPatch) -> None:
    allow_websocket_transport(monkeypatch)


@pytest.mark.parametrize("message", HOSTILE)
def test_known_hostile_inputs_get_a_friendly_reply(hostile_stack: Stack, message: str) -> None:
    replies = hostile_stack.send(f"hostile-{uuid.uuid4().hex}", message)
    assert replies and all(r.get("text") or r.get("buttons") for r in replies)


@pytest.mark.parametrize("typed", ["/restart", "/session_start", "/session_start  "])
def test_restart_typed_by_hand_starts_again(hostile_stack: Stack, typed: str) -> None:
    sender = f"hostile-{uuid.uuid4().hex}"
    hostile_stack.send(sender, "Ich mache mir Sorgen um meinen Sohn")
    replies = hostile_stack.send(sender, typed)
    assert any("Wir beginnen von vorn" in (r.get("text") or "") for r in replies), replies
    assert replies[-1].get("buttons")


def test_words_after_an_internal_payload_are_read(hostile_stack: Stack) -> None:
    replies = hostile_stack.send(f"hostile-{uuid.uuid4().hex}", "/restart ich will mich umbringen")
    assert any("110" in (r.get("text") or "") for r in replies), replies


def test_generated_hostile_texts_all_get_a_reply_and_are_stored(
    hostile_stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    database = hostile_stack.database_url
    before = _counts(database) if database else None
    apologies = len(_safety_net_lines(hostile_stack))
    tally = Tally()

    @settings(max_examples=HOSTILE_EXAMPLES, **_SETTINGS)
    @given(message=hostile_text)
    def send(message: str) -> None:
        _rest_turn(hostile_stack, f"{GENERATED_PREFIX}{uuid.uuid4().hex}", message, tally)

    send()
    with capsys.disabled():
        print(f"\ngenerated hostile texts: {tally}")
    assert tally.sent >= HOSTILE_EXAMPLES
    assert (tally.server_errors, tally.empty_replies) == (0, 0)
    assert _safety_net_lines(hostile_stack)[apologies:] == []  # every reply from the bot
    if before is not None:
        after = _counts(database)
        assert after["generated_conversations"] - before["generated_conversations"] == tally.sent
        assert {k: v for k, v in after.items() if k != "generated_conversations"} == {
            k: v for k, v in before.items() if k != "generated_conversations"
        }


def test_generated_payload_shapes_over_rest_and_socketio_all_get_a_reply(
    hostile_stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    apologies = len(_safety_net_lines(hostile_stack))
    tally = Tally()

    @settings(max_examples=PAYLOAD_EXAMPLES, **_SETTINGS)
    @given(message=payload_texts, channel=st.sampled_from(["rest", "socketio"]))
    def send(message: str, channel: str) -> None:
        if channel == "rest":
            _rest_turn(hostile_stack, f"hostile-{uuid.uuid4().hex}", message, tally)
        else:
            _socket_turn(hostile_stack, message, tally)

    send()
    with capsys.disabled():
        print(f"\ngenerated payload shapes: {tally}")
    assert tally.sent >= PAYLOAD_EXAMPLES
    assert set(tally.by_channel) == {"rest", "socketio"}
    assert (tally.server_errors, tally.empty_replies) == (0, 0)
    assert _safety_net_lines(hostile_stack)[apologies:] == []  # every reply from the bot


def test_generated_malformed_requests_are_refused_without_a_server_error(
    hostile_stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    apologies = len(_safety_net_lines(hostile_stack))
    tally = Tally()

    @settings(max_examples=MALFORMED_EXAMPLES, **_SETTINGS)
    @given(request=st.one_of(malformed_bodies.map(lambda b: ("rest", b)),
                             malformed_events.map(lambda e: ("socketio", e))))  # fmt: skip
    def send(request: tuple[str, Any]) -> None:
        channel, data = request
        tally.count(channel)
        if channel == "rest":
            status, answer = hostile_stack.post(data)
            tally.server_errors += status >= 500
            assert status == 400, (status, answer[:200], data[:80])
            assert set(json.loads(answer)) == {"error", "detail"}
        else:
            refused, after = _refused_event(hostile_stack, data)
            assert refused[0] == "request_error" and refused[1]["error"], refused
            assert after[0] == "bot_uttered" and _visible([after[1]]), after
        tally.refused += 1

    send()
    with capsys.disabled():
        print(f"\ngenerated malformed requests: {tally}")
    assert tally.sent >= MALFORMED_EXAMPLES and tally.refused == tally.sent
    assert set(tally.by_channel) == {"rest", "socketio"}
    assert _safety_net_lines(hostile_stack)[apologies:] == []
