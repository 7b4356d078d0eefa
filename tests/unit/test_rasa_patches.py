"""Every patch of components/rasa_patches.py gives what the Rasa code it replaces gives.

Each patch is run next to Rasa's original on real inputs (action-server responses, every
event type, a graph of Rasa components, the featurizers' matrices of real messages, HTTP
calls, action requests in tests/actions/test_action_payload.py) and the outputs are
compared. The version guard and the ``LOTSE_RASA_PATCHES`` switch are checked in fresh
processes: with either, Rasa's own code stays in place.
"""

from __future__ import annotations

import ast
import copy
import inspect
import logging
from typing import Any

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.trackers import DialogueStateTracker

import components  # noqa: F401 - importing the package applies the patches
from components import rasa_patches

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "place", "value": "Essen"}],
        "responses": [{"text": "x"}],
    },
    {},
]
INVALID = [
    {"events": "not a list"},
    {"responses": [1, 2]},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"no_event_key": True}]},
]


def test_patch_is_installed_once() -> None:
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result
    rasa_patches.apply()
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("response", VALID)
def test_valid_responses_pass(response: dict) -> None:
    validate(response, RemoteAction.action_response_format_spec())  # Rasa's original check
    assert RemoteAction._validate_action_result(None, response) is True  # type: ignore[arg-type]


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_raise_like_the_original(response: dict) -> None:
    with pytest.raises(ValidationError) as original:
        validate(response, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as patched:
        RemoteAction._validate_action_result(None, response)  # type: ignore[arg-type]
    assert patched.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in patched.value.message


def test_event_types_resolve_as_before() -> None:
    from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered

    for _ in range(2):  # first lookup fills the cache, the second reads it
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("bot") is BotUttered
        assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonexistent", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonexistent")
    restored = Event.from_parameters(UserUttered("Hallo").as_dict())
    assert isinstance(restored, UserUttered) and restored.text == "Hallo"


def _dask_style_graph(calls: list[str]) -> dict:
    def node(name: str):
        def run(*inputs: object) -> tuple[str, object]:
            calls.append(name)
            return name, [name, *inputs]

        return run

    return {
        "message": ("message", "Hallo"),  # an input: a literal, not a task
        "tokens": (node("tokens"), "message"),
        "features": (node("features"), "tokens", "message"),
        "intent": (node("intent"), "features", "tokens"),
        "unused": (node("unused"), "message"),
        "dangling": (node("dangling"), "not_a_node"),  # passed on as the name itself
    }


@pytest.mark.parametrize("targets", [["intent"], ["intent", "tokens"], ["dangling"], []])
def test_graph_executor_gives_what_dask_gives(targets: list[str]) -> None:
    import dask

    ours: list[str] = []
    expected = dask.get(_dask_style_graph([]), targets)
    assert rasa_patches.execute_graph(_dask_style_graph(ours), targets) == list(expected)
    # dask runs every node it is given (Rasa hands it the minimal sub-graph); ours runs
    # each node the targets need, once
    assert len(ours) == len(set(ours)) and "unused" not in ours


def test_graph_executor_runs_inputs_before_their_consumers() -> None:
    calls: list[str] = []
    rasa_patches.execute_graph(_dask_style_graph(calls), ["intent"])
    assert calls == ["tokens", "features", "intent"]


def test_graph_errors_surface_like_dask_errors() -> None:
    from rasa.engine.runner.dask import DaskGraphRunner

    assert DaskGraphRunner.run is rasa_patches._run_graph

    def broken(*_inputs: object) -> None:
        raise ValueError("kaputt")

    with pytest.raises(ValueError, match="kaputt"):
        rasa_patches.execute_graph({"a": (broken,)}, ["a"])


@pytest.mark.parametrize("seed", range(5))
def test_sparse_features_are_joined_exactly_like_scipy(seed: int) -> None:
    import numpy as np
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    rows = int(rng.integers(1, 9))
    left = sp.random(rows, 18000, density=0.001, format="coo", dtype=np.float64, random_state=seed)
    right = sp.random(rows, 300, density=0.05, format="csr", dtype=np.float32, random_state=seed)
    expected = sp.hstack([left, right])
    joined = rasa_patches.hstack_pair(left, right)
    assert joined.format == expected.format and joined.shape == expected.shape
    assert joined.dtype == expected.dtype and joined.row.dtype == expected.row.dtype
    for attr in ("row", "col", "data"):
        assert np.array_equal(getattr(joined, attr), getattr(expected, attr))


