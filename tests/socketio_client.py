"""A python-socketio client for the tests, talking to a socket.io channel as the widget does."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any

import aiohttp
import pytest
import socketio

# The events a Lotse socket.io channel sends to a client.
CLIENT_EVENTS = ("session_confirm", "bot_uttered", "request_error")


def allow_websocket_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-engineio 4.15's client uses aiohttp>=3.10's ClientWSTimeout for the WebSocket
    transport; aiohttp 3.9 (pinned for Rasa) takes the timeout as a number."""
    if not hasattr(aiohttp, "ClientWSTimeout"):
        monkeypatch.setattr(aiohttp, "ClientWSTimeout", lambda ws_close: ws_close, raising=False)


def run_in_own_loop(coroutine: Coroutine[Any, Any, Any], timeout: float = 300) -> Any:
    """``asyncio.run`` in its own thread: a session-scoped Playwright fixture of the browser
    tests may hold a running event loop in this one, where asyncio.run() refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=timeout)


class SocketSession:
    """One connected client; every event the channel sends lands in ``events`` in order."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in CLIENT_EVENTS:
            self.client.on(name, lambda data=None, name=name: self.events.put_nowait((name, data)))

    async def connect(self, url: str, transports: list[str] | None = None) -> None:
        await self.client.connect(url, transports=transports or ["websocket"], wait_timeout=20)

    async def emit(self, event: str, *data: Any) -> None:
        """Emit with no data, one argument (``data[0]``) or several."""
        await self.client.emit(event, data[0] if len(data) == 1 else (data or None))

    async def next_event(self, timeout: float = 30) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), timeout)

    async def start_session(self, session_id: str) -> None:
        await self.emit("session_request", {"session_id": session_id})
        event = await self.next_event()
        assert event == ("session_confirm", session_id), event

    async def close(self) -> None:
        await self.client.disconnect()
