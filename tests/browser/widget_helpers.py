"""Helpers shared by the widget's browser tests and web/screenshots.py (no pytest needed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

CHROMIUM = os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}


@dataclass
class WebServer:
    url: str
    process: subprocess.Popen

    def stop(self) -> int:
        self.process.terminate()  # SIGTERM: serve.py shuts down cleanly
        try:
            return self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(5)


def start_web_server(rasa_url: str) -> WebServer:
    """Run ``web/serve.py --port 0`` and read the bound URL from its first line."""
    proc = subprocess.Popen(
        [sys.executable, str(WEB / "serve.py"), "--port", "0", "--rasa-url", rasa_url, "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"on (http://[^/ ]+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"serve.py did not start: {line!r} {proc.stdout.read()}")
    url = match.group(1)
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.1)
    return WebServer(url=url, process=proc)


@dataclass
class Chat:
    """A page with the demo site and helpers to drive the widget like a person would."""

    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    # locators ---------------------------------------------------------------
    @property
    def launcher(self) -> Any:
        return self.page.get_by_role("button", name="Chat öffnen")

    @property
    def panel(self) -> Any:
        return self.page.get_by_role("dialog", name="Lotse – Chat")

    @property
    def input(self) -> Any:
        return self.page.get_by_role("textbox", name="Nachricht eingeben")

    @property
    def send_button(self) -> Any:
        return self.page.get_by_role("button", name="Senden", exact=True)

    @property
    def log(self) -> Any:
        return self.page.get_by_role("log")

    @property
    def bot_bubbles(self) -> Any:
        return self.page.locator(".lotse-msg--bot .lotse-bubble")

    @property
    def user_bubbles(self) -> Any:
        return self.page.locator(".lotse-msg--user .lotse-bubble")

    @property
    def quick_replies(self) -> Any:
        return self.page.locator("button.lotse-quick-reply")

    # actions ----------------------------------------------------------------
    def goto(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)
        self.launcher.or_(self.panel).first.wait_for(state="visible", timeout=10_000)

    def open(self) -> None:
        self.launcher.click()
        self.panel.wait_for(state="visible")

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def ask(self, text: str, needle: str, timeout: float = 10_000) -> Any:
        """Send `text` and wait for a *new* bot message containing `needle`."""
        before = self.bot_bubbles.count()
        self.say(text)
        self.page.wait_for_function(
            """([n, needle]) => [...document.querySelectorAll('.lotse-msg--bot .lotse-bubble')]
                   .slice(n).some(b => b.textContent.includes(needle))""",
            arg=[before, needle],
            timeout=timeout,
        )
        return self.bot_bubbles.filter(has_text=needle).last

    def wait_for_reply(
        self, before: int, timeout: float = 60_000, quiet_ms: int = 1500
    ) -> list[str]:
        """Wait for a new bot message after `before` bubbles, then until none arrive for
        `quiet_ms` (a real bot may answer with several messages). Returns the new texts."""
        self.page.wait_for_function(
            "n => document.querySelectorAll('.lotse-msg--bot .lotse-bubble').length > n",
            arg=before,
            timeout=timeout,
        )
        last = -1
        while True:
            count = self.bot_bubbles.count()
            if count == last and self.page.locator(".lotse-typing-inner").is_hidden():
                break
            last = count
            self.page.wait_for_timeout(quiet_ms)
        return self.bot_bubbles.all_inner_texts()[before:]

    def say_and_wait(self, text: str, timeout: float = 60_000) -> list[str]:
        before = self.bot_bubbles.count()
        self.say(text)
        return self.wait_for_reply(before, timeout)

    def click_reply_and_wait(
        self, index: int = 0, timeout: float = 60_000
    ) -> tuple[str, list[str]]:
        """Click quick reply `index`; returns its title and the bot's answer."""
        before = self.bot_bubbles.count()
        button = self.quick_replies.nth(index)
        title = button.inner_text()
        button.click()
        return title, self.wait_for_reply(before, timeout)

    def wait_for_bot_text(self, needle: str, timeout: float = 10_000) -> Any:
        bubble = self.bot_bubbles.filter(has_text=needle).last
        bubble.wait_for(state="visible", timeout=timeout)
        return bubble

    def session_state(self) -> dict[str, Any]:
        return self.page.evaluate("() => JSON.parse(sessionStorage.getItem('lotse-widget'))")

    def focused(self) -> dict[str, Any]:
        return self.page.evaluate(
            """() => { const e = document.activeElement; return {
                tag: e.tagName, cls: e.className || '', text: (e.textContent || '').trim(),
                label: e.getAttribute('aria-label') || '', id: e.id || '' }; }"""
        )

    def origins(self) -> set[str]:
        out = set()
        for url in self.requests + self.websockets:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            port = parts.port or {"http": 80, "https": 443, "ws": 80, "wss": 443}[parts.scheme]
            out.add(f"{parts.hostname}:{port}")
        return out


def make_chat(page: Any, base_url: str) -> Chat:
    chat = Chat(page=page, base_url=base_url)
    page.on("request", lambda r: chat.requests.append(r.url))
    page.on("websocket", lambda ws: chat.websockets.append(ws.url))
    page.on("console", lambda m: chat.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: chat.page_errors.append(str(e)))
    page.set_default_timeout(10_000)
    return chat


def run_axe(page: Any) -> dict[str, Any]:
    """Inject the vendored axe-core and run it on the whole page (WCAG 2.0/2.1 A+AA rules)."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: { type: 'tag',
                           values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
                resultTypes: ['violations', 'incomplete'],
            });
            const slim = (list) => list.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
            return { violations: slim(r.violations), incomplete: slim(r.incomplete),
                     passes: r.passes.length, version: axe.version };
        }"""
    )
