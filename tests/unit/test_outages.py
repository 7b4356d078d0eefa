"""The stores answer through an outage of their server and recover by themselves.

Real servers on free ports (tests/private_services.py), stopped and started again:
the tracker store keeps answering while PostgreSQL is down (new, never stored trackers),
stores again once it is back and carries out a deletion that was asked for meanwhile; the
lock store locks in memory while Redis is down and in Redis again once it is back.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from tests.conftest import ROOT, require_service
from tests.private_services import PrivatePostgres, PrivateRedis, missing_tools

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    missing = missing_tools()
    if missing:
        require_service(f"missing for the private PostgreSQL and Redis: {', '.join(missing)}")


def _turn(tracker, text: str, answer: str, action: str = "utter_greet") -> None:  # type: ignore[no-untyped-def]
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted(action))
    tracker.update(BotUttered(answer))
    tracker.update(ActionExecuted("action_listen"))


def _user_texts(tracker) -> list[str]:  # type: ignore[no-untyped-def]
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def test_tracker_store_answers_through_a_database_outage(caplog: pytest.LogCaptureFixture) -> None:
    from components.tracker_store import RedactingSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    postgres = PrivatePostgres().init()
    caplog.set_level(logging.INFO, logger="components.tracker_store")
    try:
        # Rasa starts while the database is down: no exception, one clear line.
        store = RedactingSQLTrackerStore(domain=domain, database_url=postgres.url("postgres"))
        assert "is unreachable" in caplog.text
        during = asyncio.run(store.get_or_create_tracker("a"))
        assert _user_texts(during) == []
        _turn(during, "Hallo", "Guten Tag")
        asyncio.run(store.save(during))  # not stored, no exception

        postgres.start()
        kept = asyncio.run(store.get_or_create_tracker("kept"))
        _turn(kept, "Frage eins", "Antwort eins")
        asyncio.run(store.save(kept))
        assert "reachable again" in caplog.text
        assert _user_texts(asyncio.run(store.retrieve("kept"))) == ["Frage eins"]
        assert asyncio.run(store.retrieve("a")) is None  # the outage turn was not stored

        gone = asyncio.run(store.get_or_create_tracker("gone"))
        _turn(gone, "Bitte merken", "Gemerkt")
        asyncio.run(store.save(gone))
        postgres.stop()  # connections in the pool are cut
        caplog.clear()
        tracker = asyncio.run(store.retrieve("kept"))
        assert _user_texts(tracker) == [] and "is unreachable" in caplog.text
        deleting = asyncio.run(store.get_or_create_tracker("gone"))
        _turn(deleting, "Gespräch löschen", "Gelöscht", action="action_delete_conversation")
        asyncio.run(store.save(deleting))

        postgres.start()  # the pool's dead connections are replaced (pool_pre_ping)
        tracker = asyncio.run(store.retrieve("kept"))
        assert _user_texts(tracker) == ["Frage eins"]
        _turn(tracker, "Frage zwei", "Antwort zwei")
        asyncio.run(store.save(tracker))
        assert _user_texts(asyncio.run(store.retrieve("kept"))) == ["Frage eins", "Frage zwei"]
        assert asyncio.run(store.retrieve("gone")) is None  # deleted after all
        assert "deleted on request after the outage" in caplog.text
        store.engine.dispose()
    finally:
        postgres.remove()


def test_lock_store_locks_in_memory_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    import redis

    from components.lock_store import AtomicRedisLockStore

    server = PrivateRedis()
    prefix = f"outage{uuid.uuid4().hex[:8]}"
    store = AtomicRedisLockStore(port=server.port, db=1, key_prefix=prefix, socket_timeout=2)
    caplog.set_level(logging.INFO, logger="components.lock_store")

    async def two_messages_of_one_conversation() -> list[str]:
        order: list[str] = []

        async def message(name: str) -> None:
            async with store.lock("conv", wait_time_in_seconds=0.05):
                order.append(f"{name} in")
                await asyncio.sleep(0.2)
                order.append(f"{name} out")

        await asyncio.gather(message("a"), message("b"))
        return order

    try:
        order = asyncio.run(two_messages_of_one_conversation())
        assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
        assert caplog.text.count("is unreachable") == 1  # one line per outage, not per message

        server.start()
        client = redis.Redis(port=server.port, db=1)
        seen_in_redis: list[bool] = []

        async def one_message() -> None:
            async with store.lock("conv2"):
                seen_in_redis.append(client.exists(f"{prefix}:lock:conv2") == 1)

        asyncio.run(one_message())
        assert seen_in_redis == [True]
        assert client.exists(f"{prefix}:lock:conv2") == 0  # cleaned up afterwards
        assert "reachable again" in caplog.text
        assert asyncio.run(two_messages_of_one_conversation())[0].endswith("in")
    finally:
        server.remove()
