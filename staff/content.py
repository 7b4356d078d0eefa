"""Answers and referral records: view, edit (checked), collect for export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from bot.content.checks import REFERRALS
from bot.load.records import FIELDS, LIST_FIELDS, ReferralRecord
from bot.settings import PROJECT_ROOT
from bot.staff.changes import (
    CHANGES_FILE,
    ChangeError,
    current_records,
    current_responses,
    discard_change,
    load_changes,
    save_offer_edit,
    save_response_edit,
)
from bot.vocab import AUDIENCES, KINDS, PHONE_STATUSES
from staff.app import run_change

bp = Blueprint("content", __name__, url_prefix="/content")


def _changes_file() -> Path:
    return Path(current_app.config["CHANGES_FILE"] or CHANGES_FILE)


def _referrals() -> Path:
    return Path(current_app.config.get("REFERRALS_FILE") or REFERRALS)


def _root() -> Path:
    return Path(current_app.config.get("CONTENT_ROOT") or PROJECT_ROOT)


@bp.route("/")
def index() -> Any:
    query = (request.args.get("q") or "").strip().casefold()
    pending = load_changes(_changes_file())
    responses = [
        {"name": name, "preview": (variants[0].get("text", "") if variants else "")[:120],
         "pending": name in pending.responses}
        for name, variants in sorted(current_responses(_root()).items())
        if not query or query in name.casefold()
        or any(query in str(v.get("text", "")).casefold() for v in variants)
    ]  # fmt: skip
    offers = [
        {"name": r.name, "kind": r.kind, "source_date": r.source_date,
         "pending": r.name in pending.offers}
        for r in current_records(_referrals())
        if not query or query in r.name.casefold() or query in r.city.casefold()
    ]  # fmt: skip
    return render_template(
        "content.html", responses=responses, offers=offers, q=request.args.get("q", "")
    )


@bp.route("/response/<path:name>", methods=["GET", "POST"])
def response(name: str) -> Any:
    variants = current_responses(_root()).get(name)
    if variants is None:
        abort(404)
    pending = load_changes(_changes_file()).responses.get(name)
    texts = pending["texts"] if pending else [str(v.get("text", "")) for v in variants]
    problems: list[str] = []
    if request.method == "POST":
        texts = [request.form.get(f"text_{i}", "") for i in range(len(variants))]
        failed = run_change(
            lambda db_session, by: save_response_edit(
                db_session, name, texts, actor=by, path=_changes_file(), root=_root()
            ),
            ChangeError,
        )
        if failed is None:
            flash(f"Änderung an {name} gespeichert (noch nicht veröffentlicht).")
            return redirect(url_for("content.changes"))
        problems = getattr(failed, "problems", [str(failed)])
    return render_template(
        "response_edit.html",
        name=name,
        variants=variants,
        texts=texts,
        problems=problems,
        pending=pending,
    ), (422 if problems else 200)


def _record_from_form(name: str) -> ReferralRecord:
    values: dict[str, Any] = {"name": name}
    for field in FIELDS:
        if field == "name":
            continue
        raw = request.form.get(field, "")
        if field in LIST_FIELDS:
            values[field] = [line.strip() for line in raw.splitlines() if line.strip()]
        else:
            values[field] = raw.strip()
    return ReferralRecord.from_mapping(values)


@bp.route("/offer", methods=["GET", "POST"])
def offer() -> Any:
    name = request.args.get("name", "")
    records = {r.name: r for r in current_records(_referrals())}
    if name not in records:
        abort(404)
    pending = load_changes(_changes_file()).offers.get(name)
    shown = ReferralRecord.from_mapping(pending["record"]) if pending else records[name]
    problems: list[str] = []
    if request.method == "POST":
        shown = _record_from_form(name)
        failed = run_change(
            lambda db_session, by: save_offer_edit(
                db_session, shown, actor=by, path=_changes_file(), referrals=_referrals()
            ),
            ChangeError,
        )
        if failed is None:
            flash(f"Änderung an „{name}“ gespeichert (noch nicht veröffentlicht).")
            return redirect(url_for("content.changes"))
        problems = getattr(failed, "problems", [str(failed)])
    return render_template(
        "offer_edit.html",
        record=shown.to_mapping(),
        fields=[f for f in FIELDS if f != "name"],
        list_fields=LIST_FIELDS,
        kinds=KINDS,
        phone_statuses=PHONE_STATUSES,
        audiences=AUDIENCES,
        problems=problems,
        pending=pending,
    ), (422 if problems else 200)


@bp.route("/changes")
def changes() -> Any:
    pending = load_changes(_changes_file())
    return render_template("changes.html", pending=pending)


@bp.route("/changes/discard", methods=["POST"])
def discard() -> Any:
    kind, name = request.form.get("kind", ""), request.form.get("name", "")
    if kind not in ("response", "offer"):
        abort(400)
    run_change(
        lambda db_session, by: discard_change(db_session, kind, name, actor=by,
                                              path=_changes_file()),
        (),
    )  # fmt: skip
    flash("Änderung verworfen.")
    return redirect(url_for("content.changes"))
