"""The staff console's Flask application: configuration, security, and the login gate.

Every request except the login page and the style sheet needs a logged-in account: a page
request without one is redirected to the login, anything else gets 401. The session is
Flask's signed cookie (HttpOnly, SameSite=Strict, Secure when ``STAFF_HTTPS``), expires after
``STAFF_SESSION_MINUTES`` without a request and after ``MAX_SESSION_HOURS`` in any case.
Every change is a POST with a CSRF token (Flask-WTF); a POST from another origin is refused
even before that. No response carries CORS headers, so the widget's page (another origin)
cannot read anything from the console.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.orm import Session

from bot.db.session import get_engine, session_scope, upgrade_schema
from bot.settings import PROJECT_ROOT, Settings, get_settings
from bot.staff.accounts import Account, get_account

logger = logging.getLogger(__name__)

MAX_SESSION_HOURS = 10
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
DEV_SECRET_FILE = PROJECT_ROOT / "var" / "staff" / "secret_key"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")


class ConfigError(RuntimeError):
    """The console cannot start with these settings."""


def secret_key(settings: Settings, dev_file: Path = DEV_SECRET_FILE) -> str:
    """STAFF_SECRET_KEY; in development a generated key kept in ``dev_file`` (warned)."""
    if settings.staff_secret_key:
        if len(settings.staff_secret_key) < 32:
            raise ConfigError("STAFF_SECRET_KEY must have at least 32 characters")
        return settings.staff_secret_key
    if settings.is_production:
        raise ConfigError("STAFF_SECRET_KEY must be set when LOTSE_ENV=production")
    logger.warning(
        "STAFF_SECRET_KEY is not set: using a generated development key from %s. "
        "Set STAFF_SECRET_KEY (and LOTSE_ENV=production) for any real use.",
        dev_file,
    )
    if not dev_file.exists():
        dev_file.parent.mkdir(parents=True, exist_ok=True)
        dev_file.write_text(secrets.token_hex(32), "utf-8")
        dev_file.chmod(0o600)
    return dev_file.read_text("utf-8").strip()


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """The console. ``overrides`` set Flask config keys (tests use a private database etc.)."""
    settings = get_settings()
    app = Flask(__name__)
    app.config.update(
        DATABASE_URL=settings.database_url,
        RASA_URL=settings.rasa_url,
        SESSION_COOKIE_NAME="lotse_staff",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.staff_https,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.staff_session_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the (short) session
        LOGIN_LIMIT=settings.staff_login_limit,
        HTTPS=settings.staff_https,
        STATE_DIR=PROJECT_ROOT / "var" / "staff",
        RASA_BIN=None,
        STORIES_DIR=None,
        CONSOLE_STORIES=None,
        REVIEW_FILE=None,
        CHANGES_FILE=None,
        MODEL=PROJECT_ROOT / "models" / "lotse.tar.gz",
        UPGRADE_SCHEMA=True,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.config.update(overrides or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(settings)
    if app.config["UPGRADE_SCHEMA"]:
        upgrade_schema(app.config["DATABASE_URL"])
    _register_filters(app)
    _register_security(app)  # first: without a login, 401 before any other check
    csrf.init_app(app)
    limiter.init_app(app)
    from staff import auth, content, dashboard, review, stories

    for blueprint in (auth.bp, dashboard.bp, review.bp, stories.bp, content.bp, auth.admin_bp):
        app.register_blueprint(blueprint)
    return app


@contextmanager
def db() -> Iterator[Session]:
    """A database session on the console's DATABASE_URL (commits on success)."""
    from flask import current_app

    with session_scope(current_app.config["DATABASE_URL"]) as db_session:
        yield db_session


def engine() -> Any:
    from flask import current_app

    return get_engine(current_app.config["DATABASE_URL"])


def current_account() -> Account | None:
    return g.get("account")


def actor() -> str:
    """The user name of the logged-in account (every view behind the gate has one)."""
    account = current_account()
    if account is None:
        abort(401)
    return account.username


def run_change(
    change: Callable[[Session, str], object], errors: type[Exception] | tuple[type[Exception], ...]
) -> Exception | None:
    """Run ``change(db_session, actor)`` in one transaction; the expected error, or None."""
    try:
        with db() as db_session:
            change(db_session, actor())
    except errors as exc:
        return exc
    return None


def flash_change(
    change: Callable[[Session, str], object],
    errors: type[Exception] | tuple[type[Exception], ...],
    success: str,
) -> None:
    """Run a change and tell the user how it went."""
    from flask import flash

    error = run_change(change, errors)
    if error:
        flash(str(error), "error")
    else:
        flash(success)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        account = current_account()
        if account is None or not account.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _same_origin(url: str) -> bool:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _register_security(app: Flask) -> None:
    @app.before_request
    def _gate() -> Any:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("Origin")
            if origin and origin != "null" and not _same_origin(origin):
                abort(403)
        if request.endpoint in PUBLIC_ENDPOINTS:
            return None
        account = None
        account_id = session.get("account_id")
        fresh = time.time() - float(session.get("login_at", 0)) < MAX_SESSION_HOURS * 3600
        if account_id is not None and fresh:
            with db() as db_session:
                account = get_account(db_session, int(account_id))
        if account is None:
            if account_id is not None:
                session.clear()  # an expired or revoked login: nothing of it survives
            if request.method == "GET" and request.accept_mimetypes.accept_html:
                target = request.full_path if request.query_string else request.path
                return redirect(url_for("auth.login", next=target))
            abort(401)
        g.account = account
        return None

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: Flask-WTF checks the Referer of POSTs over https.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if app.config["HTTPS"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_template("error.html", code=400, message=error.description), 400

    for code, message in (
        (401, "Bitte melden Sie sich an."),
        (403, "Dafür fehlt Ihrem Konto die Berechtigung."),
        (404, "Diese Seite gibt es nicht."),
        (413, "Die Eingabe ist zu groß."),
        (429, "Zu viele Anmeldeversuche. Bitte warten Sie einige Minuten."),
    ):
        app.register_error_handler(code, _error_page(code, message))


RUN_STATES = {"running": "läuft", "done": "fertig", "failed": "fehlgeschlagen"}


def _register_filters(app: Flask) -> None:
    from datetime import datetime, timezone

    @app.template_filter("timestamp")
    def _timestamp(value: float | None) -> str:
        if value is None:
            return "–"
        return datetime.fromtimestamp(float(value), tz=timezone.utc).strftime("%Y-%m-%d %H:%M")

    @app.template_filter("percent")
    def _percent(value: float | None) -> str:
        return "–" if value is None else f"{round(float(value) * 100)} %"

    @app.template_filter("run_state")
    def _run_state(value: str) -> str:
        return RUN_STATES.get(value, value)


def _error_page(code: int, message: str) -> Callable[[Any], Any]:
    def handler(_error: Any) -> Any:
        return render_template("error.html", code=code, message=message), code

    return handler
