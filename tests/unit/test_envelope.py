"""bot.input.envelope: what a REST body or a socket.io event may be, and what it is not."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.input.envelope import (
    MAX_BODY_BYTES,
    MAX_SENDER_CHARS,
    Envelope,
    Malformed,
    read_rest_body,
    read_session_request,
    read_socket_message,
)
from tests.strategies import json_values


def _body(data: object) -> bytes:
    return json.dumps(data).encode("utf-8")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"", "invalid_json"),
        (b"not json", "invalid_json"),
        (b'{"sender": "a", "message": "x"', "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, "too_large"),
        (b"[" * 20_000 + b"]" * 20_000, "invalid_json"),  # nesting deeper than the parser
        (b'{"sender": "a", "message": "\xff\xfe"}', "invalid_utf8"),
        (b"\xc3\x28", "invalid_utf8"),
        (b"[]", "body_not_object"),
        (b"42", "body_not_object"),
        (b'"Hallo"', "body_not_object"),
        (b"null", "body_not_object"),
        (b"true", "body_not_object"),
        (_body({"message": "Hallo"}), "sender_missing"),
        (_body({"sender": None, "message": "Hallo"}), "sender_missing"),
        (_body({"sender": 7, "message": "Hallo"}), "sender_not_string"),
        (_body({"sender": ["a"], "message": "Hallo"}), "sender_not_string"),
        (_body({"sender": "", "message": "Hallo"}), "sender_invalid"),
        (_body({"sender": "   ", "message": "Hallo"}), "sender_invalid"),
        (_body({"sender": "a\x00b", "message": "Hallo"}), "sender_invalid"),
        (_body({"sender": "a\nb", "message": "Hallo"}), "sender_invalid"),
        (_body({"sender": "x" * (MAX_SENDER_CHARS + 1), "message": "Hallo"}), "sender_invalid"),
        (_body({"sender": "a"}), "message_missing"),
        (_body({"sender": "a", "message": None}), "message_missing"),
        (_body({"sender": "a", "message": 5}), "message_not_string"),
        (_body({"sender": "a", "message": {"text": "Hallo"}}), "message_not_string"),
        (_body({"sender": "a", "message": ["Hallo"]}), "message_not_string"),
        (_body({"sender": "a", "message": "x" * MAX_BODY_BYTES}), "too_large"),
    ],
)
def test_malformed_rest_bodies_are_named(body: bytes, code: str) -> None:
    result = read_rest_body(body)
    assert isinstance(result, Malformed), result
    assert result.code == code
    assert set(result.as_json()) == {"error", "detail"}
    assert len(result.detail) < 80


def test_a_well_formed_body_keeps_sender_and_text_and_nothing_else() -> None:
    body = _body(
        {"sender": "c0ffee", "message": "Hallo", "metadata": {"ip": "1.2.3.4"}, "input_channel": 5}
    )
    assert read_rest_body(body) == Envelope(sender="c0ffee", message="Hallo")


@pytest.mark.parametrize(
    "message",
    ["", " ", "\x00\x01", "😀" * 50, "A" * 10_000, "Beratung in Köln " * 700, "'; DROP TABLE"],
)
def test_odd_but_well_formed_messages_pass(message: str) -> None:
    assert read_rest_body(_body({"sender": "s", "message": message})) == Envelope("s", message)


def test_a_lone_surrogate_from_a_cut_emoji_is_dropped() -> None:
    # JSON.stringify of a text cut between the halves of "😀" sends "\ud83d".
    body = b'{"sender": "s", "message": "Hallo \\ud83d"}'
    assert read_rest_body(body) == Envelope("s", "Hallo ")
    assert read_rest_body(b'{"sender": "s", "message": "\\ud83d\\ude00"}') == Envelope("s", "😀")


def test_a_lone_surrogate_in_the_sender_is_refused() -> None:
    result = read_rest_body(b'{"sender": "a\\ud800", "message": "Hallo"}')
    assert isinstance(result, Malformed) and result.code == "sender_invalid"


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=300))
def test_any_bytes_give_an_envelope_or_a_named_error(body: bytes) -> None:
    result = read_rest_body(body)
    assert isinstance(result, Envelope | Malformed)
    if isinstance(result, Envelope):
        assert isinstance(result.sender, str) and isinstance(result.message, str)


@settings(max_examples=300, deadline=None)
@given(data=json_values, session_required=st.booleans())
def test_any_socket_event_gives_an_envelope_or_a_named_error(
    data: object, session_required: bool
) -> None:
    result = read_socket_message(data, session_required=session_required)
    assert isinstance(result, Envelope | Malformed)


def test_socket_messages_need_a_session_id_only_with_session_persistence() -> None:
    event = {"message": "Hallo", "session_id": "0123abcd"}
    assert read_socket_message(event, session_required=True) == Envelope("0123abcd", "Hallo")
    assert read_socket_message(event, session_required=False) == Envelope(None, "Hallo")
    missing = read_socket_message({"message": "Hallo"}, session_required=True)
    assert isinstance(missing, Malformed) and missing.code == "session_id_missing"
    assert read_socket_message({"message": "Hallo"}, session_required=False) == Envelope(
        None, "Hallo"
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (None, "event_not_object"),
        ("Hallo", "event_not_object"),
        (["Hallo", "s"], "event_not_object"),
        ({"session_id": "s"}, "message_missing"),
        ({"session_id": "s", "message": 3}, "message_not_string"),
        ({"session_id": 3, "message": "Hallo"}, "session_id_not_string"),
        ({"session_id": "s", "message": "x" * (MAX_BODY_BYTES + 1)}, "too_large"),
        ({"session_id": "s", "message": "€" * (MAX_BODY_BYTES // 3 + 1)}, "too_large"),
    ],
)
def test_malformed_socket_events_are_named(data: object, code: str) -> None:
    result = read_socket_message(data, session_required=True)
    assert isinstance(result, Malformed) and result.code == code


def test_session_requests() -> None:
    assert read_session_request(None) is None
    assert read_session_request({}) is None
    assert read_session_request({"session_id": None}) is None
    assert read_session_request({"session_id": "abc"}) == "abc"
    assert read_session_request("abc") == "abc"  # a bare id, as some clients send it
    for bad in (5, ["abc"], {"session_id": 5}, {"session_id": ""}, "x" * 500):
        result = read_session_request(bad)
        assert isinstance(result, Malformed), bad
