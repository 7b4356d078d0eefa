"""A fake Rasa socketio channel for the widget's browser tests.

Speaks the same events as ``rasa.core.channels.socketio`` with
``session_persistence: true``: the client emits ``session_request`` {session_id}, gets
``session_confirm`` <session_id> and joins a room named after the session; ``user_uttered``
{message, session_id} is answered with ``bot_uttered`` messages sent to that room. Like Rasa,
the engine.io server is created with ``cors_allowed_origins=[]`` (no CORS handling at all).
``polling_only=True`` refuses WebSocket upgrades (like a proxy that does not pass them) and
answers CORS like ``rasa run --cors "*"``.

Answers are deterministic (see ``replies_for``). Runs in its own thread and event loop so
synchronous Playwright tests can use it. Standalone for manual testing:

    .venv/bin/python tests/browser/fake_rasa.py --port 5105
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import threading
import time
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import socketio
from aiohttp import web

GREETING = "Hallo! Ich bin Lotse. Wobei kann ich Ihnen helfen?"

# The referral turn for Essen as the real bot sends it (bot/referrals/cards.py, from the
# shipped records), at a fixed moment: Monday 7 December 2026, 12:00 (chat and BAMF line
# open) and, for "Beratung in Essen nachts", 23:30 (closed: the night notice).
ESSEN_NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
ESSEN_NIGHT = ESSEN_NOON.replace(hour=23, minute=30)

XSS_TEXT = (
    'Achtung <img src=x onerror="window.__xss=1"> und <script>window.__xss=2</script> '
    "und [klick mich](javascript:window.__xss=3) und javascript:alert(1) "
    'und <a href="javascript:window.__xss=5">Link</a> und data:text/html,<b>x</b>'
)

LINKS_TEXT = (
    "Siehe https://www.example.org/pfad?x=1&y=2). "
    "Oder www.wegweiser.nrw.de. "
    "Mail: info@example.org, Telefon 0201 52 32 58 90 oder +49 211 837-1906. "
    "[Portal](https://gegen-gewaltbereiten-salafismus.nrw/) "
    "Kein Link: 12.05.2024, PLZ 45127, Jahr 2016, Notruf 110."
)


def _quick(title: str, payload: str) -> dict[str, str]:
    return {"content_type": "text", "title": title, "payload": payload}


@cache
def essen_turn(now: dt.datetime) -> tuple[dict[str, Any], ...]:
    """Rasa's socket.io events for the referral turn in Essen: the intro, the short text with
    its button, the card payload (``custom["data"]``, emitted as the event's data) and the
    closing question with its buttons."""
    from bot.load.formats import read_records
    from bot.referrals.fallback import (
        candidate_from_record,
        fallback_emergency_contacts,
        fallback_languages,
        fallback_result,
    )
    from bot.referrals.messages import cards_message
    from bot.referrals.rules import to_offer
    from bot.settings import PROJECT_ROOT

    record = next(
        r
        for r in read_records(PROJECT_ROOT / "bot" / "data" / "referrals.yaml")
        if r.name == "Wegweiser Essen"
    )
    local = replace(to_offer(candidate_from_record(record)), languages=tuple(record.languages))
    central = tuple(
        replace(offer, languages=fallback_languages().get(offer.name, ()))
        for offer in fallback_result("relatives").central
    )
    message = cards_message(
        (local,), central, audience="relatives", now=now, crisis_fn=fallback_emergency_contacts
    )
    return (
        {"text": "Zuständig in Essen:"},
        {
            "text": message["text"],
            "quick_replies": [_quick(b["title"], b["payload"]) for b in message.get("buttons", [])],
        },
        message["json_message"]["data"],
        {
            "text": "Möchten Sie noch etwas wissen?",
            "quick_replies": [
                _quick("Anderer Ort", "/change_place"),
                _quick("Was kann ich selbst tun?", "Was können Angehörige tun?"),
                _quick("Zum Menü", "/help"),
            ],
        },
    )


def replies_for(message: str) -> list[dict[str, Any]]:
    """The bot_uttered payloads for one user message (Rasa's socketio output format)."""
    key = message.strip().lower()
    if key in {"hallo", "hi", "/greet"}:
        return [
            {
                "text": GREETING,
                "quick_replies": [
                    _quick("Beratung finden", "/find_counselling"),
                    _quick("Was ist Salafismus?", "Was ist Salafismus?"),
                    _quick("Datenschutz", "/ask_privacy"),
                ],
            }
        ]
    if key == "/find_counselling":
        return [
            {
                "text": "In welcher Stadt suchen Sie Beratung?",
                "quick_replies": [
                    _quick("Essen", "Beratung in Essen"),
                    _quick("Köln", "Beratung in Köln"),
                ],
            }
        ]
    if key == "beratung in essen":
        return list(essen_turn(ESSEN_NOON))
    if key == "beratung in essen nachts":
        return list(essen_turn(ESSEN_NIGHT))
    if key.startswith("/referral_details"):
        return [{"text": "Wegweiser Essen\nTräger: Stadt Essen\nTelefon: 0201 52 32 58 90"}]
    if key == "was ist salafismus?":
        return [
            {"text": "Salafismus ist eine Strömung innerhalb des Islam."},
            {"text": "Nur ein kleiner Teil der Salafisten ist gewaltbereit."},
        ]
    if key == "/ask_privacy":
        return [
            {
                "text": "Der Chat setzt keine Cookies. Ihr Gespräch bleibt nur in diesem Tab "
                "gespeichert. Mit „Gespräch löschen“ löschen Sie es."
            }
        ]
    if key == "/delete_conversation":
        return [{"text": "Ihr Gespräch wurde gelöscht."}]
    if key == "xss":
        return [
            {"text": XSS_TEXT},
            {
                "text": "Wählen Sie:",
                "quick_replies": [
                    _quick('<b onmouseover="window.__xss=6">fett</b>', "/greet"),
                    _quick("<img src=x onerror=window.__xss=7>", "xss-payload"),
                ],
            },
            {"attachment": {"type": "image", "payload": {"src": "javascript:window.__xss=8"}}},
        ]
    if key == "links":
        return [{"text": LINKS_TEXT}]
    if key == "viele":
        return [{"text": f"Nachricht {i}"} for i in range(1, 4)]
    return [{"text": f"Sie schrieben: {message}"}]


@dataclass
class FakeRasa:
    """The fake server. ``start()`` returns once it listens; ``url`` is its http origin."""

    host: str = "127.0.0.1"
    port: int = 0
    delay_keyword: str = "langsam"
    delay_seconds: float = 1.5
    polling_only: bool = False
    received: list[dict[str, Any]] = field(default_factory=list)
    session_requests: list[str | None] = field(default_factory=list)
    connects: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._sio: socketio.AsyncServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FakeRasa:
        self._thread = threading.Thread(target=self._run, name="fake-rasa", daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("fake Rasa did not start")
        if self._error:
            raise RuntimeError(f"fake Rasa failed: {self._error}") from self._error
        return self

    def stop(self) -> None:
        if self._loop and self._runner:
            fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
            try:
                fut.result(10)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)

    async def _shutdown(self) -> None:
        assert self._runner is not None and self._sio is not None
        if self._sio.eio.sockets:
            await self._sio.eio.disconnect()  # close every client connection first
        await self._sio.eio.shutdown()
        await self._runner.cleanup()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def reset(self) -> None:
        with self._lock:
            self.received.clear()
            self.session_requests.clear()
            self.connects = 0

    def messages(self) -> list[tuple[str, str | None]]:
        """(message, session_id) pairs received so far."""
        with self._lock:
            return [(r["message"], r["session_id"]) for r in self.received]

    def wait_for_message(self, message: str, timeout: float = 10) -> tuple[str, str | None]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for got in self.messages():
                if got[0] == message:
                    return got
            time.sleep(0.05)
        raise AssertionError(f"fake Rasa never received {message!r}; got {self.messages()}")

    # ------------------------------------------------------------------ server

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # report start-up errors to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _serve(self) -> None:
        if self.polling_only:
            sio = socketio.AsyncServer(
                async_mode="aiohttp", cors_allowed_origins="*", transports=["polling"]
            )
        else:
            sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[])
        self._sio = sio
        app = web.Application()
        sio.attach(app, socketio_path="/socket.io")

        async def health(_request: web.Request) -> web.Response:
            return web.json_response({"status": "ok"})

        app.router.add_get("/", health)

        @sio.on("connect")
        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            with self._lock:
                self.connects += 1
            return True

        @sio.on("session_request")
        async def session_request(sid: str, data: dict | None) -> None:
            data = data or {}
            session_id = data.get("session_id") or "generated-" + sid
            with self._lock:
                self.session_requests.append(data.get("session_id"))
            sio.enter_room(sid, session_id)  # synchronous in python-socketio 5.9 (as Rasa calls it)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: dict) -> None:
            message = str(data.get("message", ""))
            session_id = data.get("session_id")
            with self._lock:
                self.received.append({"sid": sid, "message": message, "session_id": session_id})
            if not session_id:
                return  # Rasa ignores messages without session_id when persistence is on
            if message.strip().lower() == self.delay_keyword:
                await asyncio.sleep(self.delay_seconds)
                await sio.emit("bot_uttered", {"text": "Danke für Ihre Geduld."}, room=session_id)
                return
            for reply in replies_for(message):
                await sio.emit("bot_uttered", reply, room=session_id)

        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            server = site._server  # aiohttp exposes no public accessor for the bound port
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake Rasa socketio server for manual tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5105)
    args = parser.parse_args()
    fake = FakeRasa(host=args.host, port=args.port).start()
    print(f"fake Rasa listening on {fake.url} (Ctrl+C stops)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