def test_features_combine_through_the_patch_and_keep_rasas_errors() -> None:
    import numpy as np
    import scipy.sparse as sp
    from rasa.shared.nlu.training_data.features import Features

    words = Features(sp.coo_matrix(np.eye(2)), "sequence", "text", "words")
    chars = Features(sp.coo_matrix(np.ones((2, 3))), "sequence", "text", "chars")
    words.combine_with_features(chars)
    assert words.features.toarray().tolist() == [[1, 0, 1, 1, 1], [0, 1, 1, 1, 1]]
    other = Features(sp.coo_matrix(np.ones((3, 1))), "sequence", "text", "x")
    with pytest.raises(ValueError, match="sequence dimensions do not match"):
        words.combine_with_features(other)


def _every_event_type() -> list[dict]:
    from datetime import datetime

    from rasa.shared.core import events as ev

    return [
        e.as_dict()
        for e in [
            ev.UserUttered("Hallo", {"name": "greet", "confidence": 1.0}, [], None, None, "rest"),
            ev.ActionExecuted("utter_greet", "RulePolicy", 1.0),
            ev.SlotSet("place", "Bochum"),
            ev.EntitiesAdded([{"entity": "place", "value": "Bochum"}]),
            ev.DefinePrevUserUtteredFeaturization(False),
            ev.ReminderCancelled("r"),
            ev.ReminderScheduled("greet", datetime(2026, 12, 2), name="r"),
            ev.ActionExecutionRejected("validate_referral_form"),
            ev.LoopInterrupted(True),
            ev.ActiveLoop("referral_form"),
            ev.ActiveLoop(None),
            ev.AllSlotsReset(),
            ev.ConversationResumed(),
            ev.ConversationPaused(),
            ev.FollowupAction("action_find_referral"),
            ev.StoryExported(),
            ev.Restarted(),
            ev.UserUtteranceReverted(),
            ev.ActionReverted(),
            ev.BotUttered("Guten Tag", {"buttons": [{"title": "Hilfe", "payload": "/help"}]}),
            ev.SessionStarted(),
            ev.AgentUttered("x"),
        ]
    ]


def _responses() -> list:
    every = _every_event_type()
    slot = {"event": "slot", "name": "place", "value": "Bochum"}
    return [
        *VALID,
        *INVALID,
        {"events": every, "responses": [{"text": "x", "buttons": []}]},
        *({"events": [event]} for event in every),
        {"events": [slot, {"event": "unknown_type"}]},
        {"events": [{"event": 3}]},
        {"events": [{"event": {"nested": 1}}]},
        {"events": [{**slot, "timestamp": "yesterday"}]},
        {"events": [{"event": "user", "parse_data": {"intent": "not an object"}}]},
        {"events": [{"event": "action", "name": 5}]},
        {"events": None},
        {"events": [slot], "responses": "text"},
        [],
        "not a response",
    ]


@pytest.mark.parametrize("response", _responses())
def test_event_wise_validation_agrees_with_the_full_schema(response: object) -> None:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    assert rasa_patches.response_is_valid(response) == validator_for(schema)(schema).is_valid(
        response
    )


