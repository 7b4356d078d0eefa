"""Targeted fixes of Rasa 3.6.21 internals, applied when the ``components`` package is imported.

All only for speed; behaviour is unchanged:

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
* ``RasaModel._rasa_predict`` (DIET, ResponseSelector) calls its ``tf.function`` with numpy
  arrays; TensorFlow then matches the arguments against the function's signature and
  looks the traced graph up again on every call: 40 % of DIET's time per message, against
  7 % for the model itself. The function has a fixed input signature, so there is exactly
  one traced graph: it is fetched once and called with the inputs converted to the
  signature's dtypes, as TensorFlow's own argument casting does. Same graph, same outputs.
* ``Features._combine_sparse_features`` joins the sparse features of the featurizers with
  ``scipy.sparse.hstack``, whose general block-matrix code cost a third of DIET's time per
  message. Two blocks side by side are the concatenated entries with the column indices
  of the second shifted: the same matrix (entries, order, dtypes), about 3x faster.
* ``RulePolicy._get_possible_keys`` filters the rules against every state of the whole
  conversation, one state further back per step, although a rule that is shorter than the
  step always passes. Once the step is past the longest remaining rule nothing can change:
  the loop stops there (or when no rule is left). And in the first step, which checks
  all 125 rules, only rules whose last state names the conversation's previous action
  (or names none) are checked: a rule naming another action cannot match there. The same
  set of rules comes out.
* ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` (connector, TCP
  connection) for every call of the action server and closes it afterwards. Here each
  endpoint keeps one session per event loop, so calls reuse kept-alive connections. Idle
  connections are dropped after 2 s, before the action server's Sanic closes them (5 s),
  so a request is not sent on a connection the server is just closing. The request body
  (the whole tracker) is written with ujson (a Rasa dependency), about 3x faster than the
  standard library; values ujson cannot write (NaN, huge integers) fall back to it.
"""

from __future__ import annotations

import asyncio
import copy
import json
import weakref
from functools import lru_cache
from typing import Any

import aiohttp
import numpy as np
import tensorflow as tf  # already loaded by rasa.utils.tensorflow.models below
import ujson
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from keras.utils import tf_utils
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DIAGNOSTIC_DATA, DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.events import Event
from rasa.shared.nlu.constants import ACTION_NAME
from rasa.shared.nlu.training_data.features import Features
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig
from rasa.utils.tensorflow.models import RasaModel
from scipy.sparse import coo_matrix

_PATCHED = "_lotse_cached_validator"


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


_original_resolve_by_type = Event.resolve_by_type
_original_rasa_predict = RasaModel._rasa_predict
_original_combine_sparse = Features._combine_sparse_features
_original_get_possible_keys = RulePolicy._get_possible_keys
_original_endpoint_session = EndpointConfig.session
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


def _rasa_predict(self: Any, batch_in: tuple[Any, ...]) -> dict[str, Any]:
    if self._run_eagerly or not self.prepared_for_prediction or self._tf_predict_step is None:
        return _original_rasa_predict(self, batch_in)  # first call: traces the function
    graph = self.__dict__.get("_lotse_concrete_predict")
    if graph is None:
        graph = self._tf_predict_step.get_concrete_function()
        specs = tf.nest.flatten(graph.structured_input_signature)
        self._lotse_concrete_predict = graph = (graph, [spec.dtype for spec in specs])
    concrete, dtypes = graph
    if len(batch_in) != len(dtypes):
        return _original_rasa_predict(self, batch_in)
    flat = [tf.convert_to_tensor(x, dtype=d) for x, d in zip(batch_in, dtypes, strict=True)]
    outputs = tf_utils.sync_to_numpy_or_python_type(
        concrete._call_flat(flat, concrete.captured_inputs)
    )
    if DIAGNOSTIC_DATA in outputs:
        outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
    return outputs


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


class _RuleIndex:
    """The rules of one lookup, by the previous action their last state requires."""

    def __init__(self, lookup: dict[str, str]) -> None:
        self.lookup = lookup
        self.keys = frozenset(lookup)
        self.by_action: dict[str, set[str]] = {}
        self.any_action: set[str] = set()
        for key in lookup:
            states = RulePolicy._rule_key_to_state(key)
            name = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME) if states else None
            if isinstance(name, str) and name and name != SHOULD_NOT_BE_SET:
                self.by_action.setdefault(name, set()).add(key)
            else:
                self.any_action.add(key)

    def candidates(self, state: dict) -> set[str]:
        name = (state.get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
        return self.any_action | self.by_action.get(name, set())


_rule_indexes: dict[int, _RuleIndex] = {}


def _rule_index(lookup: dict[str, str]) -> _RuleIndex:
    index = _rule_indexes.get(id(lookup))
    if index is None or index.lookup is not lookup or index.keys != lookup.keys():
        if len(_rule_indexes) > 16:  # training builds many lookups; inference has two
            _rule_indexes.clear()
        index = _rule_indexes[id(lookup)] = _RuleIndex(lookup)
    return index


def _get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list) -> set[str]:
    possible_keys = set(lookup.keys())
    rule_states = self._rule_key_to_state  # cached json.loads of the rule key
    for turn_index, state in enumerate(reversed(states)):
        if not possible_keys or all(len(rule_states(k)) <= turn_index for k in possible_keys):
            break  # every remaining rule is shorter than this: it applies whatever the state
        pool = _rule_index(lookup).candidates(state) if turn_index == 0 else possible_keys
        possible_keys = {key for key in pool if self._is_rule_applicable(key, turn_index, state)}
    return possible_keys


KEEPALIVE_S = 2.0


def json_dumps(obj: Any) -> str:
    """JSON text of ``obj``: ujson, or the standard library for what ujson refuses."""
    try:
        return ujson.dumps(obj, ensure_ascii=False, escape_forward_slashes=False)
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


def apply() -> None:
    """Install the patches (idempotent)."""
    if not getattr(RemoteAction, _PATCHED, False):
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
        DaskGraphRunner.run = _run_graph  # type: ignore[method-assign]
        RasaModel._rasa_predict = _rasa_predict  # type: ignore[method-assign]
        Features._combine_sparse_features = _combine_sparse_features  # type: ignore[method-assign]
        RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
        EndpointConfig.session = _endpoint_session  # type: ignore[method-assign]
        setattr(RemoteAction, _PATCHED, True)


__all__ = ["ValidationError", "apply"]
