"""Screenshots of the staff console for docs/redaktion.md (`make staff-screenshots`).

Starts the console on a free port with a throwaway SQLite database, a few sample
conversations stored through the redacting tracker store and the scripted stand-in bot of the
tests (tests/staff/helpers.py), then drives Debian's Chromium with Playwright and writes
docs/img/staff-*.png. Nothing of the real database is shown.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402
from widget_helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from staff.app import create_app  # noqa: E402
from tests.staff.helpers import (  # noqa: E402
    PASSWORD,
    STORY_SCRIPT,
    ScriptedBot,
    Turn,
    app_config,
    create_account,
    store_conversations,
)

OUT = ROOT / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 900}


def _sample_conversations(database_url: str) -> None:
    fallback = ("action_nlu_fallback",)
    store_conversations(
        database_url,
        {
            "s1": [Turn("gibt es das auch auf polnisch", "nlu_fallback", 0.31, fallback,
                        ranking=(("other_language", 0.31),))],
            "s2": [Turn("gibt es das auch auf polnisch?", "nlu_fallback", 0.27, fallback,
                        ranking=(("help", 0.27),))],
            "s3": [Turn("Mein Sohn Ahmed hört nur noch komische Prediger", "express_worry",
                        0.44, ("utter_worry_first",))],
            "s4": [Turn("was kostet das", "nlu_fallback", 0.35, fallback,
                        ranking=(("ask_referral", 0.35),)),
                   Turn("was kostet das?", "nlu_fallback", 0.33, fallback,
                        ranking=(("ask_referral", 0.33),))],
            "s5": [Turn("hallo", "greet", 0.99, ("utter_greet",)),
                   Turn("Beratung in Bochum", "ask_referral", 0.93, ("referral_form",))],
        },
    )  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        database_url = f"sqlite:///{tmp / 'lotse.db'}"
        bot_url, bot_server = ScriptedBot(database_url, STORY_SCRIPT).serve()
        app = create_app({**app_config(tmp, database_url), "RASA_URL": bot_url})
        create_account(database_url, "redaktion", "admin")
        _sample_conversations(database_url)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        OUT.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=VIEWPORT, locale="de-DE")
                page.goto(url + "/login")
                page.get_by_label("Benutzername").fill("redaktion")
                page.get_by_label("Passwort").fill(PASSWORD)
                page.screenshot(path=str(OUT / "staff-login.png"))
                page.get_by_role("button", name="Anmelden").click()
                page.get_by_role("heading", name="Übersicht").wait_for()
                page.screenshot(path=str(OUT / "staff-dashboard.png"), full_page=True)
                page.goto(url + "/review/")
                page.screenshot(path=str(OUT / "staff-review.png"), full_page=True)
                page.get_by_role("link", name="Zuordnen: was kostet das?").click()
                page.get_by_label("Trainingsbeispiel").fill("was kostet eine beratung")
                page.screenshot(path=str(OUT / "staff-label.png"), full_page=True)
                page.goto(url + "/stories/")
                page.get_by_role("button", name="Neues Gespräch beginnen").click()
                for message in ("hallo", "Beratung in Bochum"):
                    page.get_by_label("Nächste Nachricht an Lotse").fill(message)
                    page.get_by_role("button", name="Senden").click()
                    page.get_by_role("heading", name=f"„{message}“").wait_for()
                page.get_by_label("Schritt 1 ist richtig").check()
                page.get_by_label("Name der Geschichte").fill("Beratung in Bochum")
                page.screenshot(path=str(OUT / "staff-story.png"), full_page=True)
                page.goto(url + "/content/response/utter_greet")
                text = page.get_by_label("Text")
                text.fill(text.input_value() + " Mehr: https://example.org/")
                page.get_by_role("button", name="Prüfen und speichern").click()
                page.get_by_role("alert").wait_for()
                page.screenshot(path=str(OUT / "staff-answer-check.png"), full_page=True)
                browser.close()
        finally:
            server.shutdown()
            bot_server.shutdown()
    print(f"Wrote {OUT}/staff-*.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
