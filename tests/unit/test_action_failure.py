"""A custom action whose server fails is answered with the service-degraded response.

Rasa's real RemoteAction against real sockets on loopback: a port nobody listens on, a
server that answers 500, one that rejects (400), one that hangs, and one that drops the
first connection. No timing is asserted.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import components  # noqa: F401 - applies the wrapper, as in every Rasa process
from components import action_failure
from scripts.running_stack import free_port
from tests.conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))


def _tracker(text: str, parse_extra: dict[str, Any] | None = None) -> DialogueStateTracker:
    intent = {"name": "ask_referral", "confidence": 0.9}
    parse_data = {"intent": intent, "entities": [], **(parse_extra or {})}
    return DialogueStateTracker.from_events(
        "s",
        [ActionExecuted("action_listen"), UserUttered(text, intent, parse_data=parse_data)],
        DOMAIN.slots,
    )


async def _run(url: str, tracker: DialogueStateTracker, name: str = "action_find_referral"):  # type: ignore[no-untyped-def]
    action = RemoteAction(name, EndpointConfig(url))
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return await action.run(CollectingOutputChannel(), nlg, tracker, DOMAIN)


def _names(events: list) -> list[str]:  # type: ignore[type-arg]
    return [e.metadata.get("utter_action") for e in events if isinstance(e, BotUttered)]


@asynccontextmanager
async def _server(handler: Callable[[web.Request], Any]) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        await runner.cleanup()


def test_patch_is_applied_on_the_pinned_rasa() -> None:
    assert action_failure.apply() is True
    assert RemoteAction.run is action_failure.run_or_apologise


def test_refused_connection_gets_the_apology_with_the_central_offers() -> None:
    events = asyncio.run(_run(f"http://127.0.0.1:{free_port()}/webhook", _tracker("Essen")))
    assert _names(events) == ["utter_service_degraded"]
    assert "0911 943 43 43" in events[0].text and "110" in events[0].text


def test_danger_gets_the_emergency_numbers_first() -> None:
    url = f"http://127.0.0.1:{free_port()}/webhook"
    tracker = _tracker("Mein Bruder will morgen einen Anschlag machen", {"danger_kind": "attack"})
    events = asyncio.run(_run(url, tracker, "action_emergency"))
    assert _names(events) == ["utter_service_degraded_danger"]
    lines = events[0].text.splitlines()
    assert lines[1].endswith("110") and lines[2].endswith("112")
    # Also when another action fails on a message the danger check flagged.
    events = asyncio.run(_run(url, tracker, "action_find_referral"))
    assert _names(events) == ["utter_service_degraded_danger"]


def test_one_apology_per_message() -> None:
    tracker = _tracker("Essen")
    url = f"http://127.0.0.1:{free_port()}/webhook"
    for event in asyncio.run(_run(url, tracker)):
        tracker.update(event)
    assert asyncio.run(_run(url, tracker, "action_reset_place")) == []
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("Köln", {"name": "inform", "confidence": 1.0}))
    assert _names(asyncio.run(_run(url, tracker))) == ["utter_service_degraded"]


def test_server_error_gets_the_apology_and_a_rejection_stays_a_rejection() -> None:
    async def broken(_request: web.Request) -> web.Response:
        return web.Response(status=500, text="boom")

    async def rejecting(_request: web.Request) -> web.Response:
        return web.json_response({"action_name": "validate_referral_form"}, status=400)

    async def scenario() -> None:
        async with _server(broken) as url:
            assert _names(await _run(url, _tracker("Essen"))) == ["utter_service_degraded"]
        async with _server(rejecting) as url:
            with pytest.raises(ActionExecutionRejection):
                await _run(url, _tracker("Essen"), "validate_referral_form")

    asyncio.run(scenario())


def test_a_hanging_server_is_given_up_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(action_failure, "ACTION_TIMEOUT_S", 0.5)

    async def hanging(_request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.json_response({"events": [], "responses": []})

    async def scenario() -> list:  # type: ignore[type-arg]
        async with _server(hanging) as url:
            return await _run(url, _tracker("Essen"))

    assert _names(asyncio.run(scenario())) == ["utter_service_degraded"]


def test_a_dropped_connection_is_tried_once_more() -> None:
    calls: list[int] = []

    async def flaky(request: web.Request) -> web.Response:
        calls.append(1)
        if len(calls) == 1:
            request.transport.close()  # type: ignore[union-attr] - as a server that went away
            await asyncio.sleep(1)
        return web.json_response({"events": [], "responses": [{"text": "Wegweiser Essen"}]})

    async def scenario() -> list:  # type: ignore[type-arg]
        async with _server(flaky) as url:
            return await _run(url, _tracker("Essen"))

    events = asyncio.run(scenario())
    assert [e.text for e in events if isinstance(e, BotUttered)] == ["Wegweiser Essen"]
    assert len(calls) == 2
