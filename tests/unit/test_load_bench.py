"""The load benchmark's bookkeeping: a lost, duplicated or failed reply is counted as such.

Driven against a small fake REST channel on loopback; no timing is asserted.
"""

from __future__ import annotations

import asyncio
import types

import pytest
from aiohttp import web

from bench import load as load_module


@pytest.fixture(scope="module")
def load() -> types.ModuleType:
    return load_module


def test_check_reply_classifies(load) -> None:  # type: ignore[no-untyped-def]
    turn = load.Turn("Hallo", "Guten Tag")
    assert load.check_reply(turn, [{"text": "Guten Tag! Ich bin Lotse."}]) is None
    assert load.check_reply(turn, []) == "lost"
    assert load.check_reply(turn, [{"text": "Entschuldigung"}]) == "lost"
    twice = [{"text": "Guten Tag!"}, {"text": "Guten Tag!"}]
    assert load.check_reply(turn, twice) == "duplicated"
    assert load.check_reply(turn, [{"text": "Guten Tag"}, {"text": "Guten Tag, 2"}]) == (
        "duplicated"
    )
    assert load.check_reply(load.Turn("x", ""), [{"text": "anything"}]) is None


def test_percentiles_of_known_samples(load) -> None:  # type: ignore[no-untyped-def]
    result = load.LoadResult("x", 1, "paced", 10.0, messages=100)
    result.latencies_ms = [float(n) for n in range(1, 101)]
    assert result.msg_per_s == 10.0
    assert result.percentile(50) == pytest.approx(50.5)
    assert 94 <= result.percentile(95) <= 96
    assert result.summary()["p99_ms"] >= 98


def _fake_channel(behaviour: dict[str, object]) -> web.Application:
    """Answers like Rasa's REST channel; ``behaviour`` maps a message to its reply or status."""

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        reply = behaviour.get(body["message"], [{"text": "ok"}])
        if isinstance(reply, int):
            return web.Response(status=reply, text="boom")
        return web.json_response(reply)

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    return app


async def _drive_fake(load, behaviour: dict[str, object], script) -> object:  # type: ignore[no-untyped-def]
    runner = web.AppRunner(_fake_channel(behaviour))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        return await load.drive(
            f"http://127.0.0.1:{port}", [script], label="fake", concurrency=3, seconds=0.5,
            think_s=0.0,
        )  # fmt: skip
    finally:
        await runner.cleanup()


def test_drive_counts_lost_duplicated_and_errors(load) -> None:  # type: ignore[no-untyped-def]
    script = (
        load.Turn("good", "ok"),
        load.Turn("silent", "ok"),
        load.Turn("double", "ok"),
        load.Turn("broken", "ok"),
    )
    behaviour: dict[str, object] = {
        "silent": [],
        "double": [{"text": "ok"}, {"text": "ok"}],
        "broken": 500,
    }
    result = asyncio.run(_drive_fake(load, behaviour, script))
    assert result.messages > 0 and result.conversations == 0  # every conversation breaks
    # per conversation: one good, one lost, one duplicated reply, then an HTTP error; each of
    # the 3 users may be cut off by the deadline in the middle of its last conversation
    assert result.errors >= 1
    assert result.errors <= result.duplicated <= result.lost <= result.errors + 3
    assert 3 * result.errors <= result.messages <= 3 * result.errors + 9
    assert any("HTTP 500" in sample for sample in result.error_samples)


def test_drive_clean_run_has_no_problems(load) -> None:  # type: ignore[no-untyped-def]
    result = asyncio.run(_drive_fake(load, {}, (load.Turn("a", "ok"), load.Turn("b", "ok"))))
    assert result.conversations > 0
    assert (result.errors, result.lost, result.duplicated) == (0, 0, 0)
    assert len(result.latencies_ms) == result.messages


def test_long_conversation_summary_compares_the_first_and_last_twenty(load) -> None:  # type: ignore[no-untyped-def]
    latencies = [10.0] * 20 + [50.0] * 160 + [30.0] * 19 + [1000.0]
    summary = load.long_summary("x", latencies)
    assert summary["median_first_ms"] == 10.0 and summary["median_last_ms"] == 30.0
    assert summary["ratio"] == 3.0 and summary["messages"] == 200
    assert "1-20 10.0 ms, 181-200 30.0 ms, ratio 3.00" in load.long_line(summary)
    cpu = [20.0, 0.0] * 10 + [5.0] * 160 + [10.0] * 20
    summary = load.long_summary("x", latencies, cpu)
    assert (summary["cpu_first_ms"], summary["cpu_last_ms"], summary["cpu_ratio"]) == (10, 10, 1)
    assert "CPU per message (Rasa + actions, mean) 10.0 ms vs 10.0 ms" in load.long_line(summary)


def test_long_conversation_messages_never_end_it(load) -> None:  # type: ignore[no-untyped-def]
    texts = load.long_messages()
    assert len(texts) == 200 and all(texts)
    assert texts[-20:] == texts[:20]  # the ratio compares the same messages
    assert not {"/delete_conversation", "/restart", "Gespräch löschen"} & set(texts)
