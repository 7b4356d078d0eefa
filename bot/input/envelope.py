"""What arrives from outside, before it becomes a user message: a REST body or a socket.io
event is read into an :class:`Envelope` (who sent which text) or named :class:`Malformed`.

A malformed request is answered by the channel with a short error (HTTP 400 or an error
event), never with a server error, and never reaches the bot. The rules:

* a REST body is at most :data:`MAX_BODY_BYTES`, valid UTF-8 and a JSON object;
* ``sender`` (REST) and ``session_id`` (socket.io) are strings of 1 to
  :data:`MAX_SENDER_CHARS` printable characters: they key the stored conversation (a
  missing one would put every such request into one shared conversation);
* ``message`` is a string of at most :data:`MAX_BODY_BYTES` bytes. It may be empty (the bot
  answers that the message was empty) or longer than the bot reads (it is cut, and the bot
  says so). Lone UTF-16 surrogates are dropped: a browser that cuts a text between the two
  halves of an emoji sends one, and it could not be stored or written as UTF-8.

Nothing else of a request is passed on: no client metadata is stored (privacy by design)
and the channel name is the channel's own. ``detail`` texts never quote the request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_SENDER_CHARS",
    "Envelope",
    "Malformed",
    "read_rest_body",
    "read_session_request",
    "read_socket_message",
]

# A message up to ten times as long as the bot reads (MAX_MESSAGE_CHARS, 1000) still gets the
# friendly "too long" answer even when every character is JSON-escaped; beyond this the
# request is refused before it is decoded.
MAX_BODY_BYTES = 64 * 1024
# The widget's ids have 32 characters, socket ids about 20, Rasa's tracker store keys 255.
MAX_SENDER_CHARS = 128

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Envelope:
    """A well-formed request: ``sender`` is ``None`` when the channel picks the conversation
    (a socket.io event without session persistence)."""

    sender: str | None
    message: str


@dataclass(frozen=True)
class Malformed:
    """Why a request was refused: ``code`` is stable for clients, ``detail`` one short line."""

    code: str
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"error": self.code, "detail": self.detail}


_TOO_LARGE = Malformed("too_large", f"The request is larger than {MAX_BODY_BYTES} bytes.")


def _sender(value: object, field: str) -> str | Malformed:
    if value is None:
        return Malformed(f"{field}_missing", f"'{field}' is required.")
    if not isinstance(value, str):
        return Malformed(f"{field}_not_string", f"'{field}' must be a string.")
    if not 0 < len(value) <= MAX_SENDER_CHARS or not value.isprintable() or not value.strip():
        return Malformed(
            f"{field}_invalid",
            f"'{field}' must be 1 to {MAX_SENDER_CHARS} printable characters.",
        )
    return value


def _message(value: object) -> str | Malformed:
    if value is None:
        return Malformed("message_missing", "'message' is required.")
    if not isinstance(value, str):
        return Malformed("message_not_string", "'message' must be a string.")
    # At most 4 bytes per character: only a long text needs encoding to be measured.
    if len(value) > MAX_BODY_BYTES // 4 and (
        len(value.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES
    ):
        return _TOO_LARGE
    return _LONE_SURROGATE.sub("", value)


def _envelope(sender: str | None, data: dict) -> Envelope | Malformed:
    message = _message(data.get("message"))
    return message if isinstance(message, Malformed) else Envelope(sender, message)


def read_rest_body(body: bytes | None) -> Envelope | Malformed:
    """``{"sender": "...", "message": "..."}`` from the raw bytes of a REST request."""
    body = body or b""
    if len(body) > MAX_BODY_BYTES:
        return _TOO_LARGE
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Malformed("invalid_utf8", "The body must be UTF-8.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; deep nesting recurses
        return Malformed("invalid_json", "The body must be a JSON object.")
    if not isinstance(data, dict):
        return Malformed("body_not_object", "The body must be a JSON object.")
    sender = _sender(data.get("sender"), "sender")
    return sender if isinstance(sender, Malformed) else _envelope(sender, data)


def read_socket_message(data: object, *, session_required: bool) -> Envelope | Malformed:
    """``{"message": "...", "session_id": "..."}`` of a socket.io ``user_uttered`` event.

    With session persistence the session id names the conversation and is required;
    without it the channel uses the socket id and ignores a session id.
    """
    if not isinstance(data, dict):
        return Malformed("event_not_object", "The event data must be an object.")
    if not session_required:
        return _envelope(None, data)
    sender = _sender(data.get("session_id"), "session_id")
    return sender if isinstance(sender, Malformed) else _envelope(sender, data)


def read_session_request(data: object) -> str | Malformed | None:
    """The session id a socket.io ``session_request`` asks for: a string, or ``None`` when
    the client asks for a new one (no data, no id). Rasa's widget protocol sends
    ``{"session_id": ...}``; a bare string id is accepted too."""
    if data is None:
        return None
    if isinstance(data, str):
        value: object = data
    elif isinstance(data, dict):
        value = data.get("session_id")
        if value is None:
            return None
    else:
        return Malformed("event_not_object", "The event data must be an object.")
    return _sender(value, "session_id")
