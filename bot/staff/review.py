"""Labels of the review inbox and their export as NLU training examples.

Staff label an inbox message with an intent, an answer key ("wissen/salafismus") or "out of
scope", and may shorten or rephrase the (already redacted) text first: the example must not
contain a placeholder such as ``[NAME]`` or anything :func:`bot.privacy.contains_personal_data`
finds, because the bot would learn from it. ``export_review`` writes the accepted labels
into ``data/nlu/review.yml`` (Rasa's NLU YAML), merged with what the file already holds; the
usual checks of ``make test`` (``rasa data validate``, tests/unit/test_dialogue_nlu_data.py,
tests/unit/test_review_data.py) then judge the change before it is committed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ReviewLabel
from bot.privacy import PLACEHOLDERS, contains_personal_data
from bot.staff.audit import record
from bot.staff.inbox import ReviewItem
from bot.staff.nlu_data import (
    OUT_OF_SCOPE,
    REVIEW_FILE,
    Vocabulary,
    nlu_examples,
    normalise,
    protected_examples,
    training_examples,
    vocabulary,
)

MAX_EXAMPLE_CHARS = 300
_MARKUP = re.compile(r"[\[\]{}]")
REVIEW_HEADER = """\
# Examples from the staff console's review inbox: messages Lotse did not understand, labelled
# by staff (redacted, checked for personal data). Written by `make review-export`
# (lotse staff export-review); edit in the console, not here.
"""


class LabelError(ValueError):
    """A label that cannot be accepted; the message says why (German, for staff)."""


def example_problem(text: str) -> str | None:
    """Why ``text`` cannot be a training example, or None."""
    if not text.strip():
        return "Das Beispiel ist leer."
    if len(text) > MAX_EXAMPLE_CHARS:
        return f"Das Beispiel ist länger als {MAX_EXAMPLE_CHARS} Zeichen; bitte kürzen."
    if any(placeholder in text for placeholder in PLACEHOLDERS):
        return (
            "Das Beispiel enthält einen Platzhalter für geschwärzte Daten; bitte umformulieren "
            "(z. B. „mein Sohn“ statt „mein Sohn [NAME]“)."
        )
    if _MARKUP.search(text):
        return "Eckige oder geschweifte Klammern sind in Beispielen nicht erlaubt."
    if text.lstrip().startswith("/"):
        return "Ein Button-Klick ist kein Beispiel."
    if contains_personal_data(text):
        return "Das Beispiel enthält möglicherweise persönliche Daten; bitte umformulieren."
    if normalise(text) in protected_examples():
        return "Dieser Satz steht in einem Testsatz und darf kein Trainingsbeispiel werden."
    return None


def clean_example(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def accept_label(
    session: Session,
    item: ReviewItem,
    label: str,
    example: str,
    vocabulary: Vocabulary,
    *,
    actor: str,
) -> ReviewLabel:
    """Store staff's label of an inbox message (LabelError if it cannot be accepted)."""
    kind = vocabulary.kind_of(label)
    if kind is None:
        raise LabelError(f"Unbekannte Absicht oder Antwort: {label}")
    example = clean_example(example)
    if problem := example_problem(example):
        raise LabelError(problem)
    if session.execute(select(ReviewLabel.id).where(ReviewLabel.event_id == item.event_id)).first():
        raise LabelError("Diese Nachricht ist schon zugeordnet.")
    row = ReviewLabel(
        event_id=item.event_id,
        message_at=item.timestamp,
        example=example,
        kind=kind,
        label=label,
        guess=item.guess.label,
        labelled_by=actor,
        labelled_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
    )
    session.add(row)
    session.flush()
    record(session, actor, "review.label", f"event {item.event_id}", label=label, kind=kind)
    return row


def dismiss_item(session: Session, item: ReviewItem, *, actor: str) -> ReviewLabel:
    """Take a message out of the inbox without teaching anything (noise, a test, gibberish)."""
    if session.execute(select(ReviewLabel.id).where(ReviewLabel.event_id == item.event_id)).first():
        raise LabelError("Diese Nachricht ist schon zugeordnet.")
    row = ReviewLabel(
        event_id=item.event_id,
        message_at=item.timestamp,
        example="",
        kind="dismissed",
        label="",
        guess=item.guess.label,
        labelled_by=actor,
        labelled_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
    )
    session.add(row)
    session.flush()
    record(session, actor, "review.dismiss", f"event {item.event_id}")
    return row


