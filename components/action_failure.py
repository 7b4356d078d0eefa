"""A custom action that fails gets an answer, not silence (Rasa Open Source 3.6.21).

``MessageProcessor._run_action`` catches every exception of an action, logs it and carries on
without a word: with the action server down, a person asking for a counselling centre in
the middle of a conversation got no reply at all. Here ``RemoteAction.run`` (the call of the
action server, also for form validation) is wrapped, and nothing else changes:

* a call that fails because the connection broke (the action server restarted, a kept-alive
  connection was closed) is tried once more after half a second;
* a call that still fails (connection refused, connection lost, no answer within
  ``ACTION_TIMEOUT_S`` instead of Rasa's 300 s, an HTTP error) is logged in one line and
  answered with ``utter_service_degraded`` (a short apology, the central offers and the
  police number) or, when the message signalled acute danger, ``utter_service_degraded_danger``
  (the emergency numbers first): the action's events are lost, as before, but the person is
  told and gets the numbers. Both responses live in domain.yml, their numbers are those of
  the referral records (``make check-content``), so they need neither the action server nor
  the database. One apology per message: a second failing action in the same turn adds none;
* a rejection (HTTP 400, e.g. a form's validation rejecting the input) is raised as before.

Applied only on the pinned Rasa version; on any other it logs a warning and changes nothing
(``_run_action`` and ``RemoteAction`` must be read again before it is moved to another one).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import rasa
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.exceptions import RasaException

from components.input_guard import DANGER_KIND

logger = logging.getLogger(__name__)

PINNED_RASA_VERSION = "3.6.21"
DEGRADED = "utter_service_degraded"
DEGRADED_DANGER = "utter_service_degraded_danger"
EMERGENCY_ACTION = "action_emergency"
EMERGENCY_INTENT = "emergency"
# Lotse's actions answer in milliseconds; Rasa would wait 300 s for a hanging server.
ACTION_TIMEOUT_S = 20.0
RETRY_PAUSE_S = 0.5

_original_run = RemoteAction.run
_PATCHED = "_lotse_answers_failures"


def _connection_lost(exc: BaseException) -> bool:
    """Rasa re-raises aiohttp's errors as RasaException, naming the original as the context."""
    cause = exc.__cause__ or exc.__context__
    return isinstance(cause, aiohttp.ClientConnectionError)


def in_danger(tracker: Any, action_name: str) -> bool:
    """The message that is being answered signalled acute danger."""
    if action_name == EMERGENCY_ACTION:
        return True
    parse_data = getattr(tracker.latest_message, "parse_data", None) or {}
    intent = (parse_data.get("intent") or {}).get("name")
    return bool(parse_data.get(DANGER_KIND)) or intent == EMERGENCY_INTENT


def apologised_this_turn(tracker: Any) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") in (
            DEGRADED,
            DEGRADED_DANGER,
        ):
            return True
    return False


async def degraded_answer(
    action_name: str, output_channel: Any, nlg: Any, tracker: Any
) -> list[Event]:
    """The apology for a failed action as the action's events (none if already given)."""
    if apologised_this_turn(tracker):
        return []
    response = DEGRADED_DANGER if in_danger(tracker, action_name) else DEGRADED
    message = await nlg.generate(response, tracker, output_channel.name())
    if not message:
        logger.error("response %s is missing from the domain: no answer", response)
        return []
    message["utter_action"] = response  # as Rasa's own responses carry their name
    return [create_bot_utterance(message)]


async def run_or_apologise(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> list[Event]:
    """``RemoteAction.run`` that answers for the action server when the call fails."""
    for attempt in (1, 2):
        try:
            return await asyncio.wait_for(
                _original_run(self, output_channel, nlg, tracker, domain), ACTION_TIMEOUT_S
            )
        except ActionExecutionRejection:
            raise
        except (RasaException, asyncio.TimeoutError) as exc:
            if attempt == 1 and _connection_lost(exc):
                await asyncio.sleep(RETRY_PAUSE_S)
                continue
            reason = f"no answer within {ACTION_TIMEOUT_S:.0f} s" if isinstance(
                exc, asyncio.TimeoutError
            ) else str(exc).splitlines()[0]  # fmt: skip
            logger.error(
                "Action server failed on %s (%s): the user gets the service-degraded answer.",
                self.name(),
                reason,
            )
            return await degraded_answer(self.name(), output_channel, nlg, tracker)
    raise AssertionError("unreachable")  # pragma: no cover


def apply() -> bool:
    """Wrap ``RemoteAction.run`` on the pinned Rasa version (idempotent); True if applied."""
    if rasa.__version__ != PINNED_RASA_VERSION:
        logger.warning(
            "Rasa %s is not %s: failed custom actions stay silent (components/action_failure.py)",
            rasa.__version__,
            PINNED_RASA_VERSION,
        )
        return False
    if not getattr(RemoteAction, _PATCHED, False):
        RemoteAction.run = run_or_apologise  # type: ignore[method-assign]
        setattr(RemoteAction, _PATCHED, True)
    return True
