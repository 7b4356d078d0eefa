"""Load benchmark: Lotse against a stock Rasa bot on the same machine, over the REST channel.

Plays N concurrent anonymous multi-turn conversations (drawn from the test stories: a
greeting, knowledge questions, a referral with a place, a fallback) against
``/webhooks/rest/webhook`` and reports msg/s, p50/p95/p99 latency, errors and lost or
duplicated replies for each N. In the same run it serves the project that
``rasa init --no-prompt`` creates (default config, trained once and cached under
``var/bench/stock``) and drives it with conversations of the same shape.

Two ways to load a server, both closed loops (a user sends the next message only after the
reply arrived):

* ``paced``: each user pauses ``--think`` seconds (uniform 0.5x-1.5x) between messages, as a
  person reading a reply would; this is what "N concurrent conversations" means for
  latency.
* ``saturated``: no pause at all; the server is never idle, so msg/s is its throughput.

A third way checks that a reply does not get slower as a conversation grows (issue 20):

* ``long``: one sender, 200 messages one after another (the test stories' messages and NLU
  training examples, none that ends the conversation; tests/long_conversations.py), the
  last 20 the same as the first 20; the median latency of messages 1-20 and of 181-200 and
  their ratio. The full run does it on
  Lotse after the load levels; ``--long`` alone runs it twice, with Lotse's speed fixes and
  with ``LOTSE_RASA_PATCHES=0`` (Rasa's own code, the "before").

Lotse and the stock bot run at the same time and are loaded in turns (Lotse then stock, then
stock then Lotse, ...; the idle one waits), phase by phase, followed by three more saturated
rounds at N = 10 each: the speed of this 2-core VM drifts by +-30 % over minutes, and taking
turns makes the drift fall on both. The throughput verdict is the median of the paired
rounds' ratios; the best phase of each is printed beside it. The scaled setup likewise runs
1 and 2 Rasa processes at once and loads them in turns.

Everything runs on loopback and stops by itself (every phase is bounded in time). Results
with the machine's description go to ``bench/results/`` (Markdown + JSON).

    .venv/bin/python -m bench.load              # the full run (`make bench`, ~25 min)
    .venv/bin/python -m bench.load --quick      # short phases, for a smoke check
    .venv/bin/python -m bench.load --target http://localhost:5005 --concurrency 10
    .venv/bin/python -m bench.load --long       # fixes on and off (`make bench-long`)
    .venv/bin/python -m bench.load --long --target http://localhost:5005

Lotse is started with ``scripts.stack.RunningStack`` (the helper the live tests use);
``drive`` also loads the stack in the fault tests (tests/live/test_scaled_faults_live.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import aiohttp
import psutil
import yaml

from bot.db.admin import temporary_postgres_database
from scripts.running_stack import RunningStack, StackClient, free_port

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STOCK_DIR = REPO / "var" / "bench" / "stock"
RESULTS_DIR = REPO / "bench" / "results"
REQUEST_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Turn:
    """One user message and a text that must appear in the reply (exactly once)."""

    text: str
    expect: str


# Conversations of the test stories (tests/stories/*.yml). Each marker is a phrase of the
# expected answer that appears in exactly one message of it.
LOTSE_SCRIPTS: tuple[tuple[Turn, ...], ...] = (
    (
        Turn("Hallo", "Guten Tag"),
        Turn("Was ist die IMAG?", "Interministerielle Arbeitsgruppe"),
        Turn("Beratung in Bochum?", "Zuständig in Bochum"),
        Turn('/inform_audience{"audience": "relatives"}', "Wegweiser Bochum"),
        Turn("blorf wabbel quatsch", "nicht sicher verstanden"),
    ),
    (
        Turn(
            "Ich wohne in Velbert und mache mir Sorgen um meinen Sohn",
            "Wegweiser Düsseldorf / Kreis Mettmann",
        ),
        Turn("Was ist Salafismus?", "fundamentalistische Strömung"),
        Turn("Danke, tschüss", "Auf Wiedersehen"),  # thanks that say goodbye are a goodbye
    ),
)
STOCK_SCRIPTS: tuple[tuple[Turn, ...], ...] = (
    (
        Turn("hello", "Hey! How are you?"),
        Turn("I am sad", "Did that help you?"),
        Turn("yes", "Great, carry on!"),
        Turn("are you a bot?", "I am a bot, powered by Rasa."),
        Turn("blorf wabbel", ""),
    ),
    (
        Turn("hi there", "Hey! How are you?"),
        Turn("I am great", "Great, carry on!"),
        Turn("bye", "Bye"),
    ),
)


@dataclass
class LoadResult:
    label: str
    concurrency: int
    mode: str
    seconds: float
    messages: int = 0
    conversations: int = 0
    errors: int = 0
    lost: int = 0
    duplicated: int = 0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    error_samples: list[str] = field(default_factory=list, repr=False)

    @property
    def msg_per_s(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]

    def summary(self) -> dict[str, object]:
        return {
            "label": self.label,
            "concurrency": self.concurrency,
            "mode": self.mode,
            "seconds": round(self.seconds, 1),
            "messages": self.messages,
            "conversations": self.conversations,
            "msg_per_s": round(self.msg_per_s, 2),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "errors": self.errors,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "error_samples": self.error_samples[:5],
        }

    def line(self) -> str:
        return (
            f"{self.label:<22} N={self.concurrency:<3} {self.mode:<9} "
            f"{self.msg_per_s:7.2f} msg/s  p50 {self.percentile(50):7.1f} ms  "
            f"p95 {self.percentile(95):7.1f} ms  p99 {self.percentile(99):7.1f} ms  "
            f"errors {self.errors}  lost {self.lost}  dup {self.duplicated}  "
            f"({self.messages} msgs, {self.conversations} convs, {self.seconds:.0f} s)"
        )


def check_reply(turn: Turn, replies: list[dict]) -> str | None:
    """'lost', 'duplicated' or None (the reply is what the turn expects)."""
    texts = [str(r.get("text") or "") for r in replies]
    if not replies:
        return "lost"
    # The same bot message twice in one reply means a turn was processed twice.
    keyed = [json.dumps(r, sort_keys=True) for r in replies]
    if len(set(keyed)) != len(keyed):
        return "duplicated"
    if turn.expect:
        hits = sum(turn.expect in text for text in texts)
        if hits == 0:
            return "lost"
        if hits > 1:
            return "duplicated"
    return None


async def _user(
    session: aiohttp.ClientSession,
    url: str,
    scripts: Sequence[Sequence[Turn]],
    result: LoadResult,
    running: Callable[[], bool],
    think_s: float,
    rng: random.Random,
    user_no: int,
) -> None:
    conversation = 0
    run = uuid.uuid4().hex[:8]  # sender ids never repeat across runs against one server
    while running():
        script = scripts[conversation % len(scripts)]
        sender = f"bench-{run}-{user_no}-{conversation}"
        conversation += 1
        for turn in script:
            if not running():
                return
            start = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": turn.text}) as r:
                    body = await r.text()
                    elapsed = (time.perf_counter() - start) * 1000
                    if r.status != 200:
                        raise RuntimeError(f"HTTP {r.status}: {body[:120]}")
                    replies = json.loads(body)
            except (aiohttp.ClientError, asyncio.TimeoutError, RuntimeError, ValueError) as exc:
                result.errors += 1
                result.error_samples.append(f"{type(exc).__name__}: {exc}"[:200])
                break  # the conversation is broken; start a new one
            result.messages += 1
            result.latencies_ms.append(elapsed)
            problem = check_reply(turn, replies)
            if problem == "lost":
                result.lost += 1
                result.error_samples.append(f"lost: {turn.text!r} -> {replies!r}"[:200])
            elif problem == "duplicated":
                result.duplicated += 1
            if think_s:
                await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
        else:
            result.conversations += 1


async def drive(
    base_url: str,
    scripts: Sequence[Sequence[Turn]],
    *,
    label: str,
    concurrency: int,
    seconds: float,
    think_s: float,
    seed: int = 7,
    stop: threading.Event | None = None,
) -> LoadResult:
    """Play ``concurrency`` users for ``seconds`` or until ``stop`` is set (then let running
    requests finish)."""
    mode = "paced" if think_s else "saturated"
    result = LoadResult(label, concurrency, mode, seconds)
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.monotonic()
        deadline = start + seconds

        def running() -> bool:
            return time.monotonic() < deadline and not (stop and stop.is_set())

        await asyncio.gather(
            *(
                _user(session, url, scripts, result, running, think_s, random.Random(seed + n), n)
                for n in range(concurrency)
            )
        )
        result.seconds = time.monotonic() - start
    return result


LONG_MESSAGES = 200
LONG_WINDOW = 20  # messages 1-20 against 181-200


def long_messages(count: int = LONG_MESSAGES) -> list[str]:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.long_conversations import messages

    texts = messages(seed=20, count=count - LONG_WINDOW)
    return texts + texts[:LONG_WINDOW]  # the last 20 are the first 20 again: like with like


async def long_conversation(
    base_url: str, texts: Sequence[str], pids: Sequence[int] = ()
) -> tuple[list[float], list[float]]:
    """Latency (ms) of each message of one conversation, sent one after another, and the CPU
    time (ms) the processes ``pids`` spent on it (Linux clock ticks: 10 ms steps, so it is
    averaged over windows, not taken per message)."""
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
    sender = f"bench-long-{uuid.uuid4().hex[:8]}"
    latencies: list[float] = []
    cpu: list[float] = []
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for text in texts:
            cpu_before = sum(cpu_seconds(pid) for pid in pids)
            start = time.perf_counter()
            async with session.post(url, json={"sender": sender, "message": text}) as r:
                body = await r.text()
                if r.status != 200:
                    number = len(latencies) + 1
                    raise RuntimeError(f"HTTP {r.status} at message {number}: {body[:120]}")
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((sum(cpu_seconds(pid) for pid in pids) - cpu_before) * 1000)
    return latencies, cpu


def long_summary(
    label: str, latencies: list[float], cpu_ms: list[float] | None = None
) -> dict[str, object]:
    first = statistics.median(latencies[:LONG_WINDOW])
    last = statistics.median(latencies[-LONG_WINDOW:])
    summary: dict[str, object] = {
        "label": label,
        "messages": len(latencies),
        "median_first_ms": round(first, 1),
        "median_last_ms": round(last, 1),
        "ratio": round(last / first, 2),
        "latencies_ms": [round(x, 1) for x in latencies],
    }
    if cpu_ms and sum(cpu_ms[:LONG_WINDOW]):
        cpu_first = statistics.mean(cpu_ms[:LONG_WINDOW])
        cpu_last = statistics.mean(cpu_ms[-LONG_WINDOW:])
        summary.update(
            cpu_first_ms=round(cpu_first, 1),
            cpu_last_ms=round(cpu_last, 1),
            cpu_ratio=round(cpu_last / cpu_first, 2),
            cpu_ms=[round(x, 1) for x in cpu_ms],
        )
    return summary


def long_line(summary: dict) -> str:
    n, w = summary["messages"], LONG_WINDOW
    line = (
        f"{summary['label']:<30} one sender, {n} messages: median 1-{w} "
        f"{summary['median_first_ms']:.1f} ms, {n - w + 1}-{n} {summary['median_last_ms']:.1f} ms,"
        f" ratio {summary['ratio']:.2f}"
    )
    if "cpu_ratio" in summary:
        line += (
            f"; CPU per message (Rasa + actions, mean) {summary['cpu_first_ms']:.1f} ms vs "
            f"{summary['cpu_last_ms']:.1f} ms, ratio {summary['cpu_ratio']:.2f}"
        )
    return line


def run_long(base_url: str, label: str, pids: Sequence[int] = ()) -> dict[str, object]:
    latencies, cpu = asyncio.run(long_conversation(base_url, long_messages(), pids))
    summary = long_summary(label, latencies, cpu)
    print("  " + long_line(summary), flush=True)
    return summary


def _server_cpu_pids(server: Server) -> list[int]:
    pids = server.pids()
    return pids["rasa"] + pids["actions"]


def main_long(target: str | None) -> int:
    """``--long``: the long conversation against ``target``, or against Lotse started twice
    (speed fixes on, then ``LOTSE_RASA_PATCHES=0``)."""
    if target:
        run_long(target, target)
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="lotse-long-") as tmp:
        for label, extra in [
            ("Lotse", {}),
            ("Lotse, LOTSE_RASA_PATCHES=0", {"LOTSE_RASA_PATCHES": "0"}),
        ]:
            print(f"{label} (scripts.stack run on free ports):", flush=True)
            with lotse_server(Path(tmp) / str(len(results)), extra=extra) as server:
                results.append(run_long(server.url, label, _server_cpu_pids(server)))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"long-{stamp}.json"
    report = {"machine": machine_description(), "runs": results}
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nResults: {path.relative_to(REPO)}")
    return 0


# --- servers -------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MiB."""
    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far, all threads."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