def test_action_server_calls_reuse_one_connection() -> None:
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    peers: list[tuple] = []
    auths: list[str | None] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        auths.append(request.headers.get("Authorization"))
        return web.json_response({"events": [], "echo": await request.json()})

    async def scenario() -> list:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(
            f"http://127.0.0.1:{port}/webhook", basic_auth={"username": "u", "password": "p"}
        )
        try:
            answers = [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
        finally:
            async with endpoint.session() as session:
                await session.close()
            await runner.cleanup()
        return answers

    answers = asyncio.run(scenario())
    assert [a["echo"]["n"] for a in answers] == [0, 1, 2]
    assert len(set(peers)) == 1  # one kept-alive connection for all three calls
    assert all(a and a.startswith("Basic ") for a in auths)  # Rasa's basic auth is kept


@pytest.mark.parametrize(
    "obj",
    [
        {"sender_id": "a/b", "events": [{"event": "user", "text": "Grüße 👋", "timestamp": 1.5}]},
        {"slots": {"n": 0.1 + 0.2, "big": 2**70, "none": None, "list": [1, "x", True]}},
        {"nan": float("nan")},
    ],
)
def test_action_request_json_reads_back_the_same(obj: dict) -> None:
    import json
    import math

    text = rasa_patches.json_dumps(obj)
    back = json.loads(text)
    if "nan" in obj:
        assert math.isnan(back["nan"])
    else:
        assert back == json.loads(json.dumps(obj))


# --- every patch next to Rasa's original --------------------------------------------------

COMPARED = {  # patch -> the test that compares it with Rasa's original
    "_validate_action_result": "test_validation_matches_rasas_original",
    "resolve_by_type": "test_event_classes_match_rasas_original",
    "run": "test_graph_runs_match_rasas_dask_runner",
    "_combine_sparse_features": "test_real_featurizer_output_matches_rasas_hstack",
    "session": "test_action_server_answers_match_rasas_session",
    "_action_call_format": "tests/actions/test_action_payload.py",
    "is_empty": "test_domain_emptiness_matches_rasas_original",
    "_temporary_tracker": "test_form_temporary_trackers_match_rasas_replay",
    "copy": "test_log_copies_are_made_only_for_debug_lines, "
    "test_new_trackers_copy_their_slots_as_copy_copy_does",
}


def test_every_patch_is_compared_with_the_original() -> None:
    names = {name for _owner, name, _original, _patched in rasa_patches.patches()}
    assert sorted(names) == sorted(COMPARED)
    assert rasa_patches.active()
    for owner, name, original, patched in rasa_patches.patches():
        assert owner.__dict__[name] is patched
        assert original is not patched


def _debug_log_calls(module: Any) -> tuple[list[ast.Call], set[int]]:
    """``copy.<anything>`` uses in ``module``'s source, and the ids of those that are
    arguments of a ``structlogger.debug(...)`` call."""
    tree = ast.parse(inspect.getsource(module))
    uses = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "copy"
    ]
    logged: set[int] = set()
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        if (
            isinstance(node, ast.Call)
            and isinstance(func, ast.Attribute)
            and func.attr == "debug"
            and isinstance(func.value, ast.Name)
            and func.value.id == "structlogger"
        ):
            logged.update(id(inner) for inner in ast.walk(node))
    return uses, logged


@pytest.mark.parametrize("module", rasa_patches.LOG_COPYING_MODULES, ids=lambda m: m.__name__)
def test_log_copies_are_made_only_for_debug_lines(module: Any) -> None:
    # Rasa's own source: its copies are all deep copies of debug-log arguments.
    uses, logged = _debug_log_calls(module)
    assert uses
    for use in uses:
        assert use.func.attr == "deepcopy" and id(use) in logged, ast.unparse(use)
    assert module.copy is rasa_patches._LOG_COPIES
    states = [{"user": {"intent": "greet"}}]
    assert module.copy.deepcopy(states) is states  # debug lines off: nothing copied
    rasa_logger = logging.getLogger("rasa")
    level = rasa_logger.level
    rasa_logger.setLevel(logging.DEBUG)  # rasa run --debug
    try:
        copied = module.copy.deepcopy(states)
    finally:
        rasa_logger.setLevel(level)
    assert copied == states and copied is not states and copied[0] is not states[0]
    assert module.copy.copy is copy.copy


