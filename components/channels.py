"""Lotse's chat channels: Rasa's REST and socket.io channels with a guard at the door.

Named in credentials.yml instead of ``rest:`` and ``socketio:``; same URLs
(``/webhooks/rest/webhook``, ``/socket.io``), events (``user_uttered``/``bot_uttered``,
``session_request``/``session_confirm``) and answers for every well-formed request, so the
widget, a plain socket.io client and rasa-webchat see no difference. What they add:

* **Malformed requests** (not JSON, not an object, missing or non-string ``sender``/
  ``message``/``session_id``, invalid UTF-8, too large; ``bot/input/envelope.py``) get a
  short JSON error: HTTP 400 on REST, a ``request_error`` event on socket.io. Rasa answered
  some with a 500, ignored others in silence, or filed sender-less messages under one
  shared conversation.
* **Payload-shaped text** (``/intent{...}``) is checked against the loaded model's domain
  (``bot/input/payload.py``): a payload a button could send goes on unchanged; words after
  a payload go on as text; ``/restart`` and ``/session_start`` restart with the greeting;
  anything else (internal intents, actions, unknown entities, values of the wrong type) is
  answered with the "nicht verstanden" help. Rasa left several of these without any reply.
* **A last safety net**: a well-formed message whose turn raised (e.g. the tracker store is
  unreachable) or sent no reply gets the service apology with the central offers and the
  emergency numbers (``bot/safety/apology.py``), and one log line without the user's text.
* No client metadata is passed on or stored, and Rasa's own log lines quoting the user's
  text on a failed turn are not written.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.core.constants import (
    DEFAULT_CATEGORICAL_SLOT_VALUE,
    USER_INTENT_BACK,
    USER_INTENT_RESTART,
    USER_INTENT_SESSION_START,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.slots import Slot
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.input.envelope import (
    Malformed,
    read_rest_body,
    read_session_request,
    read_socket_message,
)
from bot.input.payload import (
    JSON_KINDS,
    PAYLOAD_PREFIX,
    EntityRule,
    JsonKind,
    PayloadRules,
    check_payload,
)
from bot.safety.apology import service_apology, service_apology_for
from components.safety_override import BAD_INPUT_INTENT, OTHER_LANGUAGE_INTENT

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
# The socket.io event for a malformed event; its data is the REST error body.
REQUEST_ERROR_EVENT = "request_error"
# Intents no button sends: Rasa's own (restart, back, session start, NLU fallback) and the
# verdicts SafetyOverride sets. Retrieval intents are left out too: a bare "/wissen" names
# no answer.
RESTART_INTENTS = frozenset({USER_INTENT_RESTART, USER_INTENT_SESSION_START})
INTERNAL_INTENTS = RESTART_INTENTS | {
    USER_INTENT_BACK,
    DEFAULT_NLU_FALLBACK_INTENT_NAME,
    BAD_INPUT_INTENT,
    OTHER_LANGUAGE_INTENT,
}
_RESTART_TEXT = PAYLOAD_PREFIX + USER_INTENT_RESTART
# action_nlu_fallback answers an intent ranking without guesses with the menu help.
_NOT_UNDERSTOOD_TEXT = PAYLOAD_PREFIX + DEFAULT_NLU_FALLBACK_INTENT_NAME
_SLOT_KINDS: dict[str, frozenset[JsonKind]] = {
    "text": frozenset({"string"}),
    "categorical": frozenset({"string"}),
    "float": frozenset({"number"}),
    "bool": frozenset({"boolean"}),
    "list": frozenset({"array"}),
    "any": JSON_KINDS,
}
# Bot message keys a client shows (Rasa's OutputChannel.send_response).
_VISIBLE_KEYS = ("text", "buttons", "quick_replies", "custom", "image", "attachment", "elements")


# --------------------------------------------------------------------------- domain rules


def _slot_rule(slot: Slot) -> EntityRule:
    kinds = _SLOT_KINDS.get(slot.type_name, frozenset({"string"}))
    values = getattr(slot, "values", None) if slot.type_name == "categorical" else None
    allowed = (
        frozenset(str(v) for v in values if v != DEFAULT_CATEGORICAL_SLOT_VALUE)
        if values is not None
        else None
    )
    return EntityRule(kinds=kinds, allowed=allowed)


def _fills(slot: Slot, entity: str) -> bool:
    if slot.name == entity:
        return True
    return any(
        mapping.get("type") == "from_entity" and mapping.get("entity") == entity
        for mapping in slot.mappings or []
    )


def _entity_rule(domain: Domain, entity: str) -> EntityRule:
    """A value must suit every slot the entity fills (an entity without a slot: a string)."""
    rules = [_slot_rule(slot) for slot in domain.slots if _fills(slot, entity)]
    if not rules:
        return EntityRule()
    kinds = frozenset.intersection(*(rule.kinds for rule in rules))
    allowed_sets = [rule.allowed for rule in rules if rule.allowed is not None]
    allowed = frozenset.intersection(*allowed_sets) if allowed_sets else None
    return EntityRule(kinds=kinds, allowed=allowed)


def payload_rules(domain: Domain) -> PayloadRules:
    """What the domain allows in a payload (see bot/input/payload.py)."""
    user_intents = set(domain.intents) - INTERNAL_INTENTS - set(domain.retrieval_intents)
    return PayloadRules(
        intents=frozenset(user_intents),
        restart_intents=RESTART_INTENTS,
        entities={entity: _entity_rule(domain, entity) for entity in domain.entities},
    )


class _PayloadScreen:
    """Checks payload-shaped messages against the domain of the model the server runs."""

    def __init__(self) -> None:
        self._domain: Domain | None = None
        self._rules: PayloadRules | None = None

    def _rules_for(self, app: Sanic | None) -> PayloadRules | None:
        agent = getattr(app.ctx, "agent", None) if app is not None else None
        domain = getattr(agent, "domain", None)
        if domain is None:
            return None  # no model loaded: the turn gets the service apology anyway
        if domain is not self._domain:
            self._domain, self._rules = domain, payload_rules(domain)
        return self._rules

    def text_for(self, app: Sanic | None, text: str, channel: str) -> str:
        """The text the bot is given for ``text``."""
        if PAYLOAD_PREFIX not in text:
            return text
        rules = self._rules_for(app)
        if rules is None:
            return text
        check = check_payload(text, rules)
        if check.outcome not in ("text", "payload"):
            logger.info("%s: a payload-shaped message went on as %s (%s)", channel,
                        check.outcome, check.reason)  # fmt: skip
        if check.outcome == "restart":
            return _RESTART_TEXT
        if check.outcome == "not_understood":
            return _NOT_UNDERSTOOD_TEXT
        return check.text


# --------------------------------------------------------------------------- safety net


class _CountsReplies(OutputChannel):
    """Counts the bot messages of a turn that a client can show."""

    replies = 0

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if any(message.get(key) for key in _VISIBLE_KEYS):
            self.replies += 1
        await super().send_response(recipient_id, message)


class CountingCollectingOutputChannel(_CountsReplies, CollectingOutputChannel):
    pass


class CountingQueueOutputChannel(_CountsReplies, QueueOutputChannel):
    pass


class CountingSocketIOOutput(_CountsReplies, SocketIOOutput):
    pass


async def answer_turn(
    on_new_message: OnNewMessage, message: UserMessage, output: _CountsReplies, channel: str
) -> None:
    """Let the bot answer ``message``; when the turn raised or sent nothing, send the service
    apology. Logs the failure without the user's text (exception messages may quote it: a
    database error shows the statement's parameters, so only the type is logged at INFO)."""
    failure = None
    try:
        await on_new_message(message)
    except (asyncio.CancelledError, Exception) as exc:  # the user must get an answer
        failure = type(exc).__name__
        logger.debug("%s: the turn raised", channel, exc_info=True)
    if failure is None and output.replies:
        return
    if failure:
        logger.error("%s: a turn failed (%s); sent the service apology", channel, failure)
    else:
        logger.error("%s: a turn sent no reply; sent the service apology", channel)
    try:
        await output.send_text_message(message.sender_id, service_apology_for(message.text))
    except Exception as exc:  # e.g. the socket closed meanwhile: nothing left to tell
        logger.error("%s: the service apology could not be sent (%s)", channel, type(exc).__name__)


