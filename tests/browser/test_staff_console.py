"""The staff console in real Chromium: login, wrong password, lockout, labelling a message
and finding it in the export, recording a story and running all stories, an answer edit
that fails the checks, and axe-core on every page (no serious or critical finding).

The console runs in a thread on a free port with its own SQLite database; the bot is
tests/staff/helpers.py's ScriptedBot (stores its turns through the real redacting tracker
store) and ``rasa test core`` is tests/browser/fake_rasa_test_core.py, so no trained model is
needed. The real bot and the real ``rasa test core``: tests/live/test_staff_live.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server
from widget_helpers import ROOT, run_axe

from bot.db.session import dispose_engines
from staff.app import create_app
from tests.staff.helpers import (
    PASSWORD,
    STORY_SCRIPT,
    ScriptedBot,
    Turn,
    app_config,
    create_account,
    store_conversations,
)

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
FAKE_RASA = Path(__file__).resolve().parent / "fake_rasa_test_core.py"


@dataclass
class Console:
    url: str
    database_url: str
    config: dict[str, Any]
    tmp: Path


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    tmp = tmp_path_factory.mktemp("console")
    database_url = f"sqlite:///{tmp / 'lotse.db'}"
    bot_url, bot_server = ScriptedBot(database_url, STORY_SCRIPT).serve()
    rasa = tmp / "rasa"
    rasa.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_RASA}" "$@"\n')
    rasa.chmod(0o755)
    (tmp / "model.tar.gz").write_bytes(b"not a model: the fake rasa never opens it")
    config = {**app_config(tmp, database_url), "RASA_URL": bot_url, "RASA_BIN": str(rasa),
              "MODEL": tmp / "model.tar.gz", "LOGIN_LIMIT": "1000 per minute"}  # fmt: skip
    app = create_app(config)
    create_account(database_url, "chefin", "admin")
    create_account(database_url, "redakteurin", "editor")
    store_conversations(
        database_url,
        {
            "u1": [Turn("gibt es das auch auf polnisch", "nlu_fallback", 0.3,
                        ("action_nlu_fallback",), ranking=(("other_language", 0.3),))],
            "u2": [Turn("gibt es das auch auf polnisch?", "nlu_fallback", 0.28,
                        ("action_nlu_fallback",), ranking=(("help", 0.28),))],
            "u3": [Turn("Mein Sohn Ahmed hat die Nummer 0176 5550123", "express_worry", 0.44,
                        ("utter_worry_first",))],
        },
    )  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Console(f"http://127.0.0.1:{server.server_port}", database_url, config, tmp)
    server.shutdown()
    bot_server.shutdown()
    dispose_engines()


@pytest.fixture
def page(new_context: Any) -> Iterator[Any]:
    context = new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(15_000)
    yield page
    assert errors == []


def _login(
    page: Any, console: Console, user: str = "redakteurin", password: str = PASSWORD
) -> None:
    page.goto(console.url + "/login")
    _submit_login(page, user, password)


def _submit_login(page: Any, user: str, password: str = PASSWORD) -> None:
    page.get_by_label("Benutzername").fill(user)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def _axe_clean(page: Any, name: str) -> None:
    result = run_axe(page)
    out = ROOT / "results" / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"staff-{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], (name, json.dumps(blocking, indent=2, ensure_ascii=False))
    assert result["passes"] > 10, name


def test_login_leads_to_the_dashboard(page: Any, console: Console) -> None:
    page.goto(console.url + "/review/")
    assert "/login" in page.url  # no page without login
    _submit_login(page, "redakteurin")
    page.wait_for_url(console.url + "/review/")
    page.get_by_role("link", name="Übersicht").click()
    page.get_by_role("heading", name="Übersicht", level=1).wait_for()
    assert page.get_by_role("img", name="Kennzahlen").count() == 1
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("heading", name="Anmelden").wait_for()


def test_wrong_password_is_refused(page: Any, console: Console) -> None:
    _login(page, console, password="das-ist-falsch-123")
    page.get_by_role("alert").filter(has_text="Benutzername oder Passwort ist falsch").wait_for()
    assert "/login" in page.url
    assert page.get_by_role("navigation", name="Hauptmenü").count() == 0


def test_the_account_locks_after_repeated_failures(page: Any, console: Console) -> None:
    create_account(console.database_url, "gesperrt")
    for _ in range(5):
        _login(page, console, "gesperrt", "leider-falsch-123")
    page.get_by_role("alert").filter(has_text="gesperrt").wait_for()
    _login(page, console, "gesperrt", PASSWORD)  # the right password no longer helps
    page.get_by_role("alert").filter(has_text="15 Minuten gesperrt").wait_for()
    _login(page, console, "chefin")
    page.get_by_role("link", name="Konten").click()
    page.get_by_role("button", name="Entsperren: gesperrt").click()
    page.get_by_text("Konto gesperrt entsperrt.").wait_for()


def test_labelling_a_message_and_finding_it_in_the_export(page: Any, console: Console) -> None:
    _login(page, console)
    page.get_by_role("link", name="Nicht verstanden", exact=True).click()
    group = page.get_by_role("region", name="„gibt es das auch auf polnisch?“ (2 Nachrichten)")
    group.wait_for()
    assert "Ahmed" not in page.content() and "5550123" not in page.content()
    group.get_by_role("link", name="Zuordnen: gibt es das auch auf polnisch?").click()
    page.get_by_label("Richtige Absicht oder Antwort").select_option("other_language")
    page.get_by_label("Trainingsbeispiel").fill("gibt es die beratung auch auf polnisch")
    page.get_by_role("button", name="Zuordnen", exact=True).click()
    page.get_by_text("Als „other_language“ zugeordnet.").wait_for()
    page.get_by_role("link", name="Vorschau des Exports").click()
    preview = page.get_by_label("Inhalt von data/nlu/review.yml").inner_text()
    assert "- intent: other_language" in preview
    assert "- gibt es die beratung auch auf polnisch" in preview
    out = console.tmp / "review-export.yml"
    lotse = str(Path(sys.executable).parent / "lotse")
    command = [lotse, "--database-url", console.database_url, "staff", "export-review"]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "    - gibt es die beratung auch auf polnisch\n" in out.read_text("utf-8")
    page.goto(console.url + "/review/labels")
    row = page.get_by_role("row").filter(has_text="gibt es die beratung auch auf polnisch")
    assert "exportiert" in row.inner_text()


def test_recording_a_story_and_running_all_stories(page: Any, console: Console) -> None:
    _login(page, console)
    page.get_by_role("link", name="Story-Test").click()
    page.get_by_role("button", name="Neues Gespräch beginnen").click()
    for message in ("hallo", "Beratung in Bochum"):
        page.get_by_label("Nächste Nachricht an Lotse").fill(message)
        page.get_by_role("button", name="Senden").click()
        page.get_by_role("heading", name=f"„{message}“").wait_for()
    second = page.locator("li.turn").nth(1)
    assert second.locator("[data-field=intent]").inner_text() == "ask_referral"
    assert second.locator("[data-field=actions]").inner_text() == "referral_form"
    page.get_by_label("Schritt 1 ist richtig").check()
    page.get_by_label("Name der Geschichte").fill("Beratung in Bochum aus der Konsole")
    page.get_by_role("button", name="Als Test-Geschichte speichern").click()
    page.get_by_role("alert").filter(has_text="Schritt 2").wait_for()  # not yet judged
    page.get_by_label("Schritt 2 ist richtig").check()
    page.get_by_role("button", name="Als Test-Geschichte speichern").click()
    page.get_by_text("Geschichte gespeichert").wait_for()
    saved = Path(console.config["CONSOLE_STORIES"]).read_text("utf-8")
    assert "story: Beratung in Bochum aus der Konsole" in saved
    assert "- active_loop: referral_form" in saved
    page.get_by_role("button", name="Alle Geschichten ausführen").click()
    page.get_by_role("status").filter(has_text="fertig").wait_for(timeout=60_000)
    row = page.get_by_role("row").filter(has_text="Beratung in Bochum aus der Konsole")
    assert "bestanden" in row.inner_text()


def test_an_answer_edit_that_fails_validation_is_not_saved(page: Any, console: Console) -> None:
    _login(page, console)
    page.get_by_role("link", name="Antworten & Angebote").click()
    page.get_by_role("link", name="utter_greet", exact=True).click()
    text = page.get_by_label("Text der Variante 1", exact=True)  # the German one, first
    text.fill(text.input_value() + " Rufen Sie uns an: 0211 5550000")
    page.get_by_role("button", name="Prüfen und speichern").click()
    problems = page.get_by_role("alert")
    problems.filter(has_text="is not in the referral records").wait_for()
    assert not Path(console.config["CHANGES_FILE"]).exists()
    offer = page.goto(console.url + "/content/offer?name=Wegweiser%20Aachen")
    assert offer is not None and offer.status == 200
    page.get_by_label("source_date (Pflicht)").fill("undatiert")
    page.get_by_role("button", name="Prüfen und speichern").click()
    page.get_by_role("alert").filter(has_text="source_date").wait_for()


PAGES = (
    "/", "/review/", "/review/labels", "/review/export", "/stories/", "/stories/run",
    "/content/", "/content/response/utter_greet", "/content/offer?name=Wegweiser%20Aachen",
    "/content/changes", "/admin/accounts", "/admin/audit", "/does-not-exist",
)  # fmt: skip


def test_axe_finds_nothing_serious_on_any_page(page: Any, console: Console) -> None:
    page.goto(console.url + "/login")
    _axe_clean(page, "login")
    _login(page, console, "gesperrt-nicht", "falsch-falsch-123")
    _axe_clean(page, "login-error")
    _login(page, console, "chefin")
    page.wait_for_url(console.url + "/")
    for path in PAGES:
        page.goto(console.url + path)
        _axe_clean(page, path.strip("/").replace("/", "-").split("?")[0] or "dashboard")
    page.goto(console.url + "/review/")
    page.get_by_role("link", name="Zuordnen").first.click()
    _axe_clean(page, "label")
    page.goto(console.url + "/stories/")
    page.get_by_role("button", name="Neues Gespräch beginnen").click()
    page.get_by_label("Nächste Nachricht an Lotse").fill("was ist die imag")
    page.get_by_role("button", name="Senden").click()
    page.get_by_role("heading", name="„was ist die imag“").wait_for()
    _axe_clean(page, "story-draft")
    page.goto(console.url + "/content/response/utter_greet")
    page.get_by_label("Text der Variante 1", exact=True).fill("https://evil.example/")
    page.get_by_role("button", name="Prüfen und speichern").click()
    page.get_by_role("alert").wait_for()
    _axe_clean(page, "response-errors")