class MemorySampler:
    """Samples the RSS of some processes every 0.5 s in a thread; keeps the maximum."""

    def __init__(self, pids: Sequence[int]) -> None:
        self.pids = list(pids)
        self.peak: dict[int, float] = {pid: rss_mb(pid) for pid in self.pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_mb(pid))

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Server:
    """A server under load: where it answers, how long it took to start, its processes."""

    label: str
    url: str
    startup_s: float
    pids: Callable[[], dict[str, list[int]]]


def roles(pids: dict[str, int]) -> dict[str, list[int]]:
    """supervisord's program names (rasa1, rasa2, actions, haproxy, web) by role."""
    found: dict[str, list[int]] = {"rasa": [], "actions": [], "lb": []}
    for name, pid in sorted(pids.items()):
        role = "lb" if name == "haproxy" else name.rstrip("0123456789")
        if role in found and pid:
            found[role].append(pid)
    return found


BENCH_ENV = {"LOG_LEVEL": "WARNING"}


@contextmanager
def lotse_server(
    workdir: Path, processes: int = 0, database_url: str = "", extra: dict[str, str] | None = None
) -> Iterator[Server]:
    """Lotse on free ports (``scripts.stack``, as `make run` starts it): ``processes=0`` one
    Rasa process, ``processes>=1`` the scaled setup (N Rasa processes behind HAProxy);
    ``extra``: more environment variables."""
    database_url = database_url or f"sqlite:///{workdir / 'lotse.db'}"
    label = f"Lotse x{processes} (HAProxy)" if processes else "Lotse (stack run)"
    with RunningStack(
        workdir,
        database_url=database_url,
        processes=processes,
        seed=True,
        env={**BENCH_ENV, **(extra or {})},
    ) as stack:
        yield Server(label, stack.rasa_url, stack.startup_s, lambda: roles(stack.supervisor.pids()))


