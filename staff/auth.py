"""Login, logout, and the admin pages (accounts, audit log)."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from bot.db.models import ROLES
from bot.staff.accounts import (
    LOCK_MINUTES,
    AccountError,
    LoginStatus,
    add_user,
    authenticate,
    list_accounts,
    unlock,
)
from bot.staff.audit import recent, record
from staff.app import admin_required, current_account, db, flash_change, limiter

bp = Blueprint("auth", __name__)
admin_bp = Blueprint("admin", __name__, url_prefix="/admin")


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no scheme, no host, no "//"): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("dashboard.index")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Any:
    error = None
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()
        password = request.form.get("password", "")
        with db() as db_session:
            result = authenticate(db_session, username, password)
            if result.status is LoginStatus.OK and result.account is not None:
                record(db_session, result.account.username, "session.login")
        if result.status is LoginStatus.OK and result.account is not None:
            session.clear()  # a new session: nothing from before the login survives
            session.permanent = True
            session["account_id"] = result.account.id
            session["login_at"] = time.time()
            return redirect(_safe_next(request.args.get("next")))
        if result.status is LoginStatus.LOCKED:
            error = (
                "Dieses Konto ist nach mehreren falschen Passwörtern für "
                f"{LOCK_MINUTES} Minuten gesperrt."
            )
            status = 423
        else:
            error = "Benutzername oder Passwort ist falsch."
            status = 401
    return render_template("login.html", error=error), status


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    account = current_account()
    if account is not None:
        with db() as db_session:
            record(db_session, account.username, "session.logout")
    session.clear()
    flash("Sie sind abgemeldet.")
    return redirect(url_for("auth.login"))


@admin_bp.route("/accounts", methods=["GET"])
@admin_required
def accounts() -> Any:
    with db() as db_session:
        users = list_accounts(db_session)
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "locked": bool(u.locked_until and u.locked_until.timestamp() > time.time()),
                "last_login": u.last_login_at,
            }
            for u in users
        ]
    return render_template("accounts.html", users=rows, roles=ROLES)


@admin_bp.route("/accounts", methods=["POST"])
@admin_required
def add_account() -> Any:
    username = request.form.get("username", "").strip().lower()
    password, role = request.form.get("password", ""), request.form.get("role", "")
    flash_change(
        lambda db_session, by: add_user(db_session, username, password, role, actor=by),
        AccountError,
        "Konto angelegt.",
    )
    return redirect(url_for("admin.accounts"))


@admin_bp.route("/accounts/<username>/unlock", methods=["POST"])
@admin_required
def unlock_account(username: str) -> Any:
    flash_change(
        lambda db_session, by: unlock(db_session, username, actor=by),
        AccountError,
        f"Konto {username} entsperrt.",
    )
    return redirect(url_for("admin.accounts"))


@admin_bp.route("/audit")
@admin_required
def audit() -> Any:
    with db() as db_session:
        entries = [
            {"at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
             "detail": e.detail}
            for e in recent(db_session, 300)
        ]  # fmt: skip
    return render_template("audit.html", entries=entries)
