"""Faults survived: a crashed server or a dependency outage never takes the service down.

On the scaled stack of tests/live/conftest.py (supervisord, 2 Rasa processes behind
HAProxy, action server, web server, private PostgreSQL and Redis), each test breaks one part
in the middle of conversations and brings it back:

- one Rasa process killed (SIGKILL) under 10 paced conversations: at most the requests in
  flight fail, supervisord starts it again, HAProxy takes it back, and a conversation begun
  before the kill continues with its slots;
- the action server killed (restarted at once) and stopped for a while: every message is
  answered (an apology with the central offers, the emergency numbers for danger);
- the web server killed: started again;
- Redis stopped, then PostgreSQL stopped: every message is answered (never a 5xx, never
  silence), an emergency message gets the numbers, and after the restart the stores work
  again by themselves.

The figures go to reports/faults.json (docs/deployment.md quotes them).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import LOTSE_SCRIPTS, drive
from scripts.running_stack import RunningStack
from tests.conftest import ROOT
from tests.live.conftest import Scaled

pytestmark = pytest.mark.stack

WORRY = "Ich mache mir Sorgen um meinen Sohn"
EMERGENCY = "Mein Bruder will morgen einen Anschlag machen"
REFERRAL = "Ich wohne in Velbert und mache mir Sorgen um meinen Sohn"
REFERRAL_ANSWER = "Wegweiser Düsseldorf / Kreis Mettmann"
# A place no other test here asks for: the action server keeps no answer for it
# (REFERRAL_CACHE_SECONDS), so during an outage its lookup meets the database.
UNASKED_REFERRAL = "Ich wohne in Bielefeld und mache mir Sorgen um meine Tochter"
BAMF_HOTLINE = "0911 943 43 43"
# Issue 22: the killed process answers again within 90 s. On a machine busy with other work
# loading the model takes longer; a restart may then take as long as the stack's own start
# (both processes in parallel), never longer.
RESTART_LIMIT_S = 90


@pytest.fixture(scope="module")
def figures() -> Iterator[dict]:
    measured: dict = {}
    yield measured
    path = ROOT / "reports" / "faults.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(measured, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nfault figures ({path}):\n{json.dumps(measured, indent=2, ensure_ascii=False)}")


def _sender() -> str:
    return f"fault-{uuid.uuid4().hex}"


def _text(replies: list[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def _answered(stack: RunningStack, message: str, url: str = "", sender: str = "") -> str:
    """The reply to ``message``: HTTP 200 (urllib raises on anything else) and not empty."""
    text = _text(stack.send(sender or _sender(), message, timeout=60, url=url))
    assert text.strip(), f"no answer to {message!r}"
    return text


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds until ``condition()`` holds; fails the test after ``timeout``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not within {timeout:.0f} s: {condition.__doc__ or condition}")
        time.sleep(0.25)
    return time.monotonic() - start


def _kill(stack: RunningStack, program: str) -> int:
    pid = stack.supervisor.info(program)["pid"]
    os.kill(pid, signal.SIGKILL)
    return pid


def _restarted(stack: RunningStack, program: str, old_pid: int, url: str) -> Callable[[], bool]:
    def check() -> bool:
        info = stack.supervisor.info(program)
        return info["statename"] == "RUNNING" and info["pid"] != old_pid and _ok(url)

    check.__doc__ = f"{program} running again and answering at {url}"
    return check


def _supervisord_log(stack: RunningStack) -> str:
    return (stack.log_dir / "supervisord.log").read_text(errors="replace")


def _log(stack: RunningStack, name: str) -> str:
    return (stack.log_dir / f"{name}.log").read_text(errors="replace")


def test_a_killed_rasa_process_costs_only_the_requests_in_flight(
    scaled: Scaled, figures: dict
) -> None:
    stack = scaled.stack
    sender = _sender()
    assert REFERRAL_ANSWER not in _answered(stack, WORRY, sender=sender)
    slots_before = stack.tracker(sender)["slots"]
    assert slots_before["audience"] == "relatives", slots_before

    stop = threading.Event()
    load = drive(stack.rasa_url, LOTSE_SCRIPTS, label="kill rasa1", concurrency=10,
                 seconds=300, think_s=1.0, stop=stop)  # fmt: skip
    with ThreadPoolExecutor(max_workers=1) as pool:
        running = pool.submit(asyncio.run, load)
        time.sleep(10)  # every conversation under way
        old_pid, killed_at = _kill(stack, "rasa1"), time.monotonic()
        # The conversation begun before the kill goes on through HAProxy meanwhile (once
        # HAProxy's health check took the dead process out; a message sent in the very moment
        # of the kill is one of the requests in flight).
        down_s = _wait(lambda: not stack.haproxy_up().get("rasa_rest/rasa1", True), 30)
        continued = _answered(stack, "Essen", sender=sender)
        limit = max(RESTART_LIMIT_S, stack.startup_s) + 30
        _wait(_restarted(stack, "rasa1", old_pid, f"{stack.backends[0]}/"), limit)
        back_s = time.monotonic() - killed_at
        _wait(lambda: stack.haproxy_up().get("rasa_rest/rasa1", False), 60)
        in_rotation_s = time.monotonic() - killed_at
        time.sleep(10)  # the restarted process takes its share of the load
        stop.set()
        result = running.result(timeout=120)
    figures["kill_one_of_two_rasa_processes"] = {
        "load": "10 paced conversations (think time 0.5-1.5 s)",
        "messages": result.messages,
        "errors": result.errors,
        "lost_or_wrong_replies": result.lost,
        "error_samples": result.error_samples[:5],
        "out_of_haproxy_rotation_s": round(down_s, 1),
        "restarted_and_answering_s": round(back_s, 1),
        "back_in_haproxy_rotation_s": round(in_rotation_s, 1),
        "stack_startup_s": round(stack.startup_s, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }
    assert result.errors + result.lost <= 20, result.error_samples
    assert result.messages > 100  # the load really ran during the outage
    assert back_s <= max(RESTART_LIMIT_S, stack.startup_s), (back_s, stack.startup_s)
    assert "Wegweiser Essen" in continued
    slots_after = stack.tracker(sender, backend=1)["slots"]
    assert slots_after["audience"] == "relatives" and slots_after["place"], slots_after
    log = _supervisord_log(stack)
    assert "exited: rasa1 (terminated by SIGKILL; not expected)" in log
    assert log.count("spawned: 'rasa1'") >= 2


def test_the_action_server_is_restarted_and_its_outage_answered(
    scaled: Scaled, figures: dict
) -> None:
    stack = scaled.stack
    health = f"http://127.0.0.1:{stack.action_port}/health"
    back_s = _wait(_restarted(stack, "actions", _kill(stack, "actions"), health), 60)

    stack.supervisor.stop("actions")  # a longer outage
    try:
        referral = _answered(stack, REFERRAL)
        emergency = _answered(stack, EMERGENCY)
        greeting = _answered(stack, "Hallo")  # needs no action at all
    finally:
        stack.supervisor.start("actions")
    recovered_s = _wait(lambda: _ok(health), 60)
    after = _answered(stack, REFERRAL)
    figures["action_server"] = {
        "killed_restarted_and_answering_s": round(back_s, 1),
        "answer_during_outage": referral,
        "emergency_answer_during_outage": emergency,
        "answering_again_after_start_s": round(recovered_s, 1),
    }
    assert "gestört" in referral and BAMF_HOTLINE in referral and "110" in referral
    opening = "\n".join(emergency.splitlines()[:2])  # the numbers come first
    assert "110" in opening and "112" in opening, emergency
    assert "Lotse" in greeting
    assert REFERRAL_ANSWER in after
    assert "Action server failed on" in _log(stack, "rasa1") + _log(stack, "rasa2")


def test_the_web_server_is_restarted(scaled: Scaled, figures: dict) -> None:
    stack = scaled.stack
    url = f"{stack.web_url}/healthz"
    figures["web_server_killed_restarted_s"] = round(
        _wait(_restarted(stack, "web", _kill(stack, "web"), url), 30), 1
    )


def test_a_redis_outage_is_answered_and_ends_by_itself(scaled: Scaled, figures: dict) -> None:
    stack = scaled.stack
    sender = _sender()
    scaled.redis.stop()
    try:
        greetings = [_answered(stack, "Hallo", url=backend) for backend in stack.backends]
        emergency = _answered(stack, EMERGENCY)
        # One conversation across both processes: the tracker store still shares it.
        _answered(stack, WORRY, url=stack.backends[0], sender=sender)
        referral = _answered(stack, "Essen", url=stack.backends[1], sender=sender)
    finally:
        scaled.redis.start()
    for backend in stack.backends:  # each process finds Redis again on its next message
        _answered(stack, "Hallo", url=backend)
    logs = _log(stack, "rasa1") + _log(stack, "rasa2")
    figures["redis_outage"] = {"emergency_answer": emergency, "referral": referral}
    assert all("Lotse" in greeting for greeting in greetings)
    assert "110" in emergency and "112" in emergency
    assert "Wegweiser Essen" in referral
    assert logs.count("Redis lock store at") >= 4  # unreachable and back, in both processes
    assert "is reachable again" in logs


def test_a_postgres_outage_is_answered_and_ends_by_itself(scaled: Scaled, figures: dict) -> None:
    stack = scaled.stack
    sender = _sender()
    _answered(stack, "Ich mache mir Sorgen um meine Tochter", sender=sender)
    scaled.postgres.stop()
    try:
        greeting = _answered(stack, "Hallo")
        emergency = _answered(stack, EMERGENCY)
        referral = _answered(stack, UNASKED_REFERRAL)
    finally:
        scaled.postgres.start()
    # The conversation begun before the outage goes on where it was stored.
    continued = _answered(stack, "Essen", sender=sender)
    stored_sender = _sender()
    _answered(stack, "Hallo", sender=stored_sender)
    stored = [e.get("text") for e in stack.tracker(stored_sender)["events"] if e["event"] == "user"]
    logs = _log(stack, "rasa1") + _log(stack, "rasa2")
    figures["postgres_outage"] = {
        "greeting": greeting,
        "emergency_answer": emergency,
        "referral": referral,
    }
    assert "Lotse" in greeting
    assert "110" in emergency and "112" in emergency
    # The action server's referral lookup falls back to the static copy of the central offers.
    assert "nicht erreichbar" in referral and BAMF_HOTLINE in referral
    assert "Wegweiser Essen" in continued
    assert stored == ["Hallo"]
    assert "Tracker store database" in logs and "is reachable again" in logs
