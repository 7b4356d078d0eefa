"""Edits of answers and referral records made in the console: checked, collected, exported.

Nothing the console edits goes straight into production. A checked edit is written to
``var/staff/changes.yml`` (one entry per answer or offer; a later edit replaces an earlier
one). ``make staff-export`` (``lotse staff export-changes``) applies the file to the
repository's files (domain.yml / data/responses/*.yml and bot/data/referrals.yaml) with a
comment-preserving YAML round trip, so the change is reviewed and tested like any other
commit. An answer edit is checked as ``make check-content`` checks (bot/content/checks.py)
and must keep the ``{placeholders}`` and the number of variants; an offer edit as ``lotse db
check`` checks (bot/load/validate.py), and needs a source URL and a source date.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from sqlalchemy.orm import Session

from bot.content.checks import (
    REFERRALS,
    Sources,
    placeholders,
    response_files,
    response_problems,
)
from bot.load.formats import parse_yaml
from bot.load.records import ReferralRecord, parse_source_date
from bot.load.validate import validate_records
from bot.settings import PROJECT_ROOT
from bot.staff.audit import record

CHANGES_FILE = PROJECT_ROOT / "var" / "staff" / "changes.yml"
# The two indent styles of the project's YAML files (tried in turn: the one that gives the
# file back unchanged is used, so an export changes only the edited entry).
_INDENTS = ((2, 4, 2), (2, 2, 0))


class ChangeError(ValueError):
    """An edit that fails the checks; ``problems`` lists why (German/English as the checks)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


# ------------------------------------------------------------------------------- reading