def stock_model_description() -> str:
    """Which stock model was measured: a cached model from an older run or another config
    would change the comparison (2026-12-03: 45 msg/s from a cached model, 21 msg/s from a
    freshly trained one, on the same machine)."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
    if not models:
        return "none"
    config = yaml.safe_load((STOCK_DIR / "config.yml").read_text("utf-8")) or {}
    names = [c.get("name") for c in (config.get("pipeline") or []) + (config.get("policies") or [])]
    trained = datetime.fromtimestamp(models[-1].stat().st_mtime, timezone.utc).isoformat(
        timespec="minutes"
    )
    components = ", ".join(str(n) for n in names) or "Rasa's default (config.yml empty)"
    return f"{models[-1].relative_to(REPO)} (trained {trained}; {components})"


def ensure_stock_bot() -> Path:
    """The ``rasa init --no-prompt`` project, trained once and cached under var/bench."""
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz")) if STOCK_DIR.exists() else []
    if models:
        return models[-1]
    if STOCK_DIR.exists():
        shutil.rmtree(STOCK_DIR)
    STOCK_DIR.mkdir(parents=True)
    print("Training the stock bot (rasa init --no-prompt, default config) ...", flush=True)
    start = time.monotonic()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
        cwd=STOCK_DIR,
        env=_stock_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  trained in {time.monotonic() - start:.0f} s", flush=True)
    return sorted((STOCK_DIR / "models").glob("*.tar.gz"))[-1]


def _stock_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **BENCH_ENV}  # fmt: skip


@contextmanager
def stock_server(workdir: Path) -> Iterator[Server]:
    """The stock bot, one plain `rasa run` process, until its REST channel answers."""
    model = ensure_stock_bot()
    port = free_port()
    cmd = [
        str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port),
        "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
    ]  # fmt: skip
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(workdir / "stock.log", "ab") as log:
        proc = subprocess.Popen(cmd, cwd=STOCK_DIR, env=_stock_env(), stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        client = StackClient(f"http://localhost:{port}")
        while not _answers(client, "hello"):
            if proc.poll() is not None or time.monotonic() - started > 600:
                raise RuntimeError(f"the stock bot did not start (see {workdir / 'stock.log'})")
            time.sleep(0.25)
        startup = time.monotonic() - started
        yield Server("stock rasa init", client.rasa_url, startup, lambda: {"rasa": [proc.pid]})
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _answers(client: StackClient, text: str) -> bool:
    try:
        return bool(client.send(f"warmup-{time.time_ns()}", text, timeout=5))
    except (OSError, ValueError):
        return False


# --- the run -------------------------------------------------------------------------------


def _cpu_model() -> str:
    """The processor's name (psutil has none; Linux names it in /proc/cpuinfo)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine_description() -> dict[str, object]:
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": psutil.getloadavg(),
    }


