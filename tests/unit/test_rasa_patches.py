"""The cached action-response validation behaves exactly like Rasa's own."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

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


def _state(action: str | None, intent: str | None = None, **slots: object) -> dict:
    state: dict = {}
    if action:
        state["prev_action"] = {"action_name": action}
    if intent:
        state["user"] = {"intent": intent}
    if slots:
        state["slots"] = {name: (value,) for name, value in slots.items()}
    return state


def test_rule_lookup_stops_early_with_the_same_rules() -> None:
    import itertools
    import json

    from rasa.core.policies.rule_policy import RulePolicy

    assert RulePolicy._get_possible_keys is rasa_patches._get_possible_keys
    policy = RulePolicy.__new__(RulePolicy)  # the lookup needs no trained state
    rules = [
        [_state("action_listen", "greet")],
        [{}, _state("action_listen", "greet")],  # conversation start
        [_state("utter_greet", "greet"), _state("action_listen", "help")],
        [_state("action_listen", "inform", place=1.0)],
        [_state("action_listen", "inform", place="should_not_be_set")],
        [_state("referral_form"), _state("action_listen", "inform"), _state("x")],
        [{"prev_action": {"action_text": "Hallo"}}],  # an end-to-end rule
        [{"prev_action": {"action_name": "should_not_be_set"}}],
        [_state("x"), {}],  # last state without a previous action
        [],
    ]
    lookup = {json.dumps(rule, sort_keys=True): "utter_x" for rule in rules}
    turns = [
        {},
        _state("action_listen", "greet"),
        _state("utter_greet", "greet"),
        _state("action_listen", "help"),
        _state("action_listen", "inform", place=1.0),
        _state("referral_form"),
        _state("action_listen", "inform"),
        _state("x"),
        {"prev_action": {"action_text": "Hallo"}},
    ]
    checked = 0
    for length in range(1, len(turns) + 1):
        for history in itertools.combinations(turns, length):
            states = list(history)
            expected = rasa_patches._original_get_possible_keys(policy, lookup, states)
            assert policy._get_possible_keys(lookup, states) == expected
            checked += bool(expected)
    assert checked > 20  # the histories do match rules, not only miss them


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
