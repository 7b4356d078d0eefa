"""Targeted fixes of Rasa 3.6.21 internals, applied when the ``components`` package is imported.

All only for speed; behaviour is unchanged. They replace Rasa functions for the whole
process, so they are applied only to the Rasa version they were written and tested for
(``PINNED_RASA_VERSION``): on any other version a warning is logged and nothing is
patched. ``LOTSE_RASA_PATCHES=0`` (environment or ``.env``, read by ``bot.settings``)
switches them off, and with them the shortcuts of Lotse's own components that rely on the
same Rasa internals (the policies' recent states, the trackers' copies, the tracker
store's kept conversations): Rasa then runs its own code everywhere. ``active()`` says
whether they are on. Each patch is compared with the code it replaces on real inputs in
tests/unit/test_rasa_patches.py.

What can be a subclass named in config.yml is one, not a patch: the rule and memoization
policies (components/policies.py); the classifier is Lotse's own component
(components/intent_classification.py). What remains here has no such place: Rasa's action,
event, graph runner, features and endpoint classes are not chosen in config.yml.

* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every response
  of the action server, which checks the *schema itself* against its meta-schema each time
  before validating the response. With jsonschema 4.17 that costs about as much as a TED
  prediction (16 % of a Rasa process's time under load, measured with py-spy, see
  docs/performance.md). The schema is a constant, so the validator is built and checked
  once; every response is still validated and an invalid one still raises the same
  ``ValidationError`` with Rasa's hint. Each event is also checked against a ``oneOf`` of
  23 event schemas, i.e. all 23 are tried and 22 build an error (1 ms per event). The 23
  differ by their ``event`` constant, so exactly the one named by the event can match:
  that one is checked directly; anything that fails goes through the full schema.
* ``Event.resolve_by_type`` walks every subclass of ``Event`` (with ``inspect.isabstract``
  on each) for every event it deserialises, i.e. for every stored event on every turn. The
  class found for a type name is remembered; unknown names still go the original way.
* ``DaskGraphRunner.run`` hands the graph to ``dask.get`` for every message and every action
  prediction: dask's scheduler (dependency analysis, ordering, a thread-pool style queue)
  cost 7 % of a Rasa process's time for graphs of about a dozen nodes that always run one
  after another. Here each needed node runs once, after its inputs, in the calling thread;
  the nodes, their inputs, the results and the errors are the same.
* ``Features._combine_sparse_features`` joins the sparse features of the featurizers with
  ``scipy.sparse.hstack``, whose general block-matrix code cost a third of DIET's time per
  message. Two blocks side by side are the concatenated entries with the column indices
  of the second shifted: the same matrix (entries, order, dtypes), about 3x faster.
* ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` (connector, TCP
  connection) for every call of the action server and closes it afterwards. Here each
  endpoint keeps one session per event loop, so calls reuse kept-alive connections. Idle
  connections are dropped after 2 s, before the action server's Sanic closes them (5 s),
  so a request is not sent on a connection the server is just closing. The request body
  (the whole tracker) is written with ujson (a Rasa dependency), about 3x faster than the
  standard library; values ujson cannot write (NaN, huge integers) fall back to it.
* ``RemoteAction._action_call_format`` sends the action server the tracker with *every*
  event of the conversation (``EventVerbosity.ALL``), each turned into a dict and JSON, and
  parsed again by the action server: in a 200-message conversation 2,000 events, 0.9 MB,
  for every call. Lotse's actions read the events of the current and the previous user
  turn (the form's slot validation reads the slots set since the last message), the earlier
  user messages back to a restart, a new session or "anderer Ort" (the form's memory,
  ``actions.common.earlier_user_texts``) and the last knowledge answer (follow-ups,
  ``actions.common.last_retrieval_key``). The tracker sent holds the events from the
  second-last user message on, preceded by those earlier user messages with the event where
  the memory stops and by the last bot message that carries a knowledge answer
  (``bot.knowledge.answer_key``); everything else of the tracker (slots, latest message,
  loop, ...) is as before. The user messages still grow with the conversation, at about a
  tenth of the events. The domain (sent only to validate_* actions, endpoints.yml) goes
  without its responses, which the SDK's form validation never reads.
  tests/actions/test_action_payload.py runs every action on both and compares the results.
* Rasa's processor, its memoization and rule policies and its forms deep-copy what they
  pass to ``structlogger.debug`` (every prediction's states and events, the parse data,
  the events of every action) whether or not debug logging is on: 2-3 % of a Rasa
  process's time. Those four modules use ``copy`` for nothing else; there ``copy`` is
  now a stand-in whose ``deepcopy`` copies only while the ``rasa`` logger logs debug
  lines (``rasa run --debug``) and otherwise hands the object itself to the call that
  drops it.
* ``DialogueStateTracker.__init__`` copies each slot of the domain with ``copy.copy``,
  which goes through the pickle protocol, for every tracker Rasa builds (a form's
  temporary tracker, ``from_events``, ``init_copy``): ``copy`` in
  ``rasa.shared.core.trackers`` (used there for nothing else) makes the same copies
  directly (``components.state_history.copy_plain``).
* ``FormAction._temporary_tracker`` builds the tracker a form validates and asks with by
  replaying every event since the last restart into a new tracker, twice in a form's
  turn: a cost that grows with the conversation. Here it is a copy of the tracker's state
  (``IncrementalTracker.copy``, the same state as the replay) with the same events and
  the same added ones; any other tracker goes Rasa's way.
* ``Domain.is_empty`` builds an empty ``Domain`` and serialises both domains to compare
  them, and the processor asks it for every message (``_check_for_unseen_features``): 3 %
  of a Rasa process's time, with the domain of every answer in six languages. A loaded
  domain is never changed, so the answer is kept on the Domain object.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import weakref
from functools import lru_cache
from typing import Any

import aiohttp
import numpy as np
import rasa
import rasa.core.actions.forms
import rasa.core.policies.memoization
import rasa.core.policies.rule_policy
import rasa.core.processor
import rasa.shared.core.trackers
import ujson
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.nlu.training_data.features import Features
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig
from scipy.sparse import coo_matrix

from actions.common import RESET_PLACE_ACTION
from bot.knowledge import answer_key
from bot.settings import get_settings
from components.state_history import copy_plain

logger = logging.getLogger(__name__)

PINNED_RASA_VERSION = "3.6.21"
SWITCH = "LOTSE_RASA_PATCHES"
_applied = False


def wanted() -> bool:
    """True unless switched off (``LOTSE_RASA_PATCHES=0``) or running on another Rasa version
    than the pinned one (then with a warning)."""
    if not get_settings().rasa_patches:
        return False
    if rasa.__version__ != PINNED_RASA_VERSION:
        logger.warning(
            "Rasa %s is not the version components/rasa_patches.py was written for (%s): "
            "Rasa's own code runs unchanged (slower; see docs/performance.md).",
            rasa.__version__,
            PINNED_RASA_VERSION,
        )
        return False
    return True


def active() -> bool:
    """True when the patches are applied in this process."""
    return _applied


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of once per response
    return cls(schema)


@lru_cache(maxsize=1)
def _event_validators() -> tuple[Any, dict[str, Any]]:
    """A validator for the response without the events' ``oneOf``, and one per event type."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    items = schema["properties"]["events"]["items"]
    options = items.pop("oneOf")
    by_type = {option["properties"]["event"]["const"]: option for option in options}
    if len(by_type) != len(options):  # the shortcut is only exact for distinct constants
        raise RuntimeError("Rasa's event schemas are not told apart by their 'event' constant")
    validators = {name: validator_for(option)(option) for name, option in by_type.items()}
    return validator_for(schema)(schema), validators