def test_new_trackers_copy_their_slots_as_copy_copy_does() -> None:
    import rasa.shared.core.trackers as trackers_module
    from rasa.shared.core.trackers import DialogueStateTracker

    from tests.long_conversations import load_domain

    uses = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(inspect.getsource(trackers_module)))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "copy"
    ]
    assert uses == ["copy.copy"]  # Rasa's one use: the slots of a new tracker
    assert trackers_module.copy is rasa_patches._SLOT_COPIES
    domain = load_domain()
    ours = DialogueStateTracker("a", domain.slots)
    trackers_module.copy = copy  # Rasa's own way, for comparison
    try:
        theirs = DialogueStateTracker("a", domain.slots)
    finally:
        trackers_module.copy = rasa_patches._SLOT_COPIES
    assert list(ours.slots) == list(theirs.slots) and len(ours.slots) > 5
    for name, slot in theirs.slots.items():
        mine = ours.slots[name]
        assert type(mine) is type(slot) and mine.__dict__ == slot.__dict__
        assert mine is not domain.slots[list(ours.slots).index(name)]  # a copy, not shared
    assert ours.current_state() == theirs.current_state()


def _timeless(state: dict, added: int) -> dict:
    """``state`` without the times of the two events a form's temporary tracker makes anew
    (before the ``added`` ones): each call makes its own."""
    made = len(state["events"]) - added - 2
    for number, event in enumerate(state["events"]):
        if made <= number < made + 2:
            event.pop("timestamp")
    return state


def test_form_temporary_trackers_match_rasas_replay() -> None:
    from rasa.core.actions.forms import FormAction
    from rasa.shared.core.events import ActionExecuted, SlotSet
    from rasa.shared.core.trackers import EventVerbosity

    from components.trackers import IncrementalTracker
    from tests.long_conversations import load_domain, story_turns

    domain = load_domain()
    form = FormAction("referral_form", None)
    original = rasa_patches._original_temporary_tracker
    compared = 0
    tracker = IncrementalTracker("t", domain.slots)
    for turn in story_turns(domain, 5, messages=80):
        for event in turn:
            tracker.update(event)
            if not isinstance(event, ActionExecuted):
                continue
            added = [SlotSet("place", "Essen"), SlotSet("audience", None)]
            ours = form._temporary_tracker(tracker, added, domain)
            theirs = original(form, tracker, added, domain)
            assert ours is not tracker and ours.events is not tracker.events

            assert _timeless(ours.current_state(EventVerbosity.ALL), len(added)) == _timeless(
                theirs.current_state(EventVerbosity.ALL), len(added)
            )
            assert ours.applied_events() == theirs.applied_events()
            assert {n: s.value for n, s in ours.slots.items()} == {
                n: s.value for n, s in theirs.slots.items()
            }
            assert ours.active_loop == theirs.active_loop
            compared += 1
    assert compared > 150
    # anything but a tracker of the tracker store goes Rasa's way
    plain = DialogueStateTracker.from_events("p", list(tracker.events), domain.slots)
    assert type(form._temporary_tracker(plain, [], domain)) is DialogueStateTracker


def test_domain_emptiness_matches_rasas_original() -> None:
    from rasa.shared.core.domain import Domain

    original = rasa_patches._original_domain_is_empty
    domains = [
        Domain.empty(),
        Domain.load("domain.yml"),
        Domain.from_dict({"intents": ["greet"]}),
        Domain.from_dict({"responses": {"utter_x": [{"text": "x"}]}}),
    ]
    for domain in domains:
        assert domain.is_empty() == original(domain)
        assert domain.is_empty() == original(domain)  # the kept answer, asked again
    assert [d.is_empty() for d in domains] == [True, False, False, False]


@pytest.mark.parametrize("response", _responses())
def test_validation_matches_rasas_original(response: object) -> None:
    action = RemoteAction("action_find_referral", None)

    def outcome(validate_result) -> object:
        try:
            return validate_result(action, response)
        except ValidationError as error:
            return ("error", error.message, list(error.path))

    original = outcome(rasa_patches._original_validate_action_result)
    assert outcome(rasa_patches._validate_action_result) == original


def test_event_classes_match_rasas_original() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    names = {cls.type_name for cls in all_subclasses(Event) if getattr(cls, "type_name", None)}
    for name in [*sorted(names), "nonexistent", "", "USER"]:
        for default in (None, Event):
            for _ in range(2):  # the second call reads the remembered class
                try:
                    expected = rasa_patches._original_resolve_by_type(name, default)
                except ValueError:
                    with pytest.raises(ValueError):
                        Event.resolve_by_type(name, default)
                    continue
                assert Event.resolve_by_type(name, default) is expected, name