T = TypeVar("T")
PAIRS = 3  # extra saturated rounds per server after the phases, taking turns
PAIR_LEVEL = 10  # the concurrency both bots reach their best throughput at (all runs so far)


@dataclass
class Phases:
    short_s: float
    long_s: float
    think_s: float
    levels: tuple[int, ...] = (1, 10, 40)


def _phase_plan(phases: Phases) -> list[tuple[int, float, float]]:
    """(concurrency, think time, seconds) of each load phase, in order."""
    plan = []
    for level in phases.levels:
        for think in (phases.think_s, 0.0):
            longest = level == max(phases.levels) and think
            plan.append((level, think, phases.long_s if longest else phases.short_s))
    return plan


def _measure(server: Server, scripts: Sequence[Sequence[Turn]], level: int, think: float,
             seconds: float) -> LoadResult:  # fmt: skip
    result = asyncio.run(
        drive(server.url, scripts, label=server.label, concurrency=level, seconds=seconds,
              think_s=think)
    )  # fmt: skip
    print("  " + result.line(), flush=True)
    return result


def in_turn(items: Sequence[T], round_no: int) -> list[T]:
    """``items`` in order in even rounds, reversed in odd ones (A B, B A, A B, ...)."""
    return list(items) if round_no % 2 == 0 else list(reversed(items))