def response_is_valid(result: Any) -> bool:
    """Rasa's action response schema, with each event checked against its own type only."""
    outer, by_type = _event_validators()
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or []:
        event_type = event.get("event")
        validator = by_type.get(event_type) if isinstance(event_type, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if response_is_valid(result):
        return True
    error = best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_original_validate_action_result = RemoteAction._validate_action_result
_original_action_call_format = RemoteAction._action_call_format
_original_resolve_by_type = Event.resolve_by_type
_original_run_graph = DaskGraphRunner.run
_original_combine_sparse = Features._combine_sparse_features
_original_endpoint_session = EndpointConfig.session
_original_temporary_tracker = FormAction._temporary_tracker
_original_domain_is_empty = Domain.is_empty
_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes.get(type_name)
    if found is None:
        found = _original_resolve_by_type(type_name, default)
        if found is not None and found is not default:
            _event_classes[type_name] = found
    return found


def execute_graph(graph: dict[str, Any], targets: list[str]) -> list[Any]:
    """Evaluate ``targets`` of a dask-style graph (``{key: (callable, *input keys)}`` or a
    literal value) as ``dask.get`` does: every needed task once, its inputs first; an input
    name that is not a key of the graph is passed on as the string itself."""
    results: dict[str, Any] = {}

    def value_of(key: str) -> Any:
        if key in results:
            return results[key]
        task = graph[key]
        if type(task) is tuple and task and callable(task[0]):
            args = [value_of(a) if isinstance(a, str) and a in graph else a for a in task[1:]]
            value = task[0](*args)
        else:
            value = task
        results[key] = value
        return value

    return [value_of(target) for target in targets]


def _minimal_schema(runner: DaskGraphRunner, targets: tuple[str, ...]) -> GraphSchema:
    # The schema never changes after loading; its minimal sub-graph per target set neither.
    cache: dict[tuple[str, ...], GraphSchema] = runner.__dict__.setdefault("_lotse_minimal", {})
    if targets not in cache:
        cache[targets] = runner._graph_schema.minimal_graph_schema(list(targets))
    return cache[targets]


def _run_graph(
    self: DaskGraphRunner,
    inputs: dict[str, Any] | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    run_graph = self._build_dask_graph(_minimal_schema(self, tuple(run_targets)))
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)
    try:
        return dict(execute_graph(run_graph, list(run_targets)))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


def hstack_pair(left: Any, right: Any) -> Any:
    """``scipy.sparse.hstack([left, right])`` (COO result) for two blocks with equal rows."""
    left, right = left.tocoo(), right.tocoo()
    dtype = np.result_type(left.dtype, right.dtype)
    data = np.concatenate(
        [left.data.astype(dtype, copy=False), right.data.astype(dtype, copy=False)]
    )
    rows = np.concatenate([left.row, right.row])
    cols = np.concatenate([left.col, right.col + left.shape[1]])
    return coo_matrix((data, (rows, cols)), shape=(left.shape[0], left.shape[1] + right.shape[1]))


def _combine_sparse_features(self: Features, additional_features: Features) -> None:
    if self.features.shape[0] != additional_features.features.shape[0]:
        return _original_combine_sparse(self, additional_features)  # Rasa's error
    self.features = hstack_pair(self.features, additional_features.features)
    self._cached_fingerprint = None


KEEPALIVE_S = 2.0


def json_dumps(obj: Any, ensure_ascii: bool = False) -> str:
    """JSON text of ``obj``: ujson, or the standard library for what ujson refuses.
    ``ensure_ascii`` escapes every other character, lone surrogates too (for storage)."""
    try:
        return ujson.dumps(obj, ensure_ascii=ensure_ascii, escape_forward_slashes=False)
    except (OverflowError, TypeError, ValueError):
        return json.dumps(obj)


class _KeptSession:
    """``async with`` over a shared session that leaves it open for the next call."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *_exc: object) -> None:
        return None


def _endpoint_session(self: EndpointConfig) -> Any:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # outside a loop: Rasa's own short-lived session
        return _original_endpoint_session(self)
    sessions: weakref.WeakKeyDictionary = self.__dict__.setdefault(
        "_lotse_sessions", weakref.WeakKeyDictionary()
    )  # one per event loop (a Rasa server has one)
    session = sessions.get(loop)
    if session is None or session.closed:
        auth = self.basic_auth  # as Rasa's session(): headers, basic auth, timeout
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            # no cap on parallel connections, as with Rasa's session per call
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_S),
            json_serialize=json_dumps,
        )
        sessions[loop] = session
    return _KeptSession(session)


ACTION_USER_TURNS = 2  # the events of the current and the previous user turn


def _memory_boundary(event: Event) -> bool:
    """Where ``actions.common.earlier_user_texts`` (the form's memory) stops reading back."""
    return isinstance(event, (Restarted, SessionStarted)) or (
        isinstance(event, ActionExecuted) and event.action_name == RESET_PLACE_ACTION
    )


def _is_answer(event: Event) -> bool:
    return isinstance(event, BotUttered) and answer_key(event.metadata) is not None


def action_events(tracker: DialogueStateTracker) -> list[Event]:
    """The events the action server is sent, in their order: everything from the
    ``ACTION_USER_TURNS``-th last user message on; before that the earlier user messages
    back to where the form's memory stops (a restart, a new session, "anderer Ort") with
    that event; and the last knowledge answer."""
    window: list[Event] = []
    messages = 0
    older = reversed(tracker.events)
    for event in older:
        window.append(event)
        if isinstance(event, UserUttered):
            messages += 1
            if messages == ACTION_USER_TURNS:
                break
    bounded = any(_memory_boundary(e) for e in window)
    answered = any(_is_answer(e) for e in window)
    for event in older:
        if bounded and answered:
            break
        if not bounded and (isinstance(event, UserUttered) or _memory_boundary(event)):
            window.append(event)
            bounded = _memory_boundary(event)
        elif not answered and _is_answer(event):
            window.append(event)
            answered = True
    window.reverse()
    return window


class _RecentEventsTracker:
    """What ``_action_call_format`` reads of a tracker, with the recent events only."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self.sender_id = tracker.sender_id
        self._tracker = tracker

    def current_state(self, event_verbosity: EventVerbosity) -> dict[str, Any]:
        state = self._tracker.current_state(EventVerbosity.NONE)
        state["events"] = [event.as_dict() for event in action_events(self._tracker)]
        return state


# The domain the validate_* actions are sent, without its responses: every answer in six
# languages and Leichte Sprache made it 426 KB of JSON per form turn, and the SDK's form
# validation reads the forms, slots and actions only. Kept on the Domain object (one per
# model): a Domain hashes by serialising itself, so it cannot be a dictionary key here.
_SLIM_DOMAIN = "_lotse_action_domain"


def action_domain(domain: Any) -> dict[str, Any]:
    """``domain.as_dict()`` without ``responses``, built once per domain."""
    slim = domain.__dict__.get(_SLIM_DOMAIN)
    if slim is None:
        slim = {k: v for k, v in domain.as_dict().items() if k != "responses"}
        domain.__dict__[_SLIM_DOMAIN] = slim
    return slim


def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
    result = _original_action_call_format(self, _RecentEventsTracker(tracker), domain)
    if "domain" in result:
        result["domain"] = action_domain(domain)
    return result


_IS_EMPTY = "_lotse_is_empty"


class _LogCopies:
    """``copy`` for modules that deep-copy only the arguments of their debug log lines."""

    _rasa_logger = logging.getLogger("rasa")

    def deepcopy(self, obj: Any, memo: dict | None = None) -> Any:
        if self._rasa_logger.isEnabledFor(logging.DEBUG):
            return copy.deepcopy(obj, memo)
        return obj  # the log call drops it unread

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


_LOG_COPIES = _LogCopies()


class _SlotCopies:
    """``copy`` for ``rasa.shared.core.trackers``, whose one use of it copies the slots of
    every new tracker (``copy.copy(slot)``): the same copies, made by ``copy_plain``."""

    copy = staticmethod(copy_plain)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


_SLOT_COPIES = _SlotCopies()
# Each of these uses ``copy.deepcopy`` only in arguments of ``structlogger.debug``
# (tests/unit/test_rasa_patches.py reads their source to make sure).
LOG_COPYING_MODULES = (
    rasa.core.processor,
    rasa.core.policies.memoization,
    rasa.core.policies.rule_policy,
    rasa.core.actions.forms,
)


def _temporary_tracker(
    self: FormAction,
    current_tracker: DialogueStateTracker,
    additional_events: list[Event],
    domain: Domain,
) -> DialogueStateTracker:
    """Rasa's temporary tracker of a form, from a copy of the tracker's state instead of a
    replay of every event since the last restart (a new tracker, which replays them)."""
    from components.trackers import IncrementalTracker  # it imports this module

    if not (
        isinstance(current_tracker, IncrementalTracker)
        and current_tracker._incremental()
        and list(current_tracker.slots) == [slot.name for slot in domain.slots]
    ):
        return _original_temporary_tracker(self, current_tracker, additional_events, domain)
    temporary = current_tracker.copy()  # the state after its events; no model or sender ids
    temporary.events = temporary._create_events(current_tracker.events_after_latest_restart())
    temporary._lotse_applied = None
    for event in (
        SlotSet(REQUESTED_SLOT, self.get_slot_to_fill(current_tracker)),
        ActionExecuted(self.name()),
        *additional_events,
    ):
        temporary.update(event)
    return temporary


def _domain_is_empty(self: Domain) -> bool:
    """Rasa's answer, computed once per Domain object (kept beside the slim domain above)."""
    empty = self.__dict__.get(_IS_EMPTY)
    if empty is None:
        empty = self.__dict__[_IS_EMPTY] = _original_domain_is_empty(self)
    return bool(empty)


_PATCHES: list[tuple[Any, str, Any, Any]] = [
    (
        RemoteAction,
        "_validate_action_result",
        _original_validate_action_result,
        _validate_action_result,
    ),
    (Event, "resolve_by_type", _original_resolve_by_type, staticmethod(_resolve_by_type)),
    (DaskGraphRunner, "run", _original_run_graph, _run_graph),
    (Features, "_combine_sparse_features", _original_combine_sparse, _combine_sparse_features),
    (EndpointConfig, "session", _original_endpoint_session, _endpoint_session),
    (RemoteAction, "_action_call_format", _original_action_call_format, _action_call_format),
    (Domain, "is_empty", _original_domain_is_empty, _domain_is_empty),
    *((module, "copy", copy, _LOG_COPIES) for module in LOG_COPYING_MODULES),
    (rasa.shared.core.trackers, "copy", copy, _SLOT_COPIES),
    (FormAction, "_temporary_tracker", _original_temporary_tracker, _temporary_tracker),
]


def patches() -> list[tuple[Any, str, Any, Any]]:
    """Every patch: the class, the attribute, Rasa's original and the replacement."""
    return list(_PATCHES)


def apply() -> None:
    """Install the patches (idempotent), unless ``wanted()`` says no."""
    global _applied
    if _applied or not wanted():
        return
    for owner, name, _original, replacement in patches():
        setattr(owner, name, replacement)
    _applied = True


__all__ = [
    "PINNED_RASA_VERSION",
    "SWITCH",
    "ValidationError",
    "active",
    "apply",
    "patches",
    "wanted",
]
