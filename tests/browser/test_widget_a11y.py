"""axe-core checks (WCAG 2.0/2.1 A and AA rules plus best practices) of the demo page with the
widget closed, open, in a conversation, after deleting it, on a phone and at 200 % text size,
with referral cards (desktop and phone, details open, the night notice) and the
Gesprächsnotiz.

axe-core is the vendored tests/browser/vendor/axe.min.js (npm package axe-core, see
VERSIONS.txt there); it is injected with page.add_script_tag, which needs the page's CSP
bypassed (the CSP itself is checked in test_widget.py). Each run's findings are written to
results/axe/<case>.json for the documentation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fake_rasa import GREETING
from widget_helpers import MOBILE, ROOT, Chat, make_chat, run_axe

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def closed(chat: Chat) -> None:
    chat.goto()


def opened(chat: Chat) -> None:
    chat.goto()
    chat.open()


def conversation(chat: Chat) -> None:
    chat.goto()
    chat.open()
    chat.ask("hallo", GREETING)
    chat.quick_replies.first.click()
    chat.wait_for_bot_text("In welcher Stadt")
    chat.ask("links", "Siehe")
    chat.ask("hallo", GREETING)
    assert chat.quick_replies.count() == 3


def deleted(chat: Chat) -> None:
    conversation(chat)
    chat.page.get_by_role("button", name="Gespräch löschen").click()
    chat.page.get_by_text("Das Gespräch wurde gelöscht.").wait_for()


def zoomed(chat: Chat) -> None:
    chat.goto()
    chat.page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    conversation_steps(chat)


def conversation_steps(chat: Chat) -> None:
    chat.open()
    chat.say("hallo")
    chat.wait_for_bot_text(GREETING)


def cards(chat: Chat) -> None:
    """The referral cards for Essen, the first card's details open."""
    chat.goto()
    chat.open()
    chat.say("Beratung in Essen")
    chat.page.locator(".lotse-card").first.wait_for()
    chat.page.get_by_role("button", name="Zum Menü").wait_for()
    chat.page.locator(".lotse-card-more").first.click()


def night_cards(chat: Chat) -> None:
    chat.goto()
    chat.open()
    chat.say("Beratung in Essen nachts")
    chat.page.locator(".lotse-cards-night").wait_for()


def note(chat: Chat) -> None:
    cards(chat)
    chat.page.locator(".lotse-card-note").first.click()
    chat.page.get_by_role("dialog", name="Gesprächsnotiz").wait_for()


CASES: dict[str, tuple[dict[str, Any], Callable[[Chat], None]]] = {
    "closed": ({}, closed),
    "open": ({}, opened),
    "conversation": ({}, conversation),
    "deleted": ({}, deleted),
    "mobile-conversation": ({"viewport": MOBILE}, conversation),
    "text-200": ({}, zoomed),
    "cards": ({}, cards),
    "mobile-cards": ({"viewport": MOBILE}, cards),
    "mobile-night-cards": ({"viewport": MOBILE}, night_cards),
    "note": ({}, note),
    "mobile-note": ({"viewport": MOBILE}, note),
}


@pytest.mark.parametrize("case", list(CASES))
def test_axe_finds_no_serious_or_critical_violations(
    case: str, new_context: Any, web_server: Any, fake: Any
) -> None:
    options, prepare = CASES[case]
    page = new_context(bypass_csp=True, **options).new_page()
    chat = make_chat(page, web_server.url)
    prepare(chat)
    page.wait_for_timeout(300)  # let the opening animation finish (colour contrast)

    result = run_axe(page)

    out = ROOT / "results" / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{case}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))

    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=2, ensure_ascii=False)
    # the widget itself has no finding at all, whatever its impact
    in_widget = [v for v in result["violations"] if any("lotse" in node for node in v["nodes"])]
    assert in_widget == [], json.dumps(in_widget, indent=2, ensure_ascii=False)
    assert result["passes"] > 20  # axe really ran on the page
    assert chat.page_errors == []