def _rasa_graph(tmp_path):
    """A prediction graph of real Rasa components: message conversion, tokenizer, the
    regex message handler (button payloads), and a node the targets do not need."""
    from rasa.engine.graph import ExecutionContext, GraphSchema, SchemaNode
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.graph_components.converters.nlu_message_converter import NLUMessageConverter
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

    def node(uses, fn, needs, **kw):
        return SchemaNode(needs=needs, uses=uses, constructor_name="create", fn=fn, config={}, **kw)

    schema = GraphSchema(
        {
            "convert": node(
                NLUMessageConverter, "convert_user_message", {"messages": "__message__"}
            ),
            "tokens": node(WhitespaceTokenizer, "process", {"messages": "convert"}),
            "regex": node(RegexMessageHandler, "process", {"messages": "tokens"}, is_target=True),
            "unused": node(WhitespaceTokenizer, "process", {"messages": "convert"}),
        }
    )
    storage = LocalModelStorage(tmp_path)
    return DaskGraphRunner(schema, storage, ExecutionContext(schema, "test"))


def _comparable(data: dict) -> dict:
    """A message's data with its tokens as plain values."""
    tokens = data.get("text_tokens") or []
    return {**data, "text_tokens": [(t.text, t.start, t.end, t.data) for t in tokens]}


@pytest.mark.parametrize("targets", [["regex"], ["tokens", "regex"], ["convert"], None])
def test_graph_runs_match_rasas_dask_runner(tmp_path, targets) -> None:
    from rasa.core.channels import UserMessage

    runner = _rasa_graph(tmp_path)
    for text in ["/greet", '/inform{"place": "Essen"}', "Hallo, ich suche Hilfe", ""]:

        def run(run_graph, text=text):
            inputs = {"__message__": [UserMessage(text, sender_id="s", message_id="m1")]}
            results = run_graph(runner, inputs, targets)
            return {key: [_comparable(m.data) for m in value] for key, value in results.items()}

        assert run(rasa_patches._run_graph) == run(rasa_patches._original_run_graph)


def test_graph_errors_match_rasas_dask_runner(tmp_path) -> None:
    from rasa.engine.exceptions import GraphComponentException

    runner = _rasa_graph(tmp_path)
    for run_graph in (rasa_patches._run_graph, rasa_patches._original_run_graph):
        with pytest.raises(GraphComponentException):  # a component fails on a bad input
            run_graph(runner, {"__message__": [object()]}, ["regex"])


GERMAN = [
    ("hallo", "greet"),
    ("guten morgen", "greet"),
    ("moin moin", "greet"),
    ("hallo zusammen", "greet"),
    ("ich suche eine beratungsstelle in köln", "find"),
    ("wo finde ich hilfe in essen", "find"),
    ("gibt es eine suchtberatung in bochum", "find"),
    ("beratung in der nähe von dortmund", "find"),
    ("danke dir", "thanks"),
    ("vielen dank", "thanks"),
    ("danke schön", "thanks"),
    ("super, danke", "thanks"),
]


@pytest.fixture(scope="module")
def trained_nlu(tmp_path_factory):
    """Tokenizer, word and char n-gram featurizers, trained on a few German messages."""
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
        CountVectorsFeaturizer,
    )
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    storage = LocalModelStorage(tmp_path_factory.mktemp("nlu"))
    context = ExecutionContext(GraphSchema({}), "test")

    def create(cls, name, **config):
        return cls.create({**cls.get_default_config(), **config}, storage, Resource(name), context)

    tokenizer = create(WhitespaceTokenizer, "tokens")
    words = create(CountVectorsFeaturizer, "words")
    chars = create(CountVectorsFeaturizer, "chars", analyzer="char_wb", min_ngram=2, max_ngram=5)
    data = TrainingData([Message.build(text=text, intent=intent) for text, intent in GERMAN])
    tokenizer.process_training_data(data)
    for featurizer in (words, chars):
        featurizer.train(data)
        featurizer.process_training_data(data)

    def featurized(text: str) -> Message:
        message = Message.build(text=text)
        tokenizer.process([message])
        words.process([message])
        chars.process([message])
        return message

    return featurized


