"""The Redis lock store serialises one conversation across processes (needs Redis)."""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid

import pytest

from tests.conftest import require_service

pytestmark = pytest.mark.redis

REDIS = {"host": "127.0.0.1", "port": 6379, "db": 1}
SPAWN_LIMIT_S = 600  # seconds a spawned test process may take at most (it imports Rasa)


def _store(prefix: str):
    from components.lock_store import AtomicRedisLockStore

    return AtomicRedisLockStore(key_prefix=prefix, socket_timeout=5, **REDIS)


@pytest.fixture
def prefix():
    import redis

    client = redis.Redis(socket_connect_timeout=2, **REDIS)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        require_service(f"Redis at 127.0.0.1:6379 is not reachable: {exc}")
    name = f"locktest{uuid.uuid4().hex[:8]}"
    yield name
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)
    client.close()


def _issue(prefix: str, barrier, queue, rounds: int) -> None:
    store = _store(prefix)
    tickets = []
    for r in range(rounds):
        barrier.wait()
        tickets.append(store.issue_ticket(f"conv{r}"))
    queue.put(tickets)


def test_simultaneous_tickets_from_two_processes_are_distinct(prefix: str) -> None:
    # Rasa 3.6's RedisLockStore gives both processes ticket 0 in most of these rounds.
    rounds = 150
    ctx = multiprocessing.get_context("spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_issue, args=(prefix, barrier, queue, rounds)) for _ in "ab"]
    for proc in procs:
        proc.start()
    # Generous limits: a spawned process imports Rasa first, which takes minutes on a loaded
    # machine; they only keep a broken run from hanging, they measure nothing.
    first, second = queue.get(timeout=SPAWN_LIMIT_S), queue.get(timeout=SPAWN_LIMIT_S)
    for proc in procs:
        proc.join(timeout=SPAWN_LIMIT_S)
    pairs = list(zip(first, second, strict=True))
    assert all(sorted(pair) == [0, 1] for pair in pairs), pairs


def _critical_section(prefix: str, counter_key: str, barrier, turns: int) -> None:
    import redis

    store = _store(prefix)
    client = redis.Redis(**REDIS)

    async def run() -> None:
        for _ in range(turns):
            async with store.lock("shared", wait_time_in_seconds=0.005):
                value = int(client.get(counter_key) or 0)  # unprotected read-change-write
                await asyncio.sleep(0.002)
                client.set(counter_key, value + 1)

    barrier.wait()
    asyncio.run(run())


def test_lock_serialises_one_conversation_across_processes(prefix: str) -> None:
    import redis

    turns, counter_key = 40, f"{prefix}:counter"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(3)
    procs = [
        ctx.Process(target=_critical_section, args=(prefix, counter_key, barrier, turns))
        for _ in range(3)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=SPAWN_LIMIT_S)
        assert proc.exitcode == 0, f"exit code {proc.exitcode} (None: still running)"
    client = redis.Redis(**REDIS)
    assert int(client.get(counter_key)) == 3 * turns
    assert not list(client.scan_iter(f"{prefix}:lock:*")), "lock left behind"


def test_built_from_the_endpoint_config() -> None:
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig

    from components.lock_store import AtomicRedisLockStore

    config = EndpointConfig(
        url="127.0.0.1",
        type="components.lock_store.AtomicRedisLockStore",
        port="6379",
        db="3",
        key_prefix="lotse",
    )
    store = LockStore.create(config)
    assert isinstance(store, AtomicRedisLockStore)
    assert store.key_prefix == "lotse:lock:"
    assert store.red.connection_pool.connection_kwargs["db"] == 3