def run_interleaved(
    contenders: Sequence[tuple[Server, Sequence[Sequence[Turn]]]],
    phases: Phases,
    pairs: int = PAIRS,
) -> tuple[list[dict], list[dict[str, float]]]:
    """Every load phase on every server, the servers taking turns (A B, then B A, ...), and
    then ``pairs`` more saturated rounds at N = ``PAIR_LEVEL``: all servers run at once but
    only one is loaded at a time, so the speed of the machine, which drifts by +-30 % over
    minutes on this VM, falls on all of them alike. Returns one run per server (as before)
    and the paired saturated throughputs (msg/s by label)."""
    every_pid = {pid: role for server, _ in contenders for role, pids in server.pids().items()
                 for pid in pids}  # fmt: skip
    rest = {pid: rss_mb(pid) for pid in every_pid}
    results: dict[str, list[LoadResult]] = {server.label: [] for server, _ in contenders}
    paired: list[dict[str, float]] = []
    rounds = itertools.count()
    with MemorySampler(list(every_pid)) as memory:
        for level, think, seconds in _phase_plan(phases):
            pair: dict[str, float] = {}
            for server, scripts in in_turn(contenders, next(rounds)):
                result = _measure(server, scripts, level, think, seconds)
                results[server.label].append(result)
                pair[server.label] = result.msg_per_s
            if not think and level == PAIR_LEVEL:
                paired.append(pair)
        for _ in range(pairs):
            pair = {}
            for server, scripts in in_turn(contenders, next(rounds)):
                result = _measure(server, scripts, PAIR_LEVEL, 0.0, phases.short_s)
                pair[server.label] = result.msg_per_s
            paired.append(pair)
    runs = []
    for server, _ in contenders:
        pids = [pid for pids_ in server.pids().values() for pid in pids_]
        runs.append({
            "label": server.label,
            "startup_s": round(server.startup_s, 1),
            "rss_mb": {
                f"{every_pid[pid]}:{pid}": {
                    "rest": round(rest[pid]), "peak": round(memory.peak[pid])
                }
                for pid in pids
            },
            "rasa_processes": len(server.pids()["rasa"]),
            "results": [r.summary() for r in results[server.label]],
        })  # fmt: skip
    return runs, paired


