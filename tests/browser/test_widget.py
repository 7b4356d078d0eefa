"""Browser tests of the chat widget against the fake Rasa (tests/browser/fake_rasa.py).

The demo page is served by web/serve.py with its real Content-Security-Policy, so every test
also checks that the widget runs under that policy (the `chat` fixture fails on CSP reports
and JavaScript errors).
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from fake_rasa import GREETING, FakeRasa
from widget_helpers import MOBILE, Chat, make_chat, start_web_server

pytestmark = pytest.mark.browser

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def start_chat(chat: Chat, message: str = "hallo") -> None:
    chat.goto()
    chat.open()
    chat.say(message)


# --------------------------------------------------------------------------- basics


def test_launcher_opens_panel_with_initial_message(chat: Chat) -> None:
    chat.goto()
    assert chat.launcher.get_attribute("aria-expanded") == "false"
    assert chat.panel.is_hidden()

    chat.open()

    assert chat.launcher.is_hidden()
    assert chat.panel.get_attribute("aria-modal") is None  # not modal beside the page
    assert chat.page.locator("#lotse-widget button[aria-controls='lotse-panel']").get_attribute(
        "aria-expanded"
    ) == ("true")
    assert chat.input.evaluate("e => e === document.activeElement")
    first = chat.bot_bubbles.first
    assert "Ich bin Lotse" in first.inner_text()
    assert chat.input.get_attribute("placeholder") == "Nachricht eingeben"
    assert chat.input.get_attribute("maxlength") == "1000"


def test_structure_is_accessible(chat: Chat) -> None:
    chat.goto()
    chat.open()
    panel = chat.page.locator("#lotse-panel")
    assert panel.get_attribute("role") == "dialog"
    assert panel.get_attribute("aria-label") == "Lotse – Chat"
    log = chat.page.locator(".lotse-log")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label") == "Gesprächsverlauf"
    # every control has a German accessible name
    for name in ("Chat schließen", "Senden", "Gespräch löschen", "Datenschutz"):
        assert chat.page.get_by_role("button", name=name, exact=True).count() == 1, name
    assert chat.page.locator("label[for='lotse-input']").inner_text() == "Nachricht eingeben"
    # the widget lives in a labelled landmark
    assert chat.page.get_by_role("complementary", name="Chat-Assistent Lotse").count() == 1


def test_send_message_and_quick_replies(chat: Chat, fake: FakeRasa) -> None:
    start_chat(chat, "hallo")
    chat.wait_for_bot_text(GREETING)
    assert chat.user_bubbles.last.inner_text() == "hallo"
    _, session_id = fake.wait_for_message("hallo")
    assert session_id and SESSION_ID.match(session_id)
    assert session_id == chat.session_state()["sessionId"]

    replies = chat.quick_replies
    assert replies.count() == 3
    assert [replies.nth(i).evaluate("e => e.tagName") for i in range(3)] == ["BUTTON"] * 3
    group = chat.page.get_by_role("group", name="Antwortvorschläge")
    assert group.count() == 1

    # clicking shows the title as the user's bubble and sends the payload
    replies.first.click()
    chat.wait_for_bot_text("In welcher Stadt")
    assert chat.user_bubbles.last.inner_text() == "Beratung finden"
    fake.wait_for_message("/find_counselling")
    assert ("Beratung finden", session_id) not in fake.messages()

    # a natural-language payload is sent as it is
    chat.page.get_by_role("button", name="Essen", exact=True).click()
    chat.wait_for_bot_text("Wegweiser Essen")
    fake.wait_for_message("Beratung in Essen")

    # old quick replies are gone once answered (the referral answer brings its own);
    # focus is back in the text box
    chat.page.get_by_role("button", name="Zum Menü").wait_for()
    titles = chat.quick_replies.all_inner_texts()
    assert "Essen" not in titles and "Köln" not in titles
    assert chat.input.evaluate("e => e === document.activeElement")


def test_several_bot_messages_and_typing_indicator(chat: Chat) -> None:
    start_chat(chat, "langsam")
    typing = chat.page.get_by_text("Lotse schreibt …")
    typing.wait_for(state="visible", timeout=2000)
    chat.wait_for_bot_text("Danke für Ihre Geduld.")
    assert typing.is_hidden()

    chat.say("viele")
    chat.wait_for_bot_text("Nachricht 3")
    texts = chat.bot_bubbles.all_inner_texts()
    assert texts[-3:] == ["Nachricht 1", "Nachricht 2", "Nachricht 3"]


def test_empty_message_is_not_sent(chat: Chat, fake: FakeRasa) -> None:
    chat.goto()
    chat.open()
    chat.input.fill("   ")
    chat.input.press("Enter")
    chat.page.wait_for_timeout(300)
    assert chat.user_bubbles.count() == 0
    assert fake.messages() == []


def test_privacy_button_asks_the_bot(chat: Chat, fake: FakeRasa) -> None:
    chat.goto()
    chat.open()
    chat.page.get_by_role("button", name="Datenschutz", exact=True).click()
    chat.wait_for_bot_text("keine Cookies")
    assert chat.user_bubbles.last.inner_text() == "Datenschutz"
    fake.wait_for_message("/ask_privacy")


def test_demo_page_button_opens_widget(chat: Chat) -> None:
    chat.goto()
    chat.page.get_by_role("button", name="Chat mit Lotse starten").click()
    chat.panel.wait_for(state="visible")
    assert chat.input.evaluate("e => e === document.activeElement")


# --------------------------------------------------------------------------- keyboard


def tab_until(chat: Chat, predicate: str, key: str = "Tab", limit: int = 40) -> dict[str, Any]:
    """Press `key` until document.activeElement satisfies the JS `predicate` (e => bool)."""
    for _ in range(limit):
        chat.page.keyboard.press(key)
        if chat.page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return chat.focused()
    raise AssertionError(f"never reached {predicate} with {key}; focus is on {chat.focused()}")


def test_keyboard_only_conversation(chat: Chat, fake: FakeRasa) -> None:
    chat.goto()
    # skip link first
    chat.page.keyboard.press("Tab")
    assert chat.focused()["text"] == "Zum Inhalt springen"

    tab_until(chat, "e => e.classList.contains('lotse-launcher')")
    focus_style = chat.page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
    )
    assert focus_style[0] != "none" and focus_style[1] != "0px", focus_style
    assert focus_style[2] != "none"
    chat.page.keyboard.press("Enter")
    chat.panel.wait_for(state="visible")
    assert chat.focused()["id"] == "lotse-input"

    chat.page.keyboard.type("hallo")
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text(GREETING)
    assert chat.focused()["id"] == "lotse-input"

    # the quick replies sit above the text box: Shift+Tab reaches them
    focused = tab_until(chat, "e => e.textContent === 'Beratung finden'", key="Shift+Tab")
    assert "lotse-quick-reply" in focused["cls"]
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text("In welcher Stadt")
    fake.wait_for_message("/find_counselling")
    assert chat.focused()["id"] == "lotse-input"

    # Space activates a quick reply too
    tab_until(chat, "e => e.textContent === 'Essen'", key="Shift+Tab")
    chat.page.keyboard.press("Space")
    chat.wait_for_bot_text("0201 52 32 58 90")
    fake.wait_for_message("Beratung in Essen")

    # Send button reachable with Tab and usable with Enter
    chat.page.keyboard.type("Danke")
    tab_until(chat, "e => e.classList.contains('lotse-send')")
    chat.page.keyboard.press("Enter")
    chat.wait_for_bot_text("Sie schrieben: Danke")

    # Escape closes from anywhere in the panel; focus returns to the launcher
    chat.input.focus()
    chat.page.keyboard.press("Escape")
    chat.panel.wait_for(state="hidden")
    assert "lotse-launcher" in chat.focused()["cls"]
    assert chat.launcher.get_attribute("aria-expanded") == "false"

    # and Enter opens it again with the conversation intact
    chat.page.keyboard.press("Enter")
    chat.panel.wait_for(state="visible")
    assert "0201 52 32 58 90" in chat.log.inner_text()


def test_close_button_returns_focus_to_launcher(chat: Chat) -> None:
    chat.goto()
    chat.open()
    tab_until(chat, "e => e.getAttribute('aria-label') === 'Chat schließen'", key="Shift+Tab")
    chat.page.keyboard.press("Enter")
    chat.panel.wait_for(state="hidden")
    assert "lotse-launcher" in chat.focused()["cls"]

    chat.open()
    chat.page.get_by_role("button", name="Chat schließen").click()
    chat.panel.wait_for(state="hidden")
    assert "lotse-launcher" in chat.focused()["cls"]


# --------------------------------------------------------------------------- safety


def test_markup_from_the_bot_renders_as_text_and_runs_nothing(chat: Chat) -> None:
    start_chat(chat, "xss")
    chat.wait_for_bot_text("Achtung")
    chat.wait_for_bot_text("Wählen Sie:")
    chat.page.wait_for_timeout(500)  # give any injected handler the chance to run

    log = chat.page.locator(".lotse-log")
    assert log.locator("img, script, iframe, object, embed, svg, b").count() == 0
    text = log.inner_text()
    assert '<img src=x onerror="window.__xss=1">' in text
    assert "<script>window.__xss=2</script>" in text
    assert "javascript:alert(1)" in text

    # quick-reply titles with markup are plain button text; hovering runs nothing
    evil = chat.quick_replies.first
    assert evil.inner_text().startswith("<b onmouseover=")
    evil.hover()
    chat.page.wait_for_timeout(200)

    hrefs = log.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if not h.startswith(("https:", "http:", "mailto:", "tel:"))]
    assert chat.page.evaluate("() => window.__xss") is None
    # the javascript: image attachment produced no bubble at all
    assert chat.bot_bubbles.filter(has_text=re.compile(r"^$")).count() == 0


def test_links_are_safe_and_open_in_new_tab(chat: Chat) -> None:
    start_chat(chat, "links")
    bubble = chat.wait_for_bot_text("Siehe")
    links = bubble.locator("a").evaluate_all(
        """as => as.map(a => ({href: a.getAttribute('href'), text: a.firstChild.textContent,
                               target: a.target, rel: a.rel}))"""
    )
    by_href = {link["href"]: link for link in links}
    assert set(by_href) == {
        "https://www.example.org/pfad?x=1&y=2",
        "https://www.wegweiser.nrw.de/",
        "mailto:info@example.org",
        "tel:020152325890",
        "tel:+492118371906",
        "https://gegen-gewaltbereiten-salafismus.nrw/",
    }
    for href, link in by_href.items():
        if href.startswith("http"):
            assert link["target"] == "_blank"
            assert set(link["rel"].split()) >= {"noopener", "noreferrer"}
        else:
            assert link["target"] == ""
    assert by_href["https://gegen-gewaltbereiten-salafismus.nrw/"]["text"] == "Portal"
    assert by_href["tel:020152325890"]["text"] == "0201 52 32 58 90"
    # trailing punctuation stays text; dates, postcodes, years and 110 are not links
    text = bubble.text_content()
    assert "pfad?x=1&y=2 (öffnet neues Fenster))." in text
    assert "12.05.2024, PLZ 45127, Jahr 2016, Notruf 110." in text


# --------------------------------------------------------------------------- persistence


def test_reload_keeps_the_conversation(chat: Chat, fake: FakeRasa) -> None:
    start_chat(chat, "hallo")
    chat.wait_for_bot_text(GREETING)
    before = chat.log.inner_text()
    session_id = chat.session_state()["sessionId"]

    chat.page.reload()
    chat.panel.wait_for(state="visible")  # it was open, so it opens again
    chat.wait_for_bot_text(GREETING)
    assert chat.log.inner_text() == before
    assert chat.quick_replies.count() == 3  # still answerable
    assert chat.session_state()["sessionId"] == session_id

    chat.quick_replies.first.click()
    chat.wait_for_bot_text("In welcher Stadt")
    assert fake.wait_for_message("/find_counselling")[1] == session_id
    assert fake.session_requests.count(session_id) >= 2

    # closed state survives a reload, too
    chat.page.get_by_role("button", name="Chat schließen").click()
    chat.page.reload()
    chat.launcher.wait_for(state="visible")
    assert chat.panel.is_hidden()
    chat.open()
    assert "In welcher Stadt" in chat.log.inner_text()


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        '{"v": 1, "sessionId": "x", "messages": []}',
        '{"v": 1, "sessionId": "0123456789abcdef0123456789abcdef", "open": true, '
        '"messages": [5, null, {"from": "<img src=x onerror=window.__xss=1>", "text": "a"}, '
        '{"from": "bot", "text": "<img src=x onerror=window.__xss=2>", "quickReplies": "bad"}, '
        '{"from": "bot", "text": "ok", "quickReplies": [{"title": 1}, {"title": "Weiter"}]}], '
        '"pendingDeletes": ["../x", 3]}',
    ],
    ids=["garbage", "bad-id", "bad-messages"],
)
def test_broken_session_storage_is_survived(chat: Chat, fake: FakeRasa, stored: str) -> None:
    chat.goto()
    chat.page.evaluate("s => sessionStorage.setItem('lotse-widget', s)", stored)
    chat.page.reload()
    chat.launcher.or_(chat.panel).first.wait_for()
    if chat.launcher.is_visible():
        chat.open()
    chat.ask("hallo", GREETING)
    assert chat.page.evaluate("() => window.__xss") is None
    assert chat.log.locator("img").count() == 0
    state = chat.session_state()
    assert SESSION_ID.match(state["sessionId"])
    assert state["pendingDeletes"] == []
    assert "/delete_conversation" not in [m for m, _ in fake.messages()]


def test_new_tab_starts_a_new_conversation(chat: Chat, new_context: Any) -> None:
    start_chat(chat, "hallo")
    chat.wait_for_bot_text(GREETING)
    first_id = chat.session_state()["sessionId"]

    other = make_chat(new_context().new_page(), chat.base_url)
    other.goto()
    other.open()
    other.say("hallo")
    other.wait_for_bot_text(GREETING)
    second_id = other.session_state()["sessionId"]
    assert SESSION_ID.match(first_id) and SESSION_ID.match(second_id)
    assert first_id != second_id
    # messages are delivered to the right tab only
    assert other.user_bubbles.count() == 1
    assert chat.user_bubbles.count() == 1


def test_delete_conversation(chat: Chat, fake: FakeRasa) -> None:
    start_chat(chat, "hallo")
    chat.wait_for_bot_text(GREETING)
    old_id = chat.session_state()["sessionId"]

    chat.page.get_by_role("button", name="Gespräch löschen").click()

    chat.page.get_by_text("Das Gespräch wurde gelöscht.").wait_for(state="visible")
    assert chat.user_bubbles.count() == 0
    assert chat.bot_bubbles.count() == 1  # only the initial message again
    assert "Ich bin Lotse" in chat.bot_bubbles.first.inner_text()
    assert fake.wait_for_message("/delete_conversation") == ("/delete_conversation", old_id)

    new_id = chat.session_state()["sessionId"]
    assert SESSION_ID.match(new_id) and new_id != old_id
    stored = chat.session_state()
    assert [m["text"] for m in stored["messages"]] == [chat.bot_bubbles.first.inner_text()]

    chat.say("hallo")
    chat.wait_for_bot_text(GREETING)
    got = [m for m in fake.messages() if m[0] == "hallo"]
    assert got[-1] == ("hallo", new_id)
    assert new_id in fake.session_requests
    # the bot's answer to the deletion went to the old conversation, not into the new one
    assert "Ihr Gespräch wurde gelöscht." not in chat.log.inner_text()

    chat.page.reload()
    chat.wait_for_bot_text(GREETING)
    assert chat.session_state()["sessionId"] == new_id
    assert chat.user_bubbles.count() == 1


# --------------------------------------------------------------------------- privacy


def test_no_cookies_no_local_storage_no_foreign_requests(
    chat: Chat, fake: FakeRasa, web_server: Any
) -> None:
    start_chat(chat, "hallo")
    chat.wait_for_bot_text(GREETING)
    chat.quick_replies.first.click()
    chat.wait_for_bot_text("In welcher Stadt")
    chat.page.reload()
    chat.wait_for_bot_text("In welcher Stadt")

    assert chat.page.context.cookies() == []
    assert chat.page.evaluate("() => document.cookie") == ""
    assert chat.page.evaluate("() => localStorage.length") == 0
    assert chat.page.evaluate("() => Object.keys(sessionStorage)") == ["lotse-widget"]

    web_host = web_server.url.split("//", 1)[1]
    fake_host = fake.url.split("//", 1)[1]
    assert chat.origins() == {web_host, fake_host}, chat.requests + chat.websockets
    assert chat.websockets, "the widget should talk over a WebSocket"
    assert all(url.startswith(f"ws://{fake_host}/socket.io/") for url in chat.websockets)


def test_server_sends_security_headers(chat: Chat, fake: FakeRasa) -> None:
    response = chat.page.goto(chat.base_url + "/")
    headers = response.headers
    csp = headers["content-security-policy"]
    assert f"connect-src 'self' {fake.url} ws://{fake.url.split('//', 1)[1]}" in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "set-cookie" not in headers
    assert chat.page.locator("script[data-server-url]").get_attribute("data-server-url") == (
        fake.url
    )


# --------------------------------------------------------------------------- resilience


def test_connection_error_is_shown_and_retried(new_context: Any, fake_rasa: FakeRasa) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    web = start_web_server(f"http://127.0.0.1:{port}")
    late: FakeRasa | None = None
    try:
        chat = make_chat(new_context().new_page(), web.url)
        chat.goto()
        chat.open()
        status = chat.page.locator(".lotse-status")
        status.get_by_text("Der Chat ist gerade nicht erreichbar").wait_for(timeout=15_000)
        assert status.get_attribute("role") == "status"
        assert chat.page.get_by_role("button", name="Jetzt erneut versuchen").is_visible()

        chat.say("hallo")  # queued until the connection is back
        assert chat.user_bubbles.last.inner_text() == "hallo"

        late = FakeRasa(port=port).start()
        chat.page.get_by_role("button", name="Jetzt erneut versuchen").click()
        chat.wait_for_bot_text(GREETING, timeout=20_000)
        assert status.is_hidden()
        assert late.messages()[0][0] == "hallo"
        assert chat.page_errors == []
    finally:
        web.stop()
        if late:
            late.stop()


def test_reconnects_by_itself(new_context: Any) -> None:
    fake = FakeRasa().start()
    web = start_web_server(fake.url)
    port = fake.port
    restarted: FakeRasa | None = None
    try:
        chat = make_chat(new_context().new_page(), web.url)
        chat.goto()
        chat.open()
        chat.say("hallo")
        chat.wait_for_bot_text(GREETING)

        fake.stop()
        chat.page.get_by_text("Der Chat ist gerade nicht erreichbar").wait_for(timeout=15_000)

        restarted = FakeRasa(port=port)
        threading.Timer(1.0, restarted.start).start()
        chat.say("viele")
        chat.wait_for_bot_text("Nachricht 3", timeout=30_000)
        assert chat.page.locator(".lotse-status").is_hidden()
    finally:
        web.stop()
        if restarted:
            restarted.stop()


def test_falls_back_to_long_polling_without_websocket(new_context: Any) -> None:
    fake = FakeRasa(polling_only=True).start()
    web = start_web_server(fake.url)
    try:
        chat = make_chat(new_context().new_page(), web.url)
        chat.goto()
        chat.open()
        chat.ask("hallo", GREETING, timeout=20_000)
        assert any("transport=polling" in url for url in chat.requests)
        assert chat.page.locator(".lotse-status").is_hidden()
        assert fake.messages()[0][0] == "hallo"
        assert chat.page_errors == []
    finally:
        web.stop()
        fake.stop()


# --------------------------------------------------------------------------- layout


def test_full_screen_panel_on_small_screens(new_context: Any, web_server: Any) -> None:
    chat = make_chat(new_context(viewport=MOBILE).new_page(), web_server.url)
    chat.goto()
    launcher = chat.launcher.bounding_box()
    assert launcher["x"] + launcher["width"] <= MOBILE["width"]
    chat.open()
    settle(chat)
    box = chat.page.locator("#lotse-panel").bounding_box()
    assert box == pytest.approx({"x": 0, "y": 0, **MOBILE}, abs=0.5)
    chat.say("hallo")
    chat.wait_for_bot_text(GREETING)
    assert_no_horizontal_overflow(chat)
    for control in (chat.input, chat.send_button, chat.page.get_by_label("Chat schließen")):
        assert_inside_viewport(chat, control)

    # full-screen means modal: Tab and Shift+Tab stay inside the panel
    assert chat.page.locator("#lotse-panel").get_attribute("aria-modal") == "true"
    inside = "() => document.getElementById('lotse-panel').contains(document.activeElement)"
    for key in ["Tab"] * 14 + ["Shift+Tab"] * 14:
        chat.page.keyboard.press(key)
        assert chat.page.evaluate(inside), (key, chat.focused())


def settle(chat: Chat) -> None:
    """Wait for the panel's opening animation to finish."""
    chat.page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getTiming().iterations === Infinity)"
    )


