"""Fixtures for the widget's browser tests: headless Chromium, the fake Rasa, the web server.

The live tests (test_widget_live.py) also need the ``stack`` fixture, which the project-wide
tests/conftest.py provides; it is deliberately not defined here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_rasa import FakeRasa
from widget_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    Chat,
    WebServer,
    make_chat,
    start_web_server,
)

from tests.conftest import require_service

# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the machine
        require_service("the playwright package is not installed")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        require_service(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# --------------------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake(fake_rasa: FakeRasa) -> FakeRasa:
    """The session's fake Rasa with its records cleared for this test."""
    fake_rasa.reset()
    return fake_rasa


@pytest.fixture(scope="session")
def web_server(fake_rasa: FakeRasa) -> Iterator[WebServer]:
    server = start_web_server(fake_rasa.url)
    yield server
    server.stop()


# --------------------------------------------------------------------------- pages


@pytest.fixture
def new_context(browser: Any) -> Iterator[Any]:
    """Factory for browser contexts (closed after the test)."""
    contexts = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("viewport", DESKTOP)
        kwargs.setdefault("locale", "de-DE")
        context = browser.new_context(**kwargs)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def chat(new_context: Any, web_server: WebServer, fake: FakeRasa) -> Iterator[Chat]:
    """The demo page (served by web/serve.py, widget pointed at the fake Rasa), not yet loaded."""
    context = new_context()
    chat = make_chat(context.new_page(), web_server.url)
    yield chat
    assert chat.page_errors == [], f"JavaScript errors on the page: {chat.page_errors}"
    csp = [m for m in chat.console if "Content Security Policy" in m]
    assert csp == [], f"CSP violations: {csp}"
