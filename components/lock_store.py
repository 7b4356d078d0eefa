"""Rasa's Redis lock store with atomic ticket updates, for several Rasa processes.

Rasa Open Source 3.6's ``RedisLockStore`` issues and returns tickets with a plain
GET, change, SET. Two processes that receive a message of the same conversation at the
same moment both read "no lock", both get ticket 0 and both process the conversation at
once, so one turn overwrites or loses the other in the tracker store (measured: 288 of 300
simultaneous first tickets from two processes were duplicates). The fix in Rasa
(``ConcurrentRedisLockStore``) is Rasa Pro only. This subclass keeps Rasa's ticket lock,
keys and configuration (``url``, ``port``, ``db``, ``password``, ``key_prefix``, ...) and
runs every read-change-write of a lock in a Redis transaction (WATCH/MULTI/EXEC, retried
when another process changed the key in between).

Redis unreachable: a message is not refused. Its lock is then taken in this process's memory
(Rasa's ``InMemoryLockStore``), so messages of one conversation are still processed one
after the other within a process, and only two messages of the same conversation arriving
at two processes at the same moment could overlap. One ERROR line says so when Redis goes
away, one WARNING line when it is back; every message tries Redis first (connections are
retried briefly with backoff), so the store recovers by itself. Configure it in
endpoints.scaled.yml:

    lock_store:
      type: components.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      ...
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

_KEEP, _SET, _DELETE = "keep", "set", "delete"
Change = Callable[[TicketLock | None], tuple[str, TicketLock | None, Any]]
# What "Redis is unreachable" looks like to redis-py (refused, reset, timed out).
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
CONNECT_TIMEOUT_S = 2.0


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose lock updates are atomic across processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa builds custom lock stores as ``cls(endpoint_config=...)``.
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)
        # Connections are made per command from the pool's arguments: a broken one is
        # dropped and the command tried twice more (50 ms, 100 ms) before it fails.
        self.red.connection_pool.connection_kwargs.update(
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
            retry_on_error=list(UNREACHABLE),
        )
        self._local = InMemoryLockStore()
        self._unreachable_since: float | None = None

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncIterator[TicketLock]:
        """Rasa's ticket lock in Redis, or in this process's memory while Redis is away."""
        ticket = await self._redis_ticket(conversation_id, lock_lifetime, wait_time_in_seconds)
        if ticket is None:
            local = self._local.lock(conversation_id, lock_lifetime, wait_time_in_seconds)
            async with local as acquired_locally:
                yield acquired_locally
            return
        number, acquired = ticket
        try:
            yield acquired
        finally:
            try:
                self.cleanup(conversation_id, number)
            except UNREACHABLE as exc:
                # The ticket expires by itself after lock_lifetime seconds.
                self._went_away(exc)

    async def _redis_ticket(
        self, conversation_id: str, lock_lifetime: float, wait_time_in_seconds: float
    ) -> tuple[int, TicketLock] | None:
        """(ticket, lock) once it is this message's turn; None when Redis is unreachable."""
        try:
            number = self.issue_ticket(conversation_id, lock_lifetime)
            acquired = await self._acquire_lock(conversation_id, number, wait_time_in_seconds)
        except LockError as exc:
            if not isinstance(exc.__cause__, UNREACHABLE):
                raise
            self._went_away(exc.__cause__)
            return None
        except UNREACHABLE as exc:
            self._went_away(exc)
            return None
        if self._unreachable_since is not None:
            logger.warning(
                "Redis lock store at %s is reachable again after %.0f s: conversations are "
                "locked across all Rasa processes again.",
                self._address(),
                time.monotonic() - self._unreachable_since,
            )
            self._unreachable_since = None
        return number, acquired

    def _went_away(self, exc: BaseException) -> None:
        if self._unreachable_since is None:
            self._unreachable_since = time.monotonic()
            logger.error(
                "Redis lock store at %s is unreachable (%s): messages are locked within this "
                "Rasa process only until it is back.",
                self._address(),
                exc,
            )

    def _address(self) -> str:
        kwargs = self.red.connection_pool.connection_kwargs
        return f"{kwargs.get('host')}:{kwargs.get('port')}"

    def _update(self, conversation_id: str, change: Change) -> Any:
        key = self.key_prefix + conversation_id
        while True:
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    action, new_lock, result = change(lock)
                    pipe.multi()
                    if action == _SET and new_lock is not None:
                        pipe.set(key, new_lock.dumps())
                    elif action == _DELETE:
                        pipe.delete(key)
                    pipe.execute()  # also for _KEEP: fails if the key changed meanwhile
                    return result
                except redis.WatchError:
                    continue

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def change(lock: TicketLock | None) -> tuple[str, TicketLock | None, Any]:
            lock = lock or self.create_lock(conversation_id)
            lock.remove_expired_tickets()
            return _SET, lock, lock.issue_ticket(lock_lifetime)

        try:
            return int(self._update(conversation_id, change))
        except Exception as exc:  # same contract as LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: TicketLock | None) -> tuple[str, TicketLock | None, Any]:
            if lock is None:
                return _KEEP, None, None
            lock.remove_expired_tickets()
            return _SET, lock, None

        self._update(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def change(lock: TicketLock | None) -> tuple[str, TicketLock | None, Any]:
            if lock is None:
                return _KEEP, None, None
            lock.remove_ticket_for(ticket_number)
            return _SET, lock, None

        self._update(conversation_id, change)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Return the ticket and delete the lock only if nobody waits, in one step: otherwise
        # a ticket issued in between by another process would be deleted with the lock.
        def change(lock: TicketLock | None) -> tuple[str, TicketLock | None, Any]:
            if lock is None:
                return _KEEP, None, None
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                return _SET, lock, None
            return _DELETE, None, None

        self._update(conversation_id, change)
