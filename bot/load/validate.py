"""Validation of referral records: a list of structured issues, plus a staleness report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from bot.hours import HoursFormatError, parse_hours
from bot.load.checks import email_problem, leading_url, phone_problem, url_problem
from bot.load.coverage import map_covers
from bot.load.records import ReferralRecord, parse_source_date
from bot.vocab import AUDIENCES, KINDS, PHONE_STATUSES

Severity = Literal["error", "warning"]

REQUIRED = ("name", "kind", "source_url", "source_date", "audiences")
# Records with these issue codes cannot be stored at all (not even with --force).
BLOCKING_CODES = frozenset({"required", "kind", "audience", "phone_status", "duplicate"})
# An unmapped covers entry this short is taken for a misspelt place, longer ones for a remark.
MAX_PLACE_WORDS = 3


@dataclass(frozen=True)
class Issue:
    severity: Severity
    record: str
    field: str
    message: str
    code: str


@dataclass(frozen=True)
class StaleEntry:
    name: str
    source_date: str
    verified_on: dt.date
    age_days: int


@dataclass(frozen=True)
class StaleReport:
    today: dt.date
    cutoff: dt.date
    stale: tuple[StaleEntry, ...]
    undated: tuple[str, ...]


def one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def stale_cutoff(today: dt.date, max_age_days: int | None = None) -> dt.date:
    """Records dated before this day are stale: ``max_age_days`` before ``today``
    (``REFERRAL_MAX_AGE_DAYS``), or one calendar year when no age is given."""
    if max_age_days is None:
        return one_year_before(today)
    if max_age_days < 1:
        raise ValueError(f"max_age_days must be at least 1, not {max_age_days}")
    return today - dt.timedelta(days=max_age_days)


def _hours_issues(record: ReferralRecord) -> list[Issue]:
    """The opening hours must be readable: the bot says from them who answers now."""
    try:
        parse_hours(record.hours)
    except HoursFormatError as exc:
        return [Issue("error", record.name or "(no name)", "hours", str(exc), "hours_format")]
    return []


def _contact_issues(record: ReferralRecord) -> list[Issue]:
    issues: list[Issue] = []
    name = record.name or "(no name)"
    if record.phone_status and record.phone_status not in PHONE_STATUSES:
        message = f"unknown phone_status {record.phone_status!r}"
        issues.append(Issue("error", name, "phone_status", message, "phone_status"))
    if not record.phone_status:
        message = "phone_status is empty (use 'none')"
        issues.append(Issue("error", name, "phone_status", message, "phone_status"))
    if record.phone:
        if problem := phone_problem(record.phone):
            issues.append(Issue("error", name, "phone", problem, "phone_format"))
        if record.phone_status == "none":
            message = "a phone number needs a phone_status other than 'none'"
            issues.append(Issue("error", name, "phone_status", message, "phone_status_missing"))
    elif record.phone_status not in ("", "none"):
        message = f"phone_status {record.phone_status!r} but no phone number"
        issues.append(Issue("warning", name, "phone_status", message, "phone_status_unused"))
    if record.email and (problem := email_problem(record.email)):
        issues.append(Issue("error", name, "email", problem, "email_format"))
    for field in ("website", "source_url"):
        value = getattr(record, field)
        if value and (problem := url_problem(value)):
            issues.append(Issue("error", name, field, problem, "url_format"))
    for entry in record.additional_sources:
        if problem := url_problem(leading_url(entry)):
            issues.append(Issue("warning", name, "additional_sources", problem, "url_format"))
    for field, url in [("website", record.website), ("source_url", record.source_url)] + [
        ("additional_sources", leading_url(entry)) for entry in record.additional_sources
    ]:
        host = urlsplit(url).hostname or ""
        if host.endswith("."):
            message = f"host name {host!r} ends with a dot (valid, but unusual: check the URL)"
            issues.append(Issue("warning", name, field, message, "url_trailing_dot"))
    return issues


def _coverage_issues(record: ReferralRecord) -> list[Issue]:
    issues: list[Issue] = []
    name = record.name or "(no name)"
    for text in record.covers:
        entry = map_covers(text)
        if entry.scope == "note":
            if len(text.split()) <= MAX_PLACE_WORDS:
                message = f"covers entry {text!r} is not a known NRW place or scope"
                issues.append(Issue("error", name, "covers", message, "unknown_place"))
            else:
                message = f"covers entry {text!r} kept as a text-only note"
                issues.append(Issue("warning", name, "covers", message, "coverage_note"))
        elif entry.municipality_only:
            message = f"covers entry {text!r} names a place inside {entry.kreis_key}; stored for the whole Kreis as inferred"  # noqa: E501
            issues.append(Issue("warning", name, "covers", message, "municipality_coverage"))
    if record.kind == "wegweiser_site" and not any(
        map_covers(text).scope == "kreis" for text in record.covers
    ):
        message = "a Wegweiser site should cover at least one Kreis"
        issues.append(Issue("warning", name, "covers", message, "no_kreis"))
    return issues


def validate_record(
    record: ReferralRecord, *, today: dt.date | None = None, max_age_days: int | None = None
) -> list[Issue]:
    name = record.name or "(no name)"
    issues = [
        Issue("error", name, field, f"{field} is required", "required")
        for field in REQUIRED
        if not getattr(record, field)
    ]
    if record.kind and record.kind not in KINDS:
        issues.append(Issue("error", name, "kind", f"unknown kind {record.kind!r}", "kind"))
    for audience in record.audiences:
        if audience not in AUDIENCES:
            message = f"unknown audience {audience!r}"
            issues.append(Issue("error", name, "audiences", message, "audience"))
    issues += _contact_issues(record)
    issues += _coverage_issues(record)
    issues += _hours_issues(record)
    verified_on = parse_source_date(record.source_date)
    if today is not None and verified_on is not None:
        if verified_on > today:
            message = f"source_date {record.source_date!r} lies in the future"
            issues.append(Issue("warning", name, "source_date", message, "future"))
        elif verified_on < (cutoff := stale_cutoff(today, max_age_days)):
            message = f"source_date {record.source_date!r} is before {cutoff} (older than allowed)"
            issues.append(Issue("warning", name, "source_date", message, "stale"))
    return issues


def validate_records(
    records: Sequence[ReferralRecord],
    *,
    today: dt.date | None = None,
    max_age_days: int | None = None,
) -> list[Issue]:
    """All issues of ``records``; with ``today`` also stale (older than ``max_age_days``,
    default one year) and future dates (warnings)."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for record in records:
        issues += validate_record(record, today=today, max_age_days=max_age_days)
        key = record.name.strip().casefold()
        if key and key in seen:
            message = f"duplicate name {record.name!r}"
            issues.append(Issue("error", record.name, "name", message, "duplicate"))
        seen.add(key)
    return issues


def has_errors(issues: Sequence[Issue]) -> bool:
    return any(issue.severity == "error" for issue in issues)


def stale_report(
    records: Sequence[ReferralRecord], today: dt.date, max_age_days: int | None = None
) -> StaleReport:
    """Records dated more than ``max_age_days`` (default a year) before ``today``, and the
    undated ones (separately)."""
    cutoff = stale_cutoff(today, max_age_days)
    stale: list[StaleEntry] = []
    undated: list[str] = []
    for record in records:
        verified_on = parse_source_date(record.source_date)
        if verified_on is None:
            undated.append(record.name)
        elif verified_on < cutoff:
            age = (today - verified_on).days
            stale.append(StaleEntry(record.name, record.source_date, verified_on, age))
    stale.sort(key=lambda entry: entry.verified_on)
    return StaleReport(today, cutoff, tuple(stale), tuple(undated))
