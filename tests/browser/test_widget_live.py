"""The widget against the real running stack (Rasa + action server + web/serve.py).

Needs the ``stack`` fixture from tests/conftest.py (attributes ``web_url`` and ``rasa_url``)
and a trained model. The bot's wording may change, so these tests look for behaviour (a
German greeting with buttons, the Essen counselling number, persistence, deletion) rather
than for exact texts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from widget_helpers import Chat, make_chat

pytestmark = [pytest.mark.browser, pytest.mark.stack]

REPLY_TIMEOUT = 60_000  # ms; the first answers of a fresh model can be slow
ESSEN_PHONE = "0201 52 32 58 90"
GERMAN_GREETING = re.compile(r"\b(hallo|guten tag|willkommen|moin|hi)\b|lotse", re.IGNORECASE)


@pytest.fixture
def live_chat(stack: Any, new_context: Any) -> Chat:
    chat = make_chat(new_context().new_page(), stack.web_url.rstrip("/"))
    chat.page.set_default_timeout(REPLY_TIMEOUT)
    return chat


def host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443, "ws": 80, "wss": 443}[parts.scheme]
    host = "localhost" if parts.hostname in {"127.0.0.1", "::1"} else parts.hostname
    return f"{host}:{port}"


def test_conversation_with_the_real_bot(live_chat: Chat, stack: Any) -> None:
    chat = live_chat
    chat.goto()
    chat.open()

    # greeting: German, with buttons
    replies = chat.say_and_wait("Hallo")
    assert any(GERMAN_GREETING.search(r) for r in replies), replies
    chat.quick_replies.first.wait_for(state="visible")
    assert chat.quick_replies.count() >= 1

    # a button shows its title as the user's bubble and gets an answer
    title, replies = chat.click_reply_and_wait(0)
    assert chat.user_bubbles.last.inner_text() == title
    assert replies

    # counselling in Essen: the bot may first ask whom it is about
    replies = chat.say_and_wait("Beratung in Essen")
    for _ in range(3):
        if any(ESSEN_PHONE in r for r in replies):
            break
        assert chat.quick_replies.count() > 0, f"no phone number and no buttons: {replies}"
        _, replies = chat.click_reply_and_wait(0)
    assert ESSEN_PHONE in chat.log.inner_text(), chat.log.inner_text()
    assert chat.page.locator("a[href='tel:020152325890']").count() >= 1

    # reload: the conversation is still there, in the same session
    session_id = chat.session_state()["sessionId"]
    transcript = chat.log.inner_text()
    chat.page.reload()
    chat.panel.wait_for(state="visible")
    chat.wait_for_bot_text(ESSEN_PHONE)
    assert chat.log.inner_text() == transcript
    assert chat.session_state()["sessionId"] == session_id

    # and the bot still knows it is this conversation: it keeps answering
    assert chat.say_and_wait("Danke")

    # delete: history gone, new random session id, the bot answers in the new session
    chat.page.get_by_role("button", name="Gespräch löschen").click()
    chat.page.get_by_text("Das Gespräch wurde gelöscht.").wait_for()
    assert chat.user_bubbles.count() == 0
    assert ESSEN_PHONE not in chat.log.inner_text()
    new_id = chat.session_state()["sessionId"]
    assert new_id != session_id and re.fullmatch(r"[0-9a-f]{32}", new_id)
    replies = chat.say_and_wait("Hallo")
    assert any(GERMAN_GREETING.search(r) for r in replies), replies

    # privacy: no cookies, only the page's own origin and the Rasa server
    assert chat.page.context.cookies() == []
    allowed = {host_port(stack.web_url), host_port(stack.rasa_url)}
    seen = {host_port(u) for u in chat.requests + chat.websockets if u.startswith(("http", "ws"))}
    assert seen <= allowed, seen
    assert chat.page_errors == []


def test_keyboard_only_with_the_real_bot_and_axe(stack: Any, new_context: Any) -> None:
    """Open, ask, choose a quick reply, close: keyboard only; then axe on the conversation."""
    from test_widget import tab_until
    from widget_helpers import run_axe

    # bypass_csp only lets the test inject axe-core; the widget itself runs under the CSP.
    chat = make_chat(new_context(bypass_csp=True).new_page(), stack.web_url.rstrip("/"))
    chat.page.set_default_timeout(REPLY_TIMEOUT)
    chat.goto()
    tab_until(chat, "e => e.classList.contains('lotse-launcher')")
    chat.page.keyboard.press("Enter")
    chat.panel.wait_for(state="visible")
    assert chat.focused()["id"] == "lotse-input"
    chat.page.keyboard.type("Ich mache mir Sorgen um meinen Sohn")
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text("Ort oder Kreis", timeout=REPLY_TIMEOUT)
    chat.page.keyboard.type("Essen")
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text(ESSEN_PHONE, timeout=REPLY_TIMEOUT)
    # the quick replies sit above the text box: Shift+Tab reaches them, Enter activates
    tab_until(chat, "e => e.textContent === 'Zum Menü'", key="Shift+Tab")
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text("Dabei kann ich Ihnen helfen", timeout=REPLY_TIMEOUT)
    result = run_axe(chat.page)
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    chat.input.focus()
    chat.page.keyboard.press("Escape")
    chat.panel.wait_for(state="hidden")
    assert "lotse-launcher" in chat.focused()["cls"]


def test_referral_cards_on_a_phone_with_the_real_bot(stack: Any, new_context: Any) -> None:
    """390 px wide: once the referral answer has arrived, the responsible office's name and
    phone are in view without scrolling; axe finds nothing serious or critical."""
    from test_widget_cards import in_view
    from widget_helpers import MOBILE, run_axe

    chat = make_chat(
        new_context(viewport=MOBILE, bypass_csp=True).new_page(), stack.web_url.rstrip("/")
    )
    chat.page.set_default_timeout(REPLY_TIMEOUT)
    chat.goto()
    chat.open()
    chat.say_and_wait("Ich mache mir Sorgen um meinen Sohn")
    chat.say_and_wait("Essen")
    card = chat.page.locator(".lotse-card").first
    card.wait_for(state="visible")
    chat.page.get_by_role("button", name="Zum Menü").wait_for()
    chat.page.wait_for_timeout(500)
    name = card.get_by_role("heading", name="Wegweiser Essen")
    phone = card.locator("a[href='tel:020152325890']")
    assert in_view(chat, name) and in_view(chat, phone)
    result = run_axe(chat.page)
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert chat.page_errors == []
