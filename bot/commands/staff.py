"""``lotse staff …``: console accounts, the console server, and the exports of its work.

The web layer (package ``staff``, Flask) is imported only by ``serve``; everything else is the
Rasa- and Flask-free core in ``bot.staff``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from bot.db.session import session_scope, upgrade_schema
from bot.settings import get_settings

HELP = "staff console: accounts, server, review and content exports"
CLI_ACTOR = "cli"


def _password(args: argparse.Namespace) -> str | None:
    """From the terminal (asked twice) or, when stdin is not a terminal, its first line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Passwort für {args.username}: ")
    if getpass.getpass("Noch einmal: ") != first:
        print("error: die Passwörter stimmen nicht überein", file=sys.stderr)
        return None
    return first


def _account_change(
    args: argparse.Namespace, change: Callable[[Session], object], done: str
) -> int:
    """Run one account change in a transaction; an AccountError is printed, exit code 1."""
    from bot.staff.accounts import AccountError

    upgrade_schema(args.database_url)
    try:
        with session_scope(args.database_url) as session:
            change(session)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(done)
    return 0


def _add(args: argparse.Namespace) -> int:
    from bot.staff.accounts import add_user

    password = _password(args)
    if password is None:
        return 1
    return _account_change(
        args,
        lambda session: add_user(session, args.username, password, args.role, actor=CLI_ACTOR),
        f"Konto {args.username} ({args.role}) angelegt.",
    )


def _passwd(args: argparse.Namespace) -> int:
    from bot.staff.accounts import set_password

    password = _password(args)
    if password is None:
        return 1
    return _account_change(
        args,
        lambda session: set_password(session, args.username, password, actor=CLI_ACTOR),
        f"Passwort von {args.username} geändert (Sperre aufgehoben).",
    )


def _unlock(args: argparse.Namespace) -> int:
    from bot.staff.accounts import unlock

    return _account_change(
        args,
        lambda session: unlock(session, args.username, actor=CLI_ACTOR),
        f"Konto {args.username} entsperrt.",
    )


def _list(args: argparse.Namespace) -> int:
    from bot.staff.accounts import list_accounts

    upgrade_schema(args.database_url)
    with session_scope(args.database_url) as session:
        for user in list_accounts(session):
            locked = f", gesperrt bis {user.locked_until:%H:%M} UTC" if user.locked_until else ""
            print(f"{user.username}\t{user.role}{locked}")
    return 0


def serve(port: int | None = None, host: str = "127.0.0.1", database_url: str | None = None) -> int:
    """Run the console with waitress until interrupted (one process, several threads: the
    login rate limit and the story runs live in this process)."""
    from waitress import serve as waitress_serve

    from staff.app import ConfigError, create_app

    settings = get_settings()
    overrides = {"DATABASE_URL": database_url} if database_url else {}
    try:
        app = create_app(overrides)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    port = settings.staff_port if port is None else port
    print(f"Lotse-Redaktion auf http://{host}:{port}/ (Strg+C beendet)", flush=True)
    waitress_serve(app, host=host, port=port, threads=4, ident="lotse-staff")
    return 0


def _serve(args: argparse.Namespace) -> int:
    return serve(args.port, args.host, args.database_url)


def _export_review(args: argparse.Namespace) -> int:
    from bot.staff.review import export_review

    upgrade_schema(args.database_url)
    with session_scope(args.database_url) as session:
        report = export_review(session, args.out, actor=args.actor)
        for row, reason in report.refused:
            print(f"NICHT übernommen: {row.example!r} -> {row.label}: {reason}")
        print(
            f"{args.out}: {len(report.written)} neue Beispiele, "
            f"{len(report.already_present)} schon vorhanden, {len(report.refused)} abgelehnt."
        )
    if report.written:
        print("Jetzt `make check-content` und die NLU-Tests laufen lassen, dann committen.")
    return 1 if report.refused else 0


def _export_changes(args: argparse.Namespace) -> int:
    from bot.staff.changes import ChangeError, export_changes

    upgrade_schema(args.database_url)
    try:
        with session_scope(args.database_url) as session:
            result = export_changes(session, actor=args.actor)
    except ChangeError as exc:
        print("error: nichts geändert, die Prüfung schlägt fehl:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if not result.files:
        print("Keine gesammelten Änderungen.")
        return 0
    for path in result.files:
        print(f"geändert: {path}")
    print(f"Antworten: {len(result.responses)}, Angebote: {len(result.offers)}; "
          f"Änderungsdatei archiviert als {result.archived}.")  # fmt: skip
    print("Jetzt `make check-content` und `git diff` prüfen, dann zur Prüfung einreichen.")
    return 0


def register(parser: argparse.ArgumentParser) -> None:
    from bot.db.models import ROLES
    from bot.staff.nlu_data import REVIEW_FILE

    sub = parser.add_subparsers(dest="staff_command", metavar="COMMAND")
    sub.required = True
    add = sub.add_parser("add", help="create an account (password prompted, or from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, default="editor")
    add.set_defaults(func=_add)
    passwd = sub.add_parser("passwd", help="set a new password (also lifts a lock)")
    passwd.add_argument("username")
    passwd.set_defaults(func=_passwd)
    unlock = sub.add_parser("unlock", help="lift the lock after repeated wrong passwords")
    unlock.add_argument("username")
    unlock.set_defaults(func=_unlock)
    sub.add_parser("list", help="list the accounts").set_defaults(func=_list)
    srv = sub.add_parser("serve", help="run the staff console (default port STAFF_PORT)")
    srv.add_argument("--port", type=int, default=None)
    srv.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    srv.set_defaults(func=_serve)
    review = sub.add_parser("export-review", help="write the accepted labels to the NLU file")
    review.add_argument("--out", type=Path, default=REVIEW_FILE)
    review.add_argument("--actor", default=CLI_ACTOR, help="name for the audit log")
    review.set_defaults(func=_export_review)
    changes = sub.add_parser("export-changes", help="apply the console's edits to the repo files")
    changes.add_argument("--actor", default=CLI_ACTOR, help="name for the audit log")
    changes.set_defaults(func=_export_changes)