def paired_ratio(paired: Sequence[dict[str, float]], mine: str, theirs: str) -> float:
    """The median over the paired rounds of ``mine`` / ``theirs`` (msg/s)."""
    ratios = [p[mine] / p[theirs] for p in paired if p.get(theirs)]
    return statistics.median(ratios) if ratios else float("nan")


def _find(run: dict, level: int, mode: str) -> dict:
    return next(r for r in run["results"] if r["concurrency"] == level and r["mode"] == mode)


def verdicts(
    lotse: dict,
    stock: dict | None,
    scaled: dict | None,
    paired: Sequence[dict[str, float]] = (),
) -> list[str]:
    lines = []
    sat = max(r["msg_per_s"] for r in lotse["results"] if r["mode"] == "saturated")
    if stock:
        stock_sat = max(r["msg_per_s"] for r in stock["results"] if r["mode"] == "saturated")
        best = sat / stock_sat if stock_sat else float("inf")
        # the phases themselves give one pair at PAIR_LEVEL, so there is always one
        ratio = paired_ratio(paired, lotse["label"], stock["label"])
        each = ", ".join(f"{p[lotse['label']]:.1f}/{p[stock['label']]:.1f}" for p in paired)
        lines.append(
            f"throughput, one process: Lotse/stock {ratio:.2f}x, the median of "
            f"{len(paired)} paired rounds at N={PAIR_LEVEL} saturated, taken in turns "
            f"(msg/s Lotse/stock: {each}); best of all phases {sat:.1f} vs "
            f"{stock_sat:.1f} msg/s = {best:.2f}x; goal >= 2x (#9): "
            f"{'OK' if ratio >= 2 else 'MISSED'}, >= 3x (#20): "
            f"{'OK' if ratio >= 3 else 'MISSED'}"
        )
        for level in (10, 40):
            for mode in ("paced", "saturated"):
                mine, theirs = _find(lotse, level, mode), _find(stock, level, mode)
                lines.append(
                    f"N={level} {mode}: p95 Lotse {mine['p95_ms']} ms vs stock "
                    f"{theirs['p95_ms']} ms (ratio {mine['p95_ms'] / theirs['p95_ms']:.2f}); "
                    f"msg/s ratio {mine['msg_per_s'] / max(theirs['msg_per_s'], 1e-9):.2f}"
                )
    paced10 = _find(lotse, 10, "paced")
    lines.append(
        f"p95 at 10 concurrent conversations (paced): {paced10['p95_ms']} ms (goal <= 150): "
        f"{'OK' if paced10['p95_ms'] <= 150 else 'MISSED'}"
    )
    long40 = _find(lotse, 40, "paced")
    clean = long40["errors"] == 0 and long40["lost"] == 0 and long40["duplicated"] == 0
    lines.append(
        f"40 concurrent conversations for {long40['seconds']:.0f} s: errors {long40['errors']}, "
        f"lost {long40['lost']}, duplicated {long40['duplicated']}: {'OK' if clean else 'MISSED'}"
    )
    rasa_peak = max(v["peak"] for k, v in lotse["rss_mb"].items() if k.startswith("rasa"))
    lines.append(
        f"RSS of the Rasa process under load: {rasa_peak} MiB (goal < 1536): "
        f"{'OK' if rasa_peak < 1536 else 'MISSED'}"
    )
    if scaled:
        one, two = scaled["1"], scaled["2"]
        ratio = scaled["ratio"]
        lines.append(
            f"scaled throughput: 1 process {one:.1f} msg/s, 2 processes {two:.1f} msg/s "
            f"(means of rounds taken in turns) = {ratio:.2f}x, the median of the paired rounds "
            f"(goal >= 1.6x): {'OK' if ratio >= 1.6 else 'MISSED'}"
        )
    lines.append(
        f"start-up, `scripts.stack run` (model trained) to first answer: {lotse['startup_s']} s"
    )
    return lines


