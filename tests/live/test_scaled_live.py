"""Two Rasa processes share one conversation: PostgreSQL tracker store + Redis lock store.

Starts `scripts/stack.py run-scaled --processes 2` on free ports with a throwaway
PostgreSQL database and its own Redis key prefix, then sends the messages of ONE
conversation alternately and concurrently to both Rasa processes directly (bypassing the
load balancer) and checks the answers follow the conversation and the stored tracker has
every user message once, in send order. One test talks socket.io through HAProxy.
PostgreSQL/Redis missing: fails with CI=true, skips locally.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import MODEL, ROOT, require_service
from tests.socketio_client import allow_websocket_transport, run_in_own_loop

pytestmark = pytest.mark.stack

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": 6379, "db": 1}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _free_port_pair() -> int:
    """A port p with p+1 also free (the Rasa processes get consecutive ports)."""
    for _ in range(50):
        base = _free_port()
        try:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", base + 1))
            return base
        except OSError:
            continue
    raise RuntimeError("no two consecutive free ports")


def _post(url: str, payload: dict, timeout: float = 60.0) -> tuple[list[dict], Message]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode()), response.headers


def _texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


@dataclass
class Scaled:
    lb_url: str
    backends: list[str]
    log_dir: Path

    def send(self, backend: int, sender: str, message: str) -> list[dict]:
        url = f"{self.backends[backend]}/webhooks/rest/webhook"
        return _post(url, {"sender": sender, "message": message})[0]

    def tracker(self, backend: int, sender: str) -> dict:
        url = f"{self.backends[backend]}/conversations/{sender}/tracker"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read().decode())

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.log_dir.glob("*.log"))
        )


def _check_services() -> None:
    import psycopg2
    import redis

    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg2.OperationalError as exc:
        require_service(f"PostgreSQL at 127.0.0.1:5432 is not reachable: {exc}")
    try:
        redis.Redis(socket_connect_timeout=3, **REDIS).ping()
    except redis.exceptions.RedisError as exc:
        require_service(f"Redis at 127.0.0.1:6379 is not reachable: {exc}")
    if subprocess.run(["bash", "scripts/ensure_haproxy.sh"], cwd=ROOT).returncode != 0:
        require_service("haproxy is missing (bash scripts/ensure_haproxy.sh)")


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scaled]:
    import psycopg2
    import redis

    _check_services()
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("scaled")
    run_id = uuid.uuid4().hex[:10]
    database, key_prefix = f"lotse_scaled_{run_id}", f"scaledtest{run_id}"
    database_url = f"postgresql+psycopg2://{PG['user']}@{PG['host']}:{PG['port']}/{database}"
    admin = psycopg2.connect(dbname="postgres", connect_timeout=3, **PG)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    proc = None
    try:
        env = dict(os.environ, DATABASE_URL=database_url)
        lotse = str(Path(sys.executable).parent / "lotse")
        subprocess.run([lotse, "db", "seed"], cwd=ROOT, env=env, check=True, capture_output=True)
        lb_port, action_port, base = _free_port(), _free_port(), _free_port_pair()
        log_dir, ready = workdir / "logs", workdir / "ready.json"
        out = open(workdir / "stack.out", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            [
                sys.executable, str(ROOT / "scripts" / "stack.py"), "run-scaled",
                "--processes", "2", "--lb-port", str(lb_port), "--rasa-port-base", str(base),
                "--action-port", str(action_port), "--database-url", database_url,
                "--redis-url", f"redis://{REDIS['host']}:{REDIS['port']}/{REDIS['db']}",
                "--redis-key-prefix", key_prefix, "--enable-api", "--no-web",
                "--log-dir", str(log_dir), "--model", str(MODEL),
                "--ready-file", str(ready), "--timeout", "300",
                # e.g. an endpoints file with Rasa's stock `type: redis` lock store
                "--endpoints", os.environ.get("LOTSE_SCALED_ENDPOINTS", "endpoints.scaled.yml"),
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        scaled = Scaled(
            lb_url=f"http://localhost:{lb_port}",
            backends=[f"http://127.0.0.1:{base}", f"http://127.0.0.1:{base + 1}"],
            log_dir=log_dir,
        )
        deadline = time.monotonic() + 330
        while not ready.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                out.flush()
                stdout = (workdir / "stack.out").read_text(errors="replace")
                pytest.fail(f"the scaled stack did not start:\n{stdout}\n{scaled.logs()}")
            time.sleep(1)
        yield scaled
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        client = redis.Redis(**REDIS)
        for key in client.scan_iter(f"{key_prefix}:*"):
            client.delete(key)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


def _user_texts(tracker: dict) -> list[str]:
    return [e.get("text") for e in tracker["events"] if e["event"] == "user"]


def _assert_turns_complete(tracker: dict) -> None:
    """Every user message was answered: a bot message and action_listen before the next."""
    events = [e for e in tracker["events"] if e["event"] in {"user", "bot", "action"}]
    turns: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        elif turns:
            turns[-1].append(event)
    for index, turn in enumerate(turns):
        assert any(e["event"] == "bot" for e in turn), f"turn {index} has no bot message"
        assert turn and turn[-1].get("name") == "action_listen", f"turn {index} not finished"


def _sender() -> str:
    return f"scaled-{uuid.uuid4().hex}"


def test_both_processes_answer_and_the_lb_spreads_rest_requests(scaled: Scaled) -> None:
    for backend in (0, 1):
        assert "Lotse" in _texts(scaled.send(backend, _sender(), "Hallo"))
    seen = set()
    for _ in range(4):
        replies, headers = _post(
            f"{scaled.lb_url}/webhooks/rest/webhook", {"sender": _sender(), "message": "Hallo"}
        )
        assert replies
        seen.add(headers.get("X-Lotse-Backend"))
    assert seen == {"rasa1", "rasa2"}


def test_form_continues_on_the_other_process(scaled: Scaled) -> None:
    sender = _sender()
    first = _texts(scaled.send(0, sender, "Ich mache mir Sorgen um meinen Sohn"))
    assert "Wegweiser" not in first  # asks for the place first
    assert "Wegweiser Essen" in _texts(scaled.send(1, sender, "Essen"))
    for backend in (0, 1):
        tracker = scaled.tracker(backend, sender)
        assert _user_texts(tracker) == ["Ich mache mir Sorgen um meinen Sohn", "Essen"]
        _assert_turns_complete(tracker)


def test_interleaved_conversation_keeps_its_state_and_order(scaled: Scaled) -> None:
    sender = _sender()
    script = [
        ("Hallo", None),
        ("Ich mache mir Sorgen um meine Schwester", None),
        ("Muenster", "Wegweiser Münster"),
        ("Danke", None),
        ("Beratung in Velbert", "Wegweiser Düsseldorf / Kreis Mettmann"),
        ("Was ist Salafismus?", None),
        ("Hallo", "Lotse"),
    ]
    for index, (message, expected) in enumerate(script):
        text = _texts(scaled.send(index % 2, sender, message))
        assert text, f"no answer to {message!r}"
        if expected:
            assert expected in text, f"{message!r} on process {index % 2}: {text}"
    sent = [message for message, _ in script]
    trackers = [scaled.tracker(0, sender), scaled.tracker(1, sender)]
    assert _user_texts(trackers[0]) == sent
    assert trackers[0]["events"] == trackers[1]["events"]
    _assert_turns_complete(trackers[0])


def _send_together(scaled: Scaled, sender: str, pair: tuple[str, str]) -> list[str]:
    """Message pair[i] to process i, both released at the same moment."""
    barrier = threading.Barrier(2)

    def send(backend: int) -> str:
        barrier.wait(timeout=10)
        return _texts(scaled.send(backend, sender, pair[backend]))

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(send, backend) for backend in (0, 1)]
        return [future.result(timeout=90) for future in futures]


def test_concurrent_messages_of_one_conversation_are_serialised(scaled: Scaled) -> None:
    sender = _sender()
    rounds = [("Hallo", "Danke"), ("Wer bist du?", "Was ist Salafismus?"), ("Danke", "Hallo")]
    rounds += [("Was ist die IMAG?", "Wer bist du?"), ("Hallo", "Tschüss")]
    for round_index, pair in enumerate(rounds):
        answers = _send_together(scaled, sender, pair)
        assert answers[0] and answers[1], f"round {round_index}: {answers}"
    tracker = scaled.tracker(1, sender)
    stored = _user_texts(tracker)
    assert len(stored) == 2 * len(rounds), stored  # nothing lost, nothing duplicated
    for index, pair in enumerate(rounds):
        # Within a round either order is fine; the rounds stay in send order.
        assert sorted(stored[2 * index : 2 * index + 2]) == sorted(pair), stored
    _assert_turns_complete(tracker)
    assert tracker["events"] == scaled.tracker(0, sender)["events"]


def test_socketio_through_haproxy_is_sticky_and_answers(
    scaled: Scaled, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socketio

    allow_websocket_transport(monkeypatch)

    async def conversation() -> tuple[str, str, str]:
        client = socketio.AsyncClient(reconnection=False)
        confirmed, uttered = asyncio.Event(), asyncio.Queue()
        session_id = uuid.uuid4().hex
        client.on("session_confirm", lambda data: confirmed.set())
        client.on("bot_uttered", lambda data: uttered.put_nowait(data))
        await client.connect(
            scaled.lb_url, socketio_path="/socket.io", transports=["polling", "websocket"],
            wait_timeout=20,
        )  # fmt: skip
        try:
            await client.emit("session_request", {"session_id": session_id})
            await asyncio.wait_for(confirmed.wait(), 20)
            await client.emit("user_uttered", {"message": "Hallo", "session_id": session_id})
            reply = await asyncio.wait_for(uttered.get(), 60)
            await asyncio.sleep(1)  # give the engine.io upgrade to WebSocket time
            cookies = {c.key: c.value for c in client.eio.http.cookie_jar}
            return cookies.get("LOTSE_RASA", ""), client.transport(), reply.get("text", "")
        finally:
            await client.disconnect()

    async def two_clients() -> list[tuple[str, str, str]]:
        first = await conversation()
        second = await conversation()
        return [first, second]

    results = run_in_own_loop(two_clients())
    for backend, transport, text in results:
        assert "Lotse" in text
        assert backend in {"rasa1", "rasa2"}, results
        assert transport == "websocket", results
    # Round robin for new clients, then the cookie keeps each one on its process.
    assert {backend for backend, _, _ in results} == {"rasa1", "rasa2"}, results