def withdraw_label(session: Session, label_id: int, *, actor: str) -> None:
    """Remove a label that is not exported yet (the message returns to the inbox)."""
    row = session.get(ReviewLabel, label_id)
    if row is None or row.kind == "dismissed":
        raise LabelError("Unbekannte Zuordnung.")
    if row.exported_at is not None:
        raise LabelError("Schon exportiert: bitte in data/nlu/review.yml ändern.")
    session.delete(row)
    record(session, actor, "review.withdraw", f"event {row.event_id}", label=row.label)


def labels(session: Session, *, pending_only: bool = False) -> list[ReviewLabel]:
    """The labels that teach something (not the dismissed messages), newest first."""
    query = (
        select(ReviewLabel)
        .where(ReviewLabel.kind != "dismissed")
        .order_by(ReviewLabel.labelled_at.desc(), ReviewLabel.id.desc())
    )
    if pending_only:
        query = query.where(ReviewLabel.exported_at.is_(None))
    return list(session.execute(query).scalars())


def _intent_of(row: ReviewLabel) -> str:
    return OUT_OF_SCOPE if row.kind == "out_of_scope" else row.label


@dataclass
class ExportReport:
    written: list[ReviewLabel] = field(default_factory=list)
    already_present: list[ReviewLabel] = field(default_factory=list)
    refused: list[tuple[ReviewLabel, str]] = field(default_factory=list)
    path: Path = REVIEW_FILE

    @property
    def changed(self) -> bool:
        return bool(self.written)


def render_review_file(examples: dict[str, list[str]]) -> str:
    """NLU YAML of ``examples`` (intent -> texts), intents and texts sorted for stable diffs."""
    lines = [REVIEW_HEADER.rstrip("\n"), 'version: "3.1"', "nlu:"]
    for intent in sorted(examples):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines += [f"    - {text}" for text in sorted(set(examples[intent]), key=str.casefold)]
    return "\n".join(lines) + "\n"


def planned_review_file(
    rows: list[ReviewLabel], path: Path = REVIEW_FILE
) -> tuple[str, ExportReport]:
    """The review file with ``rows`` merged in, and what happened to each row."""
    current: dict[str, list[str]] = defaultdict(list)
    if path.exists():
        for intent, text in nlu_examples(path):
            current[intent].append(text)
    in_file = {normalise(t): intent for intent, texts in current.items() for t in texts}
    elsewhere = training_examples(exclude=path)
    report = ExportReport(path=path)
    for row in rows:
        intent, key = _intent_of(row), normalise(row.example)
        others = (elsewhere.get(key, set()) | {in_file.get(key)}) - {None, intent}
        if problem := example_problem(row.example):
            report.refused.append((row, problem))
        elif others:
            names = ", ".join(sorted(str(o) for o in others))
            report.refused.append((row, f"steht schon unter einer anderen Absicht ({names})"))
        elif key in in_file or intent in elsewhere.get(key, set()):
            report.already_present.append(row)
        else:
            current[intent].append(row.example)
            in_file[key] = intent
            report.written.append(row)
    return render_review_file(current), report


def export_review(session: Session, path: Path = REVIEW_FILE, *, actor: str) -> ExportReport:
    """Write the pending labels into the review file and mark them exported."""
    rows = sorted(labels(session, pending_only=True), key=lambda row: row.id)
    text, report = planned_review_file(rows, path)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if report.written:
        yaml.safe_load(text)  # raises before writing a file Rasa could not read
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for row in report.written + report.already_present:
        row.exported_at = now
    record(
        session,
        actor,
        "review.export",
        str(path.name),
        written=len(report.written),
        already_present=len(report.already_present),
        refused=len(report.refused),
    )
    return report


def review_file_problems(path: Path = REVIEW_FILE, vocab: Vocabulary | None = None) -> list[str]:
    """What is wrong with the review file (empty when it is fine or absent): unknown labels,
    examples with placeholders or personal data, messages of the test sets."""
    if not path.exists():
        return []
    vocab = vocab or vocabulary()
    problems = []
    for intent, text in nlu_examples(path):
        if vocab.kind_of(intent) is None:
            problems.append(f"{intent}: unknown intent or answer key ({text!r})")
        if problem := example_problem(text):
            problems.append(f"{intent}: {text!r}: {problem}")
    return problems