# --------------------------------------------------------------------------- REST


def _bad_request(error: Malformed, channel: str) -> HTTPResponse:
    logger.info("%s: refused a malformed request (%s)", channel, error.code)
    return response.json(error.as_json(), status=400)


class LotseRestInput(RestInput):
    """``POST /webhooks/rest/webhook`` ``{"sender", "message"}`` (``?stream=true`` streams
    the answers as lines of JSON), with the guards above."""

    @classmethod
    def name(cls) -> str:
        return "rest"  # same URL and the same channel name in the stored conversations

    def __init__(self) -> None:
        self._screen = _PayloadScreen()

    def _stream_answers(
        self, on_new_message: OnNewMessage, text: str, sender_id: str
    ) -> Callable[[Any], Awaitable[None]]:
        async def stream(resp: Any) -> None:
            queue: asyncio.Queue = asyncio.Queue()
            output = CountingQueueOutputChannel(queue)
            message = UserMessage(text, output, sender_id, input_channel=self.name())

            async def turn() -> None:
                await answer_turn(on_new_message, message, output, self.name())
                await queue.put(None)

            task = asyncio.ensure_future(turn())
            while (reply := await queue.get()) is not None:
                await resp.write(json.dumps(reply) + "\n")
            await task

        return stream

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        service_apology()  # fail at start-up, not in the first failing turn
        module = inspect.getmodule(self)
        webhook = Blueprint(
            f"custom_webhook_{type(self).__name__}", module.__name__ if module else None
        )

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            envelope = read_rest_body(request.body)
            if isinstance(envelope, Malformed):
                return _bad_request(envelope, self.name())
            assert envelope.sender is not None  # read_rest_body requires it
            text = self._screen.text_for(request.app, envelope.message, self.name())
            if bool_arg(request, "stream", default=False):
                return response.stream(
                    self._stream_answers(on_new_message, text, envelope.sender),
                    content_type="text/event-stream",
                )
            output = CountingCollectingOutputChannel()
            message = UserMessage(text, output, envelope.sender, input_channel=self.name())
            await answer_turn(on_new_message, message, output, self.name())
            return response.json(output.messages)

        return webhook


