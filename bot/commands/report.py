"""Console output of validation results (English, plain text)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.load.validate import Issue, StaleReport


def print_issues(issues: Sequence[Issue], *, skip_codes: frozenset[str] = frozenset()) -> None:
    for issue in issues:
        if issue.code in skip_codes:
            continue
        print(f"{issue.severity.upper():7} {issue.record} [{issue.field}] {issue.message}")


def print_stale(report: StaleReport, max_age_days: int | None = None) -> None:
    age = f"older than {max_age_days} days, " if max_age_days else ""
    print(f"Stale ({age}dated before {report.cutoff.isoformat()}): {len(report.stale)}")
    for entry in report.stale:
        print(
            f"  {entry.verified_on.isoformat()}  {entry.name}  (source_date: {entry.source_date})"
        )
    print(f"Undated (no date in source_date, check by hand): {len(report.undated)}")
    for name in report.undated:
        print(f"  {name}")


def summary(count: int, issues: Sequence[Issue]) -> str:
    errors = sum(issue.severity == "error" for issue in issues)
    warnings = len(issues) - errors
    return f"{count} record(s): {errors} error(s), {warnings} warning(s)"
