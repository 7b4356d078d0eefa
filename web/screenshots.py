"""Screenshots of the demo page with the chat widget for docs/img/.

    .venv/bin/python web/screenshots.py                       # fake bot, no model needed
    .venv/bin/python web/screenshots.py --web-url http://localhost:8080   # a running stack

Without --web-url it starts the fake Rasa from tests/browser/fake_rasa.py and web/serve.py on
free ports. It writes widget-desktop.png (1280x800: greeting, first suggestion taken, the next
suggestions on screen), widget-mobile.png (390x844: up to the Essen counselling number),
widget-cards-desktop.png and widget-cards-mobile.png (the referral cards for Essen, the
responsible office first) and widget-note-mobile.png (the Gesprächsnotiz).
Headless Chromium from Debian (/usr/bin/chromium, or $LOTSE_CHROMIUM) is used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from fake_rasa import FakeRasa  # noqa: E402
from widget_helpers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    MOBILE,
    Chat,
    make_chat,
    start_web_server,
)

ESSEN_PHONE = "0201 52 32 58 90"


def converse(chat: Chat, until_phone: bool) -> None:
    """Greet and take the first suggestion; with `until_phone`, go on and ask for
    counselling in Essen (answering follow-up questions with their first suggestion)."""
    chat.goto()
    chat.open()
    chat.say_and_wait("Hallo")
    if chat.quick_replies.count():
        chat.click_reply_and_wait(0)
    if until_phone and ESSEN_PHONE not in chat.log.inner_text():
        chat.say_and_wait("Beratung in Essen")
    for _ in range(2):
        if not until_phone or ESSEN_PHONE in chat.log.inner_text():
            break
        if not chat.quick_replies.count():
            break
        chat.click_reply_and_wait(0)
    chat.input.blur()
    chat.page.mouse.move(0, 0)
    chat.page.wait_for_timeout(400)


def show_cards(chat: Chat) -> None:
    """Ask for counselling in Essen and wait until the cards and the closing buttons are on
    screen (the fake bot answers as at Monday noon; a real bot as at the current time)."""
    chat.goto()
    chat.open()
    chat.say("Beratung in Essen")
    chat.page.locator(".lotse-card").first.wait_for(state="visible", timeout=60_000)
    chat.page.locator(".lotse-quick-reply").first.wait_for(state="visible", timeout=60_000)
    chat.input.blur()
    chat.page.mouse.move(0, 0)
    chat.page.wait_for_timeout(600)


def take(web_url: str, out_dir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
                context = browser.new_context(
                    viewport=viewport, locale="de-DE", reduced_motion="reduce"
                )
                chat = make_chat(context.new_page(), web_url.rstrip("/"))
                converse(chat, until_phone=name == "mobile")
                path = out_dir / f"widget-{name}.png"
                chat.page.screenshot(path=str(path))
                written.append(path)
                context.close()

                context = browser.new_context(
                    viewport=viewport, locale="de-DE", reduced_motion="reduce"
                )
                chat = make_chat(context.new_page(), web_url.rstrip("/"))
                show_cards(chat)
                path = out_dir / f"widget-cards-{name}.png"
                chat.page.screenshot(path=str(path))
                written.append(path)
                if name == "mobile":
                    chat.page.locator(".lotse-card-note").first.click()
                    chat.page.get_by_label("Eigene Beobachtungen").fill(
                        "Seit den Sommerferien zieht er sich zurück."
                    )
                    chat.page.wait_for_timeout(300)
                    path = out_dir / "widget-note-mobile.png"
                    chat.page.screenshot(path=str(path))
                    written.append(path)
                context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--web-url", help="a running stack's web server (default: fake bot)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"), type=Path)
    args = parser.parse_args(argv)
    if args.web_url:
        paths = take(args.web_url, args.out)
    else:
        fake = FakeRasa().start()
        web = start_web_server(fake.url)
        try:
            paths = take(web.url, args.out)
        finally:
            web.stop()
            fake.stop()
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
