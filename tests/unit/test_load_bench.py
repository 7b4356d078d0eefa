"""The load benchmark's bookkeeping: a lost, duplicated or failed reply is counted as such.

Driven against a small fake REST channel on loopback; no timing is asserted.
"""

from __future__ import annotations

import asyncio
import math
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


def test_phases_cover_every_level_paced_and_saturated(load) -> None:  # type: ignore[no-untyped-def]
    plan = load._phase_plan(load.Phases(short_s=30, long_s=120, think_s=1.0))
    assert [(n, t) for n, t, _ in plan] == [
        (1, 1.0), (1, 0.0), (10, 1.0), (10, 0.0), (40, 1.0), (40, 0.0)
    ]  # fmt: skip
    assert [s for *_, s in plan] == [30, 30, 30, 30, 120, 30]  # the long paced run at N=40


def test_paired_ratio_is_the_median_of_rounds_taken_in_turns(load) -> None:  # type: ignore[no-untyped-def]
    paired = [{"L": 60.0, "S": 30.0}, {"L": 90.0, "S": 30.0}, {"L": 40.0, "S": 40.0}]
    assert load.paired_ratio(paired, "L", "S") == 2.0  # ratios 2, 3, 1
    # no round with a stock figure: nan, never a made-up ratio
    assert math.isnan(load.paired_ratio([{"L": 1.0, "S": 0.0}], "L", "S"))


def _run(label: str, msg_per_s: float) -> dict:
    results = [
        {"concurrency": n, "mode": m, "msg_per_s": msg_per_s, "p95_ms": 50.0, "seconds": 30.0,
         "errors": 0, "lost": 0, "duplicated": 0}
        for n in (1, 10, 40) for m in ("paced", "saturated")
    ]  # fmt: skip
    return {"label": label, "results": results, "startup_s": 10.0,
            "rss_mb": {"rasa:1": {"rest": 700, "peak": 800}}}  # fmt: skip


def test_verdict_judges_the_paired_ratio_not_the_best_phase(load) -> None:  # type: ignore[no-untyped-def]
    lotse, stock = _run("L", 100.0), _run("S", 30.0)  # best of phases: 3.33x
    paired = [{"L": 70.0, "S": 30.0}, {"L": 75.0, "S": 30.0}, {"L": 80.0, "S": 30.0}]
    scaled = {"1": 40.0, "2": 70.0, "ratio": 1.5}
    lines = load.verdicts(lotse, stock, scaled, paired)
    throughput = lines[0]
    assert "2.50x, the median of 3 paired rounds" in throughput
    assert ">= 2x (#9): OK, >= 3x (#20): MISSED" in throughput
    assert "best of all phases 100.0 vs 30.0 msg/s = 3.33x" in throughput
    assert any("= 1.50x" in line and "MISSED" in line for line in lines)  # the paired median


def test_servers_take_turns(load) -> None:  # type: ignore[no-untyped-def]
    assert [load.in_turn("AB", n) for n in range(4)] == [
        ["A", "B"], ["B", "A"], ["A", "B"], ["B", "A"]
    ]  # fmt: skip
