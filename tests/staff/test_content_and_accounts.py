"""Answers and referral records edited in the console (checked like make check-content and
lotse db check, collected, exported with a minimal diff); accounts, lockout and the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.content.checks import REFERRALS
from bot.db.session import session_scope, upgrade_schema
from bot.load.formats import read_records
from bot.staff.accounts import (
    MAX_FAILED_LOGINS,
    AccountError,
    LoginStatus,
    add_user,
    authenticate,
)
from bot.staff.audit import recent
from bot.staff.changes import (
    ChangeError,
    current_responses,
    export_changes,
    load_changes,
    save_offer_edit,
    save_response_edit,
)
from tests.staff.helpers import PASSWORD, csrf_token

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The files an export changes, copied (the real repository stays untouched)."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    shutil.copy(REPO / "domain.yml", root / "domain.yml")
    shutil.copytree(REPO / "data" / "responses", root / "data" / "responses")
    shutil.copy(REFERRALS, root / "referrals.yaml")
    return root


def _diff(old: Path, new: Path) -> list[str]:
    import difflib

    return [
        line
        for line in difflib.unified_diff(
            old.read_text("utf-8").splitlines(), new.read_text("utf-8").splitlines(), n=0
        )
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


def test_an_answer_with_an_unsourced_link_or_number_is_refused(
    db_url: str, repo_copy: Path
) -> None:
    upgrade_schema(db_url)
    changes = repo_copy / "changes.yml"
    # utter_greet has its translations as further variants (issue 19): only the first is edited
    variants = [str(v["text"]) for v in current_responses(repo_copy)["utter_greet"]]
    original = variants[0]
    with session_scope(db_url) as session:
        for text, problem in (
            (original + " Mehr: https://unbekannt.example/seite", "not in the sources"),
            (original + " Rufen Sie 0211 5550000 an.", "not in the referral records"),
            ("", "leer"),
        ):
            with pytest.raises(ChangeError) as caught:
                save_response_edit(session, "utter_greet", [text, *variants[1:]], actor="a",
                                   path=changes, root=repo_copy)  # fmt: skip
            assert any(problem in p for p in caught.value.problems), caught.value.problems
    assert not changes.exists()


def test_an_answer_must_keep_its_placeholders(db_url: str, repo_copy: Path) -> None:
    upgrade_schema(db_url)
    name, variants = next(
        (n, v) for n, v in current_responses(repo_copy).items() if "{" in str(v[0].get("text"))
    )
    texts = [str(v["text"]).replace("{", "(").replace("}", ")") for v in variants]
    with session_scope(db_url) as session, pytest.raises(ChangeError, match="Platzhalter"):
        save_response_edit(session, name, texts, actor="a", path=repo_copy / "c.yml",
                           root=repo_copy)  # fmt: skip


def test_a_checked_answer_is_collected_and_exported_with_a_minimal_diff(
    db_url: str, repo_copy: Path
) -> None:
    upgrade_schema(db_url)
    changes = repo_copy / "changes.yml"
    new_text = "Guten Tag! Ich bin Lotse. Womit kann ich helfen?"
    # the translations are further variants (issue 19); they are saved unchanged
    others = [str(v["text"]) for v in current_responses(repo_copy)["utter_greet"][1:]]
    with session_scope(db_url) as session:
        save_response_edit(session, "utter_greet", [new_text, *others], actor="anna",
                           path=changes, root=repo_copy)  # fmt: skip
    assert load_changes(changes).responses["utter_greet"]["texts"] == [new_text, *others]
    assert (repo_copy / "domain.yml").read_text("utf-8") == (REPO / "domain.yml").read_text("utf-8")
    with session_scope(db_url) as session:
        result = export_changes(session, actor="anna", path=changes, root=repo_copy,
                                referrals=repo_copy / "referrals.yaml", today=TODAY)  # fmt: skip
        actions = [entry.action for entry in recent(session)]
    assert result.responses == ["utter_greet"] and not changes.exists()
    assert current_responses(repo_copy)["utter_greet"][0]["text"] == new_text
    diff = _diff(REPO / "domain.yml", repo_copy / "domain.yml")
    assert 1 <= len(diff) <= 6, diff  # only the edited text changed
    assert "buttons: &menu_buttons" in (repo_copy / "domain.yml").read_text("utf-8")
    assert actions[:2] == ["changes.export", "response.edit"]


def test_an_offer_needs_a_dated_source_and_valid_contact_data(db_url: str, repo_copy: Path) -> None:
    upgrade_schema(db_url)
    referrals = repo_copy / "referrals.yaml"
    record = read_records(referrals)[0]
    cases = (
        (record.__class__(**{**record.__dict__, "source_url": ""}), "source_url"),
        (record.__class__(**{**record.__dict__, "source_date": "undatiert"}), "source_date"),
        (record.__class__(**{**record.__dict__, "source_date": "2030-01-01"}), "Zukunft"),
        (record.__class__(**{**record.__dict__, "phone": "abc"}), "phone"),
        (record.__class__(**{**record.__dict__, "email": "keine-mail"}), "email"),
        (record.__class__(**{**record.__dict__, "audiences": ("opa",)}), "audience"),
    )
    with session_scope(db_url) as session:
        for edited, field in cases:
            with pytest.raises(ChangeError) as caught:
                save_offer_edit(session, edited, actor="a", path=repo_copy / "c.yml",
                                referrals=referrals, today=TODAY)  # fmt: skip
            assert any(field in p for p in caught.value.problems), (field, caught.value.problems)


def test_a_checked_offer_is_exported_into_the_referral_file(db_url: str, repo_copy: Path) -> None:
    upgrade_schema(db_url)
    referrals = repo_copy / "referrals.yaml"
    changes = repo_copy / "changes.yml"
    record = read_records(referrals)[1]
    edited = record.__class__(
        **{**record.__dict__, "hours": "Mo–Fr 9–12 Uhr", "source_date": "2026-12-01"}
    )
    with session_scope(db_url) as session:
        save_offer_edit(session, edited, actor="anna", path=changes, referrals=referrals,
                        today=TODAY)  # fmt: skip
        export_changes(session, actor="anna", path=changes, root=repo_copy, referrals=referrals,
                       today=TODAY)  # fmt: skip
    after = {r.name: r for r in read_records(referrals)}
    assert after[record.name].hours == "Mo–Fr 9–12 Uhr"
    assert after[record.name].source_date == "2026-12-01"
    assert len(_diff(REFERRALS, referrals)) == 4  # hours and source_date, old and new


def test_editing_an_answer_that_fails_validation_in_the_console(editor: Any, app: Any) -> None:
    page = editor.get("/content/response/utter_greet")
    assert page.status_code == 200 and "Guten Tag" in page.text
    response = editor.post(
        "/content/response/utter_greet",
        data={"csrf_token": csrf_token(page.text), "text_0": "Hallo, siehe https://evil.example/"},
    )
    assert response.status_code == 422
    assert "evil.example, a host not in the sources" in response.text
    assert not Path(app.config["CHANGES_FILE"]).exists()


# ---------------------------------------------------------------------------- accounts


def test_accounts_lock_after_repeated_wrong_passwords(db_url: str) -> None:
    upgrade_schema(db_url)
    now = dt.datetime(2026, 12, 4, 10, 0)
    with session_scope(db_url) as session:
        add_user(session, "anna", PASSWORD, "editor")
    with session_scope(db_url) as session:
        for _ in range(MAX_FAILED_LOGINS - 1):
            assert authenticate(session, "anna", "falsch", now=now).status is LoginStatus.WRONG
        assert authenticate(session, "anna", "falsch", now=now).status is LoginStatus.LOCKED
        assert authenticate(session, "anna", PASSWORD, now=now).status is LoginStatus.LOCKED
        later = now + dt.timedelta(minutes=16)
        result = authenticate(session, "anna", PASSWORD, now=later)
        assert (
            result.status is LoginStatus.OK and result.account and result.account.role == "editor"
        )
        assert authenticate(session, "niemand", PASSWORD, now=later).status is LoginStatus.WRONG
        assert [e.action for e in recent(session)] == ["account.locked", "account.add"]


def test_passwords_are_argon2_hashes_and_weak_input_is_refused(db_url: str) -> None:
    from bot.db.models import StaffUser

    upgrade_schema(db_url)
    with session_scope(db_url) as session:
        add_user(session, "anna", PASSWORD, "admin")
        stored = session.query(StaffUser).one().password_hash
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        for name, password, role in (
            ("anna", PASSWORD, "editor"),  # taken
            ("Anna Admin", PASSWORD, "editor"),  # not a user name
            ("bert", "kurz", "editor"),
            ("bert", PASSWORD, "root"),
        ):
            with pytest.raises(AccountError):
                add_user(session, name, password, role)


def test_cli_adds_an_account_with_the_password_from_stdin(db_url: str) -> None:
    lotse = str(Path(sys.executable).parent / "lotse")
    command = [lotse, "--database-url", db_url, "staff", "add", "bert", "--role", "editor"]
    done = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    again = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True)
    assert again.returncode == 1 and "gibt es schon" in again.stderr
    listed = subprocess.run([lotse, "--database-url", db_url, "staff", "list"],
                            capture_output=True, text=True)  # fmt: skip
    assert listed.stdout.strip() == "bert\teditor"
    with session_scope(db_url) as session:
        assert authenticate(session, "bert", PASSWORD).status is LoginStatus.OK