def current_responses(root: Path = PROJECT_ROOT) -> dict[str, list[dict[str, Any]]]:
    """Response name -> its variants as in the repository files."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in response_files(root):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            found[name] = [v for v in variants if isinstance(v, dict)]
    return found


def current_records(path: Path = REFERRALS) -> list[ReferralRecord]:
    return parse_yaml(path.read_text("utf-8"))


@dataclass
class PendingChanges:
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    offers: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.responses) + len(self.offers)


def load_changes(path: Path = CHANGES_FILE) -> PendingChanges:
    if not path.exists():
        return PendingChanges()
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return PendingChanges(
        responses=dict(data.get("responses") or {}), offers=dict(data.get("offers") or {})
    )


def _write_changes(changes: PendingChanges, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Edits from the staff console, not yet in the repository: `make staff-export`.\n"
        + yaml.safe_dump(
            {"responses": changes.responses, "offers": changes.offers},
            allow_unicode=True,
            sort_keys=True,
            width=4096,
        )
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _stamp(actor: str) -> dict[str, str]:
    return {"by": actor, "at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


# ------------------------------------------------------------------------------ checking


def response_edit_problems(
    name: str, texts: Sequence[str], current: dict[str, list[dict[str, Any]]], sources: Sources
) -> list[str]:
    """Why an edited answer cannot be saved (empty list: it can)."""
    if name not in current:
        return [f"Unbekannte Antwort {name}."]
    variants = current[name]
    if len(texts) != len(variants):
        return [f"{name} hat {len(variants)} Variante(n), nicht {len(texts)}."]
    problems = []
    for number, (text, variant) in enumerate(zip(texts, variants, strict=True), 1):
        if not text.strip():
            problems.append(f"Variante {number} ist leer.")
        missing = placeholders(str(variant.get("text", ""))) - placeholders(text)
        added = placeholders(text) - placeholders(str(variant.get("text", "")))
        if missing:
            problems.append(
                f"Variante {number}: Platzhalter fehlen: "
                + ", ".join("{" + p + "}" for p in sorted(missing))
            )
        if added:
            problems.append(
                f"Variante {number}: unbekannte Platzhalter: "
                + ", ".join("{" + p + "}" for p in sorted(added))
            )
    problems += response_problems(name, list(texts), sources)
    return problems


def offer_edit_problems(
    edited: ReferralRecord, records: Sequence[ReferralRecord], *, today: dt.date
) -> list[str]:
    """Why an edited offer cannot be saved: every error of ``lotse db check`` for it, plus a
    source URL and a dated source (the date of the check, not in the future)."""
    if edited.name not in {r.name for r in records}:
        return [f"Unbekanntes Angebot {edited.name}."]
    merged = [edited if r.name == edited.name else r for r in records]
    problems = [
        f"{issue.field}: {issue.message}"
        for issue in validate_records(merged, today=today)
        if issue.record == edited.name and issue.severity == "error"
    ]
    if not edited.source_url.strip():
        problems.append("source_url: Quelle (URL) fehlt")
    verified = parse_source_date(edited.source_date)
    if verified is None:
        problems.append("source_date: ein Datum (JJJJ-MM-TT) der geprüften Quelle ist nötig")
    elif verified > today:
        problems.append("source_date: das Datum liegt in der Zukunft")
    return problems


# ------------------------------------------------------------------------------- saving


def save_response_edit(
    session: Session,
    name: str,
    texts: Sequence[str],
    *,
    actor: str,
    path: Path = CHANGES_FILE,
    root: Path = PROJECT_ROOT,
) -> None:
    """Check an edited answer and keep it in the changes file (ChangeError if it fails)."""
    texts = [text.strip() for text in texts]
    problems = response_edit_problems(name, texts, current_responses(root), Sources.shipped())
    if problems:
        raise ChangeError(problems)
    changes = load_changes(path)
    changes.responses[name] = {"texts": texts, **_stamp(actor)}
    _write_changes(changes, path)
    record(session, actor, "response.edit", name, variants=len(texts))


def save_offer_edit(
    session: Session,
    edited: ReferralRecord,
    *,
    actor: str,
    path: Path = CHANGES_FILE,
    referrals: Path = REFERRALS,
    today: dt.date | None = None,
) -> None:
    """Check an edited offer and keep it in the changes file (ChangeError if it fails)."""
    today = today or dt.date.today()
    problems = offer_edit_problems(edited, current_records(referrals), today=today)
    if problems:
        raise ChangeError(problems)
    changes = load_changes(path)
    changes.offers[edited.name] = {"record": edited.to_mapping(), **_stamp(actor)}
    _write_changes(changes, path)
    changed = [
        name
        for name, value in edited.to_mapping().items()
        if value != _record_by_name(referrals, edited.name).get(name)
    ]
    record(session, actor, "offer.edit", edited.name, fields=changed)


def _record_by_name(path: Path, name: str) -> dict[str, Any]:
    for r in current_records(path):
        if r.name == name:
            return r.to_mapping()
    return {}


def discard_change(
    session: Session, kind: str, name: str, *, actor: str, path: Path = CHANGES_FILE
) -> None:
    changes = load_changes(path)
    store = changes.responses if kind == "response" else changes.offers
    if store.pop(name, None) is not None:
        _write_changes(changes, path)
        record(session, actor, f"{kind}.discard", name)


# ------------------------------------------------------------------------------ export


def _round_trip_yaml(text: str) -> YAML:
    """A ruamel YAML that gives ``text`` back unchanged (ChangeError if none does)."""
    for mapping, sequence, offset in _INDENTS:
        handler = YAML()
        handler.preserve_quotes = True
        handler.width = 4096
        handler.indent(mapping=mapping, sequence=sequence, offset=offset)
        out = io.StringIO()
        handler.dump(handler.load(text), out)
        if out.getvalue() == text:
            return handler
    raise ChangeError(["Die Datei lässt sich nicht unverändert neu schreiben."])


def _styled(old: Any, text: str) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(old, LiteralScalarString) or "\n" in text:
        return LiteralScalarString(text)
    if isinstance(old, FoldedScalarString):
        return FoldedScalarString(text)
    return text


@dataclass
class ExportResult:
    responses: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    archived: Path | None = None


def export_changes(
    session: Session | None,
    *,
    actor: str,
    path: Path = CHANGES_FILE,
    root: Path = PROJECT_ROOT,
    referrals: Path = REFERRALS,
    today: dt.date | None = None,
) -> ExportResult:
    """Apply the pending edits to the repository files (checked again first) and archive the
    changes file. ChangeError (nothing written) if an edit no longer passes the checks."""
    changes = load_changes(path)
    result = ExportResult()
    problems: list[str] = []
    current = current_responses(root)
    sources = Sources.shipped()
    for name, change in changes.responses.items():
        problems += response_edit_problems(name, change["texts"], current, sources)
    records = current_records(referrals)
    edited = {n: ReferralRecord.from_mapping(c["record"]) for n, c in changes.offers.items()}
    for offer in edited.values():
        problems += offer_edit_problems(offer, records, today=today or dt.date.today())
    if problems:
        raise ChangeError(problems)
    writes: dict[Path, str] = {}
    for file in response_files(root):
        text = file.read_text("utf-8")
        handler = None
        data = None
        for name, change in changes.responses.items():
            if name not in ((yaml.safe_load(text) or {}).get("responses") or {}):
                continue
            if handler is None:
                handler = _round_trip_yaml(text)
                data = handler.load(text)
            variants = [v for v in data["responses"][name] if isinstance(v, dict)]
            for variant, new in zip(variants, change["texts"], strict=True):
                variant["text"] = _styled(variant.get("text"), new)
            result.responses.append(name)
        if handler is not None:
            out = io.StringIO()
            handler.dump(data, out)
            writes[file] = out.getvalue()
    if edited:
        text = referrals.read_text("utf-8")
        handler = _round_trip_yaml(text)
        data = handler.load(text)
        for entry in data:
            if entry.get("name") in edited:
                for key, value in edited[entry["name"]].to_mapping().items():
                    if entry.get(key) != value:
                        entry[key] = value
                result.offers.append(entry["name"])
        out = io.StringIO()
        handler.dump(data, out)
        writes[referrals] = out.getvalue()
    for text in writes.values():
        yaml.safe_load(text)  # still readable before anything is replaced
    for file, text in writes.items():
        file.write_text(text, "utf-8")
        result.files.append(file)
    if changes.count:
        applied = path.parent / "applied"
        applied.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        result.archived = applied / f"changes-{stamp}.yml"
        os.replace(path, result.archived)
    if session is not None:
        record(
            session, actor, "changes.export", "repository files",
            responses=result.responses, offers=result.offers,
        )  # fmt: skip
    return result
