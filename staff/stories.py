"""The story tester: record a conversation with the running bot, save it as a test story,
run all test stories."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import urllib.error
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from bot.events import EventReader, rest_sender
from bot.staff.audit import record
from bot.staff.nlu_data import domain_names
from bot.staff.stories import (
    CONSOLE_STORIES,
    STORIES_DIR,
    RecordedTurn,
    StoryError,
    new_sender_id,
    record_turn,
    save_story,
)
from bot.staff.story_runs import StoryRunner
from staff.app import actor, current_account, db

bp = Blueprint("stories", __name__, url_prefix="/stories")
DRAFT_ID = re.compile(r"^[a-f0-9]{16}$")
MAX_TURNS = 30
MAX_MESSAGE_CHARS = 1000


def _drafts_dir() -> Path:
    return Path(current_app.config["STATE_DIR"]) / "drafts"


def _draft_path(draft_id: str) -> Path:
    if not DRAFT_ID.match(draft_id):
        abort(404)
    return _drafts_dir() / f"{draft_id}.json"


def _load_draft(draft_id: str) -> dict[str, Any]:
    path = _draft_path(draft_id)
    if not path.exists():
        abort(404)
    draft = json.loads(path.read_text("utf-8"))
    account = current_account()
    if account is None or draft["owner"] != account.username:
        abort(404)
    return draft


def _save_draft(draft: dict[str, Any]) -> None:
    path = _draft_path(draft["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(draft, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


def _runner() -> StoryRunner:
    config = current_app.config
    return StoryRunner(
        Path(config["STATE_DIR"]),
        stories_dir=config["STORIES_DIR"] or STORIES_DIR,
        model=Path(config["MODEL"]),
        rasa=config["RASA_BIN"],
    )


def _stories_file() -> Path:
    return Path(current_app.config["CONSOLE_STORIES"] or CONSOLE_STORIES)


def _my_drafts() -> list[dict[str, Any]]:
    account = current_account()
    drafts = []
    folder = _drafts_dir()
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        draft = json.loads(path.read_text("utf-8"))
        if account is not None and draft["owner"] == account.username:
            drafts.append(draft)
    return sorted(drafts, key=lambda d: d["created"], reverse=True)


@bp.route("/")
def index() -> Any:
    run = _runner().current()
    return render_template("stories.html", drafts=_my_drafts(), run=run)


@bp.route("/new", methods=["POST"])
def new() -> Any:
    draft = {
        "id": secrets.token_hex(8),
        "owner": actor(),
        "sender": new_sender_id(),
        "created": time.time(),
        "turns": [],
    }
    _save_draft(draft)
    return redirect(url_for("stories.draft", draft_id=draft["id"]))


@bp.route("/draft/<draft_id>")
def draft(draft_id: str) -> Any:
    data = _load_draft(draft_id)
    intents, actions, _ = domain_names()
    return render_template(
        "draft.html",
        draft=data,
        turns=[RecordedTurn.from_dict(t) for t in data["turns"]],
        intents=sorted(intents),
        actions=sorted(actions),
        error=request.args.get("error"),
    )


@bp.route("/draft/<draft_id>/send", methods=["POST"])
def send(draft_id: str) -> Any:
    data = _load_draft(draft_id)
    message = " ".join(request.form.get("message", "").split())[:MAX_MESSAGE_CHARS]
    if not message:
        flash("Bitte eine Nachricht eingeben.", "error")
    elif len(data["turns"]) >= MAX_TURNS:
        flash(f"Eine Geschichte hat höchstens {MAX_TURNS} Schritte.", "error")
    else:
        reader = EventReader(current_app.config["DATABASE_URL"])
        reader.resume(data["sender"], int(data.get("last_event_id", 0)))
        try:
            turn = record_turn(
                rest_sender(current_app.config["RASA_URL"]), reader, data["sender"], message
            )
        except (urllib.error.URLError, OSError, ValueError) as exc:
            flash(f"Lotse ist nicht erreichbar ({type(exc).__name__}). Läuft `make run`?", "error")
        else:
            data["turns"].append(turn.to_dict())
            data["last_event_id"] = reader.position(data["sender"])
            _save_draft(data)
        finally:
            reader.close()
    return redirect(url_for("stories.draft", draft_id=draft_id) + "#eingabe")


@bp.route("/draft/<draft_id>/save", methods=["POST"])
def save(draft_id: str) -> Any:
    data = _load_draft(draft_id)
    turns = [RecordedTurn.from_dict(t) for t in data["turns"]]
    for number, turn in enumerate(turns, 1):
        turn.right = request.form.get(f"right_{number}") == "on"
        turn.expected_intent = request.form.get(f"intent_{number}") or None
        turn.expected_actions = request.form.get(f"actions_{number}", "").replace(",", " ").split()
    name = request.form.get("name", "")
    try:
        save_story(name, turns, _stories_file())
    except StoryError as exc:
        data["turns"] = [t.to_dict() for t in turns]
        _save_draft(data)
        return render_template(
            "draft.html",
            draft=data,
            turns=turns,
            intents=sorted(domain_names()[0]),
            actions=sorted(domain_names()[1]),
            error=str(exc),
            name=name,
        ), 422
    with db() as db_session:
        record(db_session, actor(), "story.save", " ".join(name.split()),
               turns=len(turns), file=_stories_file().name)  # fmt: skip
    _draft_path(draft_id).unlink(missing_ok=True)
    flash(f"Geschichte gespeichert in tests/stories/{_stories_file().name}.")
    return redirect(url_for("stories.index"))


@bp.route("/draft/<draft_id>/delete", methods=["POST"])
def delete(draft_id: str) -> Any:
    _load_draft(draft_id)
    _draft_path(draft_id).unlink(missing_ok=True)
    flash("Entwurf gelöscht.")
    return redirect(url_for("stories.index"))


@bp.route("/run", methods=["POST"])
def run_all() -> Any:
    run = _runner().start(actor())
    with db() as db_session:
        record(db_session, actor(), "stories.run", state=run.state)
    return redirect(url_for("stories.run_result"))


@bp.route("/run")
def run_result() -> Any:
    return render_template("story_run.html", run=_runner().current())