TEXTS = ["hallo", "ich brauche beratung in köln, bitte", "Dankeschön!!", "x", "wo wo wo " * 20]


def test_real_featurizer_output_matches_rasas_hstack(trained_nlu, monkeypatch) -> None:
    from rasa.shared.nlu.training_data.features import Features

    featurized = trained_nlu

    def joined(text: str):
        sequence, sentence = featurized(text).get_sparse_features("text")
        return [
            (
                f.features.format,
                f.features.dtype,
                f.features.shape,
                f.features.row.tolist(),
                f.features.col.tolist(),
                f.features.data.tolist(),
            )
            for f in (sequence, sentence)
        ]

    ours = [joined(text) for text in TEXTS]
    monkeypatch.setattr(Features, "_combine_sparse_features", rasa_patches._original_combine_sparse)
    assert ours == [joined(text) for text in TEXTS]


def test_action_server_answers_match_rasas_session(monkeypatch) -> None:
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    async def webhook(request: web.Request) -> web.Response:
        seen = {k: request.headers.get(k) for k in ("Authorization", "Content-Type", "X-Lotse")}
        return web.json_response({"events": [], "echo": await request.json(), "seen": seen})

    bodies = [
        {
            "next_action": "action_find_referral",
            "tracker": {
                "events": [
                    {"event": "user", "text": "Grüße aus Köln 👋 / 0,5 €", "timestamp": 1.5}
                ],
                "slots": {"n": 0.1 + 0.2},
            },
        },
        {"big": 2**70, "nested": [[], {}, None, True]},
    ]

    async def calls() -> list:
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(
            f"http://127.0.0.1:{port}/webhook",
            headers={"X-Lotse": "1"},
            basic_auth={"username": "u", "password": "p"},
        )
        try:
            return [await endpoint.request(json=body, method="post") for body in bodies]
        finally:
            async with endpoint.session() as session:
                if not session.closed:
                    await session.close()
            await runner.cleanup()

    ours = asyncio.run(calls())
    monkeypatch.setattr(EndpointConfig, "session", rasa_patches._original_endpoint_session)
    assert ours == asyncio.run(calls())
    assert [answer["echo"] for answer in ours] == bodies


# --- the version guard and the switch ----------------------------------------------------

_CHECK = """
import logging, sys
logging.basicConfig(level=logging.WARNING)
import rasa
if len(sys.argv) > 1:
    rasa.__version__ = sys.argv[1]
import components
from components import rasa_patches
assert not rasa_patches.active()
for owner, name, original, patched in rasa_patches.patches():
    assert owner.__dict__[name] is not patched, name
    assert getattr(owner, name) is original, name
print("untouched", len(rasa_patches.patches()))
"""


def _check_in_fresh_process(env: dict, *args: str):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", _CHECK, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(rasa_patches.__file__).rsplit("/components/", 1)[0],
    )


def test_another_rasa_version_patches_nothing_and_warns() -> None:
    done = _check_in_fresh_process({}, "3.6.22")
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"untouched {len(rasa_patches.patches())}" in done.stdout
    assert "Rasa 3.6.22 is not the version" in done.stderr


def test_the_switch_patches_nothing() -> None:
    done = _check_in_fresh_process({"LOTSE_RASA_PATCHES": "0"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"untouched {len(rasa_patches.patches())}" in done.stdout
    assert "is not the version" not in done.stderr


def test_wanted_reads_the_switch_and_the_version(monkeypatch, caplog) -> None:
    import rasa

    from bot.settings import get_settings

    assert rasa.__version__ == rasa_patches.PINNED_RASA_VERSION  # what the patches were made for
    try:
        for value, expected in [("0", False), ("off", False), ("1", True), ("", True)]:
            monkeypatch.setenv("LOTSE_RASA_PATCHES", value)
            get_settings.cache_clear()
            assert rasa_patches.wanted() is expected
        monkeypatch.setattr(rasa, "__version__", "3.7.0")
        with caplog.at_level("WARNING"):
            assert rasa_patches.wanted() is False
        assert "Rasa 3.7.0 is not the version" in caplog.text
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
