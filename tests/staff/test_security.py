"""Security of the staff console (Flask test client): the login gate on every route, CSRF on
every change, no CORS for the widget's origin, cookie flags and headers, the secret key, the
login rate limit, roles, and no raw personal data on any page (PII corpus)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import settings_from
from staff.app import ConfigError, create_app, secret_key
from tests.staff.helpers import (
    PASSWORD,
    Turn,
    app_config,
    create_account,
    csrf_token,
    login,
    store_conversations,
)

REPO = Path(__file__).resolve().parents[2]
WIDGET_ORIGIN = "http://localhost:8080"
PUBLIC = {"/login", "/static/<path:filename>"}
EXAMPLE_VALUES = {
    "username": "redakteurin",
    "label_id": "1",
    "event_id": "1",
    "draft_id": "0123456789abcdef",
    "name": "utter_greet",
    "filename": "staff.css",
}


def _routes(app: Any) -> list[tuple[str, str, str]]:
    """(rule, concrete path, method) for every route and method of the console."""
    found = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{argument}>", EXAMPLE_VALUES[argument], path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.rule, path, method))
    return found


def test_the_console_has_the_routes_this_test_knows(app: Any) -> None:
    rules = {rule for rule, _, _ in _routes(app)}
    assert len(rules) >= 20  # the test really walks the whole console
    assert {"/review/message/<int:event_id>", "/stories/run", "/admin/audit"} <= rules


def test_every_route_without_a_session_answers_401_or_redirects_to_login(app: Any) -> None:
    client = app.test_client()
    for rule, path, method in _routes(app):
        if rule in PUBLIC:
            continue
        for accept in ("text/html", "application/json"):
            response = client.open(path, method=method, headers={"Accept": accept})
            if response.status_code == 302:
                assert response.headers["Location"].startswith("/login"), (method, path)
                assert method == "GET" and accept == "text/html", (method, path)
            else:
                assert response.status_code == 401, (method, path, response.status_code)
            assert "csrf_token" not in response.text or path == "/login"
        options = client.open(path, method="OPTIONS")
        assert options.status_code == 401, path


def test_every_change_needs_the_csrf_token(app: Any, db_url: str) -> None:
    create_account(db_url, "chefin", "admin")
    client = app.test_client()
    login(client, "chefin")
    posts = [(rule, path) for rule, path, method in _routes(app) if method == "POST"]
    assert len(posts) >= 12
    for rule, path in posts:
        if rule == "/login":
            continue
        response = client.post(path, data={"name": "x", "kind": "response"})
        assert response.status_code == 400, (path, response.status_code)
        assert "CSRF" in response.text, path
        wrong = client.post(path, data={"csrf_token": "forged"})
        assert wrong.status_code == 400, path


def test_the_login_form_needs_the_csrf_token_too(client: Any, db_url: str) -> None:
    create_account(db_url, "redakteurin")
    response = client.post("/login", data={"username": "redakteurin", "password": PASSWORD})
    assert response.status_code == 400
    assert "account_id" not in (client.get_cookie("lotse_staff") or "")


def test_the_widget_origin_gets_no_cors_access(app: Any, editor: Any) -> None:
    for _rule, path, method in _routes(app):
        for client in (app.test_client(), editor):
            response = client.open(path, method=method, headers={"Origin": WIDGET_ORIGIN})
            cors = [h for h in response.headers.keys() if h.lower().startswith("access-control")]  # noqa: SIM118
            assert cors == [], (method, path, cors)
            preflight = client.open(
                path,
                method="OPTIONS",
                headers={"Origin": WIDGET_ORIGIN, "Access-Control-Request-Method": "POST"},
            )
            assert "Access-Control-Allow-Origin" not in preflight.headers, path


def test_a_post_from_another_origin_is_refused_even_with_a_token(editor: Any) -> None:
    token = csrf_token(editor.get("/stories/").text)
    response = editor.post(
        "/stories/new", data={"csrf_token": token}, headers={"Origin": WIDGET_ORIGIN}
    )
    assert response.status_code == 403
    same = editor.post(
        "/stories/new", data={"csrf_token": token}, headers={"Origin": "http://localhost"}
    )
    assert same.status_code == 302


def test_session_cookie_flags_and_security_headers(config: dict, db_url: str) -> None:
    app = create_app({**config, "SESSION_COOKIE_SECURE": True, "HTTPS": True})
    create_account(db_url, "redakteurin")
    client = app.test_client()
    response = login(client, "redakteurin")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    assert "Expires=" in cookie  # a short-lived session, not a browser-lifetime one
    page = client.get("/")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def test_secure_cookie_only_when_served_over_https(client: Any, db_url: str) -> None:
    create_account(db_url, "redakteurin")
    cookie = login(client, "redakteurin").headers["Set-Cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_session_expires_after_the_idle_time(app: Any, db_url: str) -> None:
    from datetime import timedelta

    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)
    create_account(db_url, "redakteurin")
    client = app.test_client()
    login(client, "redakteurin")
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 302


def test_secret_key_is_required_in_production_and_generated_in_development(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(ConfigError):
        secret_key(settings_from({"LOTSE_ENV": "production"}), tmp_path / "key")
    with pytest.raises(ConfigError):
        secret_key(settings_from({"STAFF_SECRET_KEY": "short"}), tmp_path / "key")
    assert secret_key(settings_from({"STAFF_SECRET_KEY": "k" * 40})) == "k" * 40
    generated = secret_key(settings_from({}), tmp_path / "key")
    assert len(generated) == 64 and "STAFF_SECRET_KEY is not set" in caplog.text
    assert secret_key(settings_from({}), tmp_path / "key") == generated  # kept across starts
    assert (tmp_path / "key").stat().st_mode & 0o077 == 0


def test_login_attempts_are_rate_limited(tmp_path: Path, db_url: str) -> None:
    app = create_app({**app_config(tmp_path, db_url), "LOGIN_LIMIT": "3 per minute"})
    client = app.test_client()
    codes = [login(client, "niemand", "falsch-falsch-falsch").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]


def test_an_editor_cannot_open_the_admin_pages(editor: Any) -> None:
    for path in ("/admin/accounts", "/admin/audit"):
        assert editor.get(path).status_code == 403
    token = csrf_token(editor.get("/").text)
    response = editor.post(
        "/admin/accounts",
        data={"csrf_token": token, "username": "neu", "password": PASSWORD, "role": "admin"},
    )
    assert response.status_code == 403


def test_login_never_redirects_to_another_site(client: Any, db_url: str) -> None:
    create_account(db_url, "redakteurin")
    page = client.get("/login")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            f"/login?next={target}",
            data={
                "username": "redakteurin",
                "password": PASSWORD,
                "csrf_token": csrf_token(page.text),
            },
        )
        assert response.headers["Location"] == "/", target
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/").text)})
        page = client.get("/login")


def test_logout_ends_the_session(editor: Any) -> None:
    editor.post("/logout", data={"csrf_token": csrf_token(editor.get("/").text)})
    assert editor.get("/", headers={"Accept": "text/html"}).status_code == 302


# ------------------------------------------------------------------ no personal data


def _pii_corpus() -> list[dict[str, Any]]:
    return yaml.safe_load((REPO / "tests" / "data" / "pii_corpus.yml").read_text("utf-8"))["items"]


def _secret_pattern(secret: str) -> re.Pattern[str]:
    # As a word: "Jan" (a name in the corpus) is no leak inside "Januar".
    return re.compile(rf"(?<!\w){re.escape(secret)}(?!\w)")


def _context(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return text[max(0, match.start() - 80) : match.end() + 40] if match else ""


def test_no_raw_personal_data_on_any_page(admin: Any, db_url: str) -> None:
    """Every message of the PII corpus is stored through the redacting tracker store as a
    turn the inbox shows (fallback, low confidence, other language or a repetition); then
    every page of the console is rendered — including every message's labelling page and a
    recorded story — and none of the corpus' secrets may appear."""
    items = _pii_corpus()
    reasons = [
        lambda t: Turn(t, "nlu_fallback", 0.3, ("action_nlu_fallback",), ranking=(("help", 0.3),)),
        lambda t: Turn(t, "express_worry", 0.41, ("utter_worry_first",)),
        lambda t: Turn(t, "other_language", 1.0, ("action_handle_other_language",)),
    ]
    conversations = {}
    for index, item in enumerate(items):
        turns = [reasons[index % 3](item["text"])]
        if index % 4 == 0:  # a repetition as well
            turns.append(Turn(item["text"], "help", 0.95, ("utter_menu",)))
        conversations[f"pii-{index}"] = turns
    store_conversations(db_url, conversations)
    inbox = admin.get("/review/?days=90")
    event_ids = sorted(set(re.findall(r"/review/message/(\d+)", inbox.text)))
    assert len(event_ids) >= len(items)  # every message is in the inbox
    pages = {"/review/?days=90": inbox.text}
    for path in (
        "/", "/?days=90", "/review/?days=7", "/review/labels", "/review/export", "/stories/",
        "/stories/run", "/content/", "/content/changes", "/admin/accounts", "/admin/audit",
    ):  # fmt: skip
        response = admin.get(path)
        assert response.status_code == 200, path
        pages[path] = response.text
    for event_id in event_ids:
        page = admin.get(f"/review/message/{event_id}")
        assert page.status_code == 200
        pages[f"/review/message/{event_id}"] = page.text
    # A label accepted unchanged (the placeholders are refused) and the pages after it.
    first = admin.get(f"/review/message/{event_ids[0]}")
    refused = admin.post(
        f"/review/message/{event_ids[0]}",
        data={"csrf_token": csrf_token(first.text), "label": "help", "example": "[NAME] hallo"},
    )
    assert refused.status_code == 422
    pages["refused label"] = refused.text
    pages["/admin/audit after"] = admin.get("/admin/audit").text
    texts = {path: unescape(html) for path, html in pages.items()}
    leaks = [
        (path, secret, _context(pattern, text))
        for item in items
        for secret in item["secrets"]
        for pattern in [_secret_pattern(secret)]
        for path, text in texts.items()
        if pattern.search(text)
    ]
    assert leaks == []
