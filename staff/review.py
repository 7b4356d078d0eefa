"""The review inbox: label what Lotse did not understand; preview the export."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from bot.staff.inbox import REASON_TITLES, find_item, inbox
from bot.staff.nlu_data import REVIEW_FILE, vocabulary
from bot.staff.review import (
    LabelError,
    accept_label,
    dismiss_item,
    labels,
    planned_review_file,
    withdraw_label,
)
from staff.app import db, engine, flash_change, run_change

bp = Blueprint("review", __name__, url_prefix="/review")
PERIODS = (7, 30, 90)


def _review_file() -> Any:
    return current_app.config["REVIEW_FILE"] or REVIEW_FILE


@bp.route("/")
def index() -> Any:
    days = request.args.get("days", type=int) or 30
    if days not in PERIODS:
        days = 30
    reason = request.args.get("reason") or ""
    with db() as db_session:
        groups = inbox(engine(), db_session, days=days)
    if reason in REASON_TITLES:
        groups = [g for g in groups if any(reason in item.reasons for item in g.items)]
    return render_template(
        "review.html",
        groups=groups,
        days=days,
        periods=PERIODS,
        reason=reason,
        reasons=REASON_TITLES,
    )


@bp.route("/message/<int:event_id>", methods=["GET", "POST"])
def label(event_id: int) -> Any:
    item = find_item(engine(), event_id)
    if item is None:
        abort(404)
    vocab = vocabulary()
    error = None
    example = item.text
    chosen = item.guess.label or ""
    if request.method == "POST":
        chosen = request.form.get("label", "")
        example = request.form.get("example", "")
        if request.form.get("action") == "dismiss":
            failed = run_change(lambda db_session, by: dismiss_item(db_session, item, actor=by),
                                LabelError)  # fmt: skip
            success = "Nachricht aus dem Eingang genommen."
        else:
            failed = run_change(
                lambda db_session, by: accept_label(db_session, item, chosen, example, vocab,
                                                    actor=by),
                LabelError,
            )  # fmt: skip
            success = f"Als „{chosen}“ zugeordnet."
        if failed is None:
            flash(success)
            return redirect(url_for("review.index"))
        error = str(failed)
    return render_template(
        "label.html",
        item=item,
        vocab=vocab,
        example=example,
        chosen=chosen,
        error=error,
    ), (422 if error else 200)


@bp.route("/labels")
def label_list() -> Any:
    with db() as db_session:
        rows = [
            {"id": r.id, "example": r.example, "label": r.label, "kind": r.kind,
             "guess": r.guess, "by": r.labelled_by, "at": r.labelled_at,
             "exported": r.exported_at}
            for r in labels(db_session)
        ]  # fmt: skip
    return render_template("labels.html", labels=rows)


@bp.route("/labels/<int:label_id>/withdraw", methods=["POST"])
def withdraw(label_id: int) -> Any:
    flash_change(
        lambda db_session, by: withdraw_label(db_session, label_id, actor=by),
        LabelError,
        "Zuordnung zurückgenommen; die Nachricht steht wieder im Eingang.",
    )
    return redirect(url_for("review.label_list"))


@bp.route("/export")
def export_preview() -> Any:
    with db() as db_session:
        rows = sorted(labels(db_session, pending_only=True), key=lambda row: row.id)
        text, report = planned_review_file(rows, _review_file())
        refused = [(row.example, row.label, reason) for row, reason in report.refused]
        written = len(report.written)
    return render_template(
        "export.html", text=text, refused=refused, written=written, path="data/nlu/review.yml"
    )