def write_results(report: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    json_path = RESULTS_DIR / f"load-{stamp}.json"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    machine = report["machine"]
    lines = [
        f"# Load benchmark {machine['date']}",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['os']}, Python {machine['python']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in machine['load_average_at_start'])}.",
        f"Think time (paced): {report['think_s']} s mean. Command: `{report['command']}`.",
        "",
        "## Verdicts",
        "",
        *[f"- {line}" for line in report["verdicts"]],
        "",
        "## Figures",
        "",
        "| server | N | mode | msg/s | p50 ms | p95 ms | p99 ms | errors | lost | dup |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [r for run in report["runs"] for r in run["results"]]
    for r in rows + report.get("scaled_results", []):
        lines.append(
            f"| {r['label']} | {r['concurrency']} | {r['mode']} | {r['msg_per_s']} | "
            f"{r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {r['lost']} | "
            f"{r['duplicated']} |"
        )
    if report.get("long"):
        lines += ["", "## One long conversation", "", long_line(report["long"])]
    if report.get("stock_model"):
        lines += ["", f"Stock model: {report['stock_model']}"]
    lines += ["", "## Start-up and memory (RSS, MiB)", ""]
    for run in report["runs"]:
        lines.append(f"- {run['label']}: start-up {run['startup_s']} s; " + ", ".join(
            f"{k} at rest {v['rest']} / peak {v['peak']}" for k, v in run["rss_mb"].items()
        ))  # fmt: skip
    md_path = RESULTS_DIR / f"load-{stamp}.md"
    md_path.write_text("\n".join(lines) + "\n")
    (RESULTS_DIR / "latest.md").write_text("\n".join(lines) + "\n")
    return md_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short phases (smoke check)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between messages")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock bot")
    parser.add_argument("--no-scaled", action="store_true", help="skip the 1 vs 2 process run")
    parser.add_argument("--target", help="only drive an already running server at this URL")
    parser.add_argument("--concurrency", type=int, default=10, help="with --target")
    parser.add_argument("--seconds", type=float, default=20, help="with --target")
    parser.add_argument("--stock-scripts", action="store_true", help="with --target")
    parser.add_argument(
        "--long",
        action="store_true",
        help=f"only the long conversation ({LONG_MESSAGES} messages of one sender)",
    )
    parser.add_argument(
        "--pid",
        type=int,
        action="append",
        default=[],
        help="with --target: report CPU ms per message of these processes",
    )
    args = parser.parse_args(argv)

    if args.long:
        return main_long(args.target)
    if args.target:
        scripts = STOCK_SCRIPTS if args.stock_scripts else LOTSE_SCRIPTS
        for think in (args.think, 0.0):
            cpu_before = [cpu_seconds(pid) for pid in args.pid]
            result = asyncio.run(
                drive(args.target, scripts, label=args.target, concurrency=args.concurrency,
                      seconds=args.seconds, think_s=think)
            )  # fmt: skip
            print(result.line())
            for pid, before in zip(args.pid, cpu_before, strict=True):
                used = cpu_seconds(pid) - before
                print(f"    pid {pid}: {1000 * used / max(result.messages, 1):.1f} CPU ms/msg")
            for sample in result.error_samples[:5]:
                print("    " + sample)
        return 0

    phases = Phases(short_s=8, long_s=20, think_s=args.think) if args.quick else Phases(
        short_s=30, long_s=120, think_s=args.think
    )  # fmt: skip
    report: dict = {
        "machine": machine_description(),
        "think_s": args.think,
        "command": "python -m bench.load " + " ".join(argv or sys.argv[1:]),
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="lotse-load-") as tmp:
        work = Path(tmp)
        with contextlib.ExitStack() as servers:
            print("Lotse, one Rasa process (scripts.stack run on free ports):", flush=True)
            lotse_srv = servers.enter_context(lotse_server(work / "lotse"))
            print(f"  first answer {lotse_srv.startup_s:.1f} s after the start", flush=True)
            contenders: list[tuple[Server, Sequence[Sequence[Turn]]]] = [(lotse_srv, LOTSE_SCRIPTS)]
            if not args.no_stock:
                print("Stock bot (rasa init --no-prompt), one Rasa process:", flush=True)
                stock_srv = servers.enter_context(stock_server(work / "stock"))
                print(f"  first answer {stock_srv.startup_s:.1f} s after the start", flush=True)
                contenders.append((stock_srv, STOCK_SCRIPTS))
                report["stock_model"] = stock_model_description()
            print("Load phases, the servers taking turns:", flush=True)
            runs, paired = run_interleaved(contenders, phases, pairs=0 if args.quick else PAIRS)
            report["runs"] = runs
            report["paired_msg_per_s"] = paired
            print("Lotse, one long conversation:", flush=True)
            report["long"] = run_long(lotse_srv.url, "Lotse", _server_cpu_pids(lotse_srv))
        lotse = runs[0]
        stock = runs[1] if len(runs) > 1 else None
        scaled = None
        if not args.no_scaled:
            rounds = 1 if args.quick else 2
            scaled, report["scaled_results"] = run_scaled(work, phases, pairs=rounds)
            report["scaled_msg_per_s"] = scaled
    report["verdicts"] = verdicts(lotse, stock, scaled, report.get("paired_msg_per_s", ()))
    path = write_results(report)
    print("\n" + "\n".join(report["verdicts"]))
    print(f"\nResults: {path.relative_to(REPO)}")
    return 0