def assert_no_horizontal_overflow(chat: Chat) -> None:
    overflow = chat.page.evaluate(
        """() => [...document.querySelectorAll('#lotse-panel, #lotse-panel *')]
               .filter(e => e.getBoundingClientRect().width > 1)  // not visually hidden
               .filter(e => e.scrollWidth > e.clientWidth + 1
                            && getComputedStyle(e).overflowX !== 'visible')
               .map(e => e.className)"""
    )
    assert overflow == []
    assert chat.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page scrolls sideways"
    )


def assert_inside_viewport(chat: Chat, locator: Any) -> None:
    box = locator.bounding_box()
    viewport = chat.page.viewport_size
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= viewport["width"] + 0.5
    assert box["y"] + box["height"] <= viewport["height"] + 0.5


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, MOBILE], ids=["desk", "mob"])
def test_text_zoom_200_percent(new_context: Any, web_server: Any, viewport: dict) -> None:
    chat = make_chat(new_context(viewport=viewport).new_page(), web_server.url)
    chat.goto()
    # what the browser's text-size setting does: the root font size doubles
    chat.page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert_inside_viewport(chat, chat.launcher)
    chat.open()
    assert chat.input.evaluate("e => getComputedStyle(e).fontSize") == "32px"
    chat.say("hallo")
    chat.wait_for_bot_text(GREETING)
    settle(chat)
    assert_inside_viewport(chat, chat.page.locator("#lotse-panel"))
    for control in (chat.input, chat.send_button, chat.page.get_by_label("Chat schließen")):
        assert_inside_viewport(chat, control)
    assert_no_horizontal_overflow(chat)
    assert chat.input.bounding_box()["width"] >= 6 * 32 - 1  # room to type
    assert chat.send_button.is_visible()  # maybe icon-only, still named "Senden"
    # the message list keeps usable room and scrolls
    log_box = chat.page.locator(".lotse-log").bounding_box()
    assert log_box["height"] >= 120
    chat.quick_replies.last.scroll_into_view_if_needed()
    assert chat.quick_replies.last.is_visible()


def test_reduced_motion_stops_animations(new_context: Any, web_server: Any) -> None:
    chat = make_chat(new_context(reduced_motion="reduce").new_page(), web_server.url)
    chat.goto()
    chat.open()
    names = chat.page.evaluate(
        """() => [document.querySelector('.lotse-panel'),
                  document.querySelector('.lotse-dots span')]
                 .map(e => getComputedStyle(e).animationName)"""
    )
    assert names == ["none", "none"]


# --------------------------------------------------------------------------- screenshots


def test_screenshot_script(tmp_path: Any, web_server: Any) -> None:
    """web/screenshots.py (which makes docs/img/*.png) works against a running web server."""
    import struct
    import subprocess
    import sys

    from widget_helpers import ROOT

    result = subprocess.run(
        [sys.executable, str(ROOT / "web" / "screenshots.py"), "--web-url", web_server.url,
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name, size in (("desktop", (1280, 800)), ("mobile", (390, 844))):
        png = (tmp_path / f"widget-{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == size