# --------------------------------------------------------------------------- socket.io


def _event_data(args: tuple[Any, ...]) -> Any:
    if not args:
        return None
    return args[0] if len(args) == 1 else list(args)


class LotseSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (same credentials, events and rooms), with the guards above.

    Rasa's connect (with the optional JWT check) and disconnect handlers stay; the session
    request and the user message handlers are replaced.
    """

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._screen = _PayloadScreen()

    async def _refuse(self, sid: str, error: Malformed) -> None:
        logger.info("%s: refused a malformed event (%s)", self.name(), error.code)
        assert self.sio is not None
        await self.sio.emit(REQUEST_ERROR_EVENT, error.as_json(), room=sid)

    def _app(self, sid: str) -> Sanic | None:
        """The Sanic app that received this socket (engine.io's Sanic driver keeps the
        handshake request in the socket's environ): its agent holds the loaded domain."""
        assert self.sio is not None
        environ = self.sio.get_environ(sid, namespace=self.namespace) or {}
        request = environ.get("sanic.request")
        return getattr(request, "app", None)

    async def session_request(self, sid: str, data: Any = None) -> None:
        assert self.sio is not None
        session_id = read_session_request(data)
        if isinstance(session_id, Malformed):
            await self._refuse(sid, session_id)
            return
        session_id = session_id or uuid.uuid4().hex
        if self.session_persistence:
            self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    async def handle_message(
        self, on_new_message: OnNewMessage, sid: str, data: Any = None
    ) -> None:
        assert self.sio is not None
        envelope = read_socket_message(data, session_required=self.session_persistence)
        if isinstance(envelope, Malformed):
            await self._refuse(sid, envelope)
            return
        sender = envelope.sender or sid
        if self.session_persistence:
            # The answers go to the session's room: a client that sends before (or without)
            # its session request still gets them. Joining needs only the id, like
            # session_request itself.
            self.sio.enter_room(sid, sender)
        text = self._screen.text_for(self._app(sid), envelope.message, self.name())
        output = CountingSocketIOOutput(self.sio, self.bot_message_evt)
        message = UserMessage(text, output, sender, input_channel=self.name())
        await answer_turn(on_new_message, message, output, self.name())

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        service_apology()  # fail at start-up, not in the first failing turn
        webhook = super().blueprint(on_new_message)
        assert self.sio is not None

        # A client may emit an event with no data or several arguments: one argument is the
        # event's data, anything else is malformed (never a TypeError in the handler).
        async def session_request(sid: str, *args: Any) -> None:
            await self.session_request(sid, _event_data(args))

        async def user_message(sid: str, *args: Any) -> None:
            await self.handle_message(on_new_message, sid, _event_data(args))

        self.sio.on("session_request", session_request, namespace=self.namespace)

        self.sio.on(self.user_message_evt, user_message, namespace=self.namespace)
        return webhook