def run_scaled(work: Path, phases: Phases, pairs: int = 2) -> tuple[dict[str, float], list[dict]]:
    """Saturated throughput through HAProxy with 1 and with 2 Rasa processes: both setups
    run at once (each its own PostgreSQL database) and are loaded in turns (1 2, 2 1, ...),
    ``pairs`` rounds each, so the machine's drift falls on both alike."""
    summaries: list[dict] = []
    paired: list[dict[str, float]] = []
    with contextlib.ExitStack() as stack:
        servers = {}
        for processes in (1, 2):
            print(f"Lotse scaled, {processes} Rasa process(es) behind HAProxy:", flush=True)
            url = stack.enter_context(temporary_postgres_database(f"lotse_load{processes}"))
            servers[processes] = stack.enter_context(
                lotse_server(work / f"scaled{processes}", processes, url)
            )
        for round_no in range(pairs):
            pair: dict[str, float] = {}
            for processes in in_turn((1, 2), round_no):
                server = servers[processes]
                result = _measure(server, LOTSE_SCRIPTS, 40, 0.0, phases.short_s)
                pair[str(processes)] = result.msg_per_s
                summaries.append({**result.summary(), "rss_mb": _rss_by_role(server)})
            paired.append(pair)
    throughput = {
        "1": round(statistics.mean(p["1"] for p in paired), 2),
        "2": round(statistics.mean(p["2"] for p in paired), 2),
        "ratio": round(paired_ratio(paired, "2", "1"), 2),
    }
    return throughput, summaries


def _rss_by_role(server: Server) -> dict[str, int]:
    return {
        f"{role}:{pid}": round(rss_mb(pid)) for role, pids in server.pids().items() for pid in pids
    }


if __name__ == "__main__":
    raise SystemExit(main())
