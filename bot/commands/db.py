"""``lotse db …``: schema upgrades, import/export, checks and seeding of the referral data."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy.exc import SQLAlchemyError

from bot.commands.report import print_issues, print_stale, summary
from bot.db.session import get_session_factory, upgrade_schema
from bot.load.formats import file_format, file_sha256, read_records
from bot.load.records import RecordFormatError, ReferralRecord
from bot.load.referrals_yaml import (
    export_file,
    export_records,
    import_records,
    offer_count,
    was_imported,
)
from bot.load.validate import BLOCKING_CODES, has_errors, stale_report, validate_records
from bot.settings import get_settings

HELP = "referral database: upgrade, import, export, check, seed"

Handler = Callable[[argparse.Namespace], int]


def _database_errors(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except SQLAlchemyError as exc:
            print(
                f"error: database: {type(exc).__name__}: {exc.args[0] if exc.args else ''}",
                file=sys.stderr,
            )
            return 1

    return wrapper


def _read(path: Path) -> list[ReferralRecord] | None:
    try:
        file_format(path)
        return read_records(path)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        kind = "invalid file" if isinstance(exc, RecordFormatError) else "cannot read file"
        print(f"error: {kind} {path}: {exc}", file=sys.stderr)
        return None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from exc


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of days >= 1, got {text!r}")
    return value


@_database_errors
def cmd_upgrade(args: argparse.Namespace) -> int:
    revision = upgrade_schema(args.database_url)
    print(f"Database schema is at revision {revision}.")
    return 0


def _import(args: argparse.Namespace, path: Path, *, force: bool) -> int:
    records = _read(path)
    if records is None:
        return 2
    issues = validate_records(records)
    print_issues(issues)
    if has_errors(issues):
        if not force:
            print(f"Import refused: {summary(len(records), issues)}. Fix them or use --force.")
            return 1
        blocked = {issue.record for issue in issues if issue.code in BLOCKING_CODES}
        records = [record for record in records if record.name not in blocked]
        for name in sorted(blocked):
            print(f"Skipped (cannot be stored even with --force): {name}")
    upgrade_schema(args.database_url)
    with get_session_factory(args.database_url).begin() as session:
        report = import_records(session, records, source=str(path), sha256=file_sha256(path))
    print(
        f"Imported {path}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    if report.not_in_file:
        print(f"{len(report.not_in_file)} offer(s) in the database are not in the file (kept):")
        for name in report.not_in_file:
            print(f"  {name}")
    return 0


@_database_errors
def cmd_import(args: argparse.Namespace) -> int:
    return _import(args, args.file, force=args.force)


@_database_errors
def cmd_export(args: argparse.Namespace) -> int:
    try:
        file_format(args.file)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with get_session_factory(args.database_url).begin() as session:
        count = export_file(session, args.file)
    print(f"Exported {count} offer(s) to {args.file}.")
    return 0


@_database_errors
def cmd_check(args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    if args.file is not None:
        records = _read(args.file)
        if records is None:
            return 2
    else:
        with get_session_factory(args.database_url).begin() as session:
            records = export_records(session)
    max_age = args.max_age_days or get_settings().referral_max_age_days
    issues = validate_records(records, today=today, max_age_days=max_age)
    print_issues(issues, skip_codes=frozenset({"stale"}))
    print_stale(stale_report(records, today, max_age), max_age)
    print(summary(len(records), issues))
    return 1 if has_errors(issues) else 0


def shipped_referrals() -> Path:
    return Path(str(resources.files("bot") / "data" / "referrals.yaml"))


@_database_errors
def cmd_seed(args: argparse.Namespace) -> int:
    path = shipped_referrals()
    upgrade_schema(args.database_url)
    sha256 = file_sha256(path)
    with get_session_factory(args.database_url).begin() as session:
        count = offer_count(session)
        if count and was_imported(session, sha256):
            print(f"Referral data is up to date ({count} offers); nothing imported.")
            return 0
    return _import(args, path, force=False)


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="COMMAND")
    sub.required = True
    sub.add_parser("upgrade", help="create or upgrade the schema").set_defaults(func=cmd_upgrade)
    imp = sub.add_parser("import", help="validate and import a .yaml/.csv file (upsert by name)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--force", action="store_true", help="import despite validation errors")
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", help="export all offers to a .yaml/.csv file")
    exp.add_argument("file", type=Path)
    exp.set_defaults(func=cmd_export)
    check = sub.add_parser("check", help="validate the data and list stale/undated records")
    check.add_argument("--today", type=_date, default=None, help="reference date YYYY-MM-DD")
    check.add_argument("--file", type=Path, default=None, help="check a file, not the database")
    check.add_argument(
        "--max-age-days",
        type=_positive,
        default=None,
        help="flag records older than this (default: REFERRAL_MAX_AGE_DAYS, 365)",
    )
    check.set_defaults(func=cmd_check)
    seed = sub.add_parser("seed", help="upgrade, then import the shipped referrals.yaml if new")
    seed.set_defaults(func=cmd_seed)
