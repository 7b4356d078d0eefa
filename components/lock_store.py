"""Rasa's Redis lock store with atomic ticket updates, for several Rasa processes.

Rasa Open Source 3.6's ``RedisLockStore`` issues and returns tickets with a plain
GET, change, SET. Two processes that receive a message of the same conversation at the
same moment both read "no lock", both get ticket 0 and both process the conversation at
once, so one turn overwrites or loses the other in the tracker store (measured: 288 of 300
simultaneous first tickets from two processes were duplicates). The fix in Rasa
(``ConcurrentRedisLockStore``) is Rasa Pro only. This subclass keeps Rasa's ticket lock,
keys and configuration (``url``, ``port``, ``db``, ``password``, ``key_prefix``, ...) and
runs every read-change-write of a lock in a Redis transaction (WATCH/MULTI/EXEC, retried
when another process changed the key in between). Configure it in endpoints.scaled.yml:

    lock_store:
      type: components.lock_store.AtomicRedisLockStore
      url: ${REDIS_HOST}
      ...
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

_KEEP, _SET, _DELETE = "keep", "set", "delete"
Change = Callable[[TicketLock | None], tuple[str, TicketLock | None, Any]]


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose lock updates are atomic across processes."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        # Rasa builds custom lock stores as ``cls(endpoint_config=...)``.
        if endpoint_config is not None:
            kwargs = {**endpoint_config.kwargs, **kwargs}
            kwargs.setdefault("host", endpoint_config.url or "localhost")
        super().__init__(**kwargs)

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
