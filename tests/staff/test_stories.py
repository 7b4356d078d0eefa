"""The story tester: turns read back from the stored events, saved as Rasa test stories that
Rasa reads and that fit the domain; the result of ``rasa test core`` per story."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from bot.events import EventReader
from bot.staff.stories import (
    RecordedTurn,
    StoryError,
    new_sender_id,
    record_turn,
    save_story,
    story_names,
)
from bot.staff.story_runs import StoryRunner, parse_results, rasa_command, wrong_steps
from tests.staff.helpers import STORY_SCRIPT, ScriptedBot, csrf_token

REPO = Path(__file__).resolve().parents[2]


def _record(db_url: str, *messages: str) -> list[RecordedTurn]:
    bot = ScriptedBot(db_url, STORY_SCRIPT)
    reader = EventReader(db_url)
    sender = new_sender_id()
    try:
        return [record_turn(bot.send, reader, sender, text) for text in messages]
    finally:
        reader.close()


def test_each_turn_shows_intent_confidence_answer_key_and_actions(db_url: str) -> None:
    hello, imag, referral = _record(db_url, "hallo", "was ist die imag", "Beratung in Bochum")
    assert (hello.intent, hello.confidence, hello.actions) == ("greet", 0.98, ["utter_greet"])
    assert hello.replies == ["Antwort auf: hallo"]
    assert (imag.intent, imag.answer_key, imag.actions) == ("imag", "imag/was_ist", ["utter_imag"])
    assert referral.steps == [
        {"user": "Beratung in Bochum", "intent": "ask_referral"},
        {"action": "referral_form"},
        {"active_loop": "referral_form"},
        {"slot_was_set": [{"place": "Bochum"}]},
        {"slot_was_set": [{"requested_slot": "audience"}]},
    ]


def test_a_saved_story_is_read_by_rasa_and_fits_the_domain(db_url: str, tmp_path: Path) -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    turns = _record(db_url, "hallo", "was ist die imag", "Beratung in Bochum", "unsinn xyz")
    for turn in turns[:3]:
        turn.right = True
    turns[3].expected_intent = "out_of_scope"
    turns[3].expected_actions = ["utter_out_of_scope"]
    target = tmp_path / "test_console.yml"
    save_story("Begrüßung, IMAG und Beratung", turns, target)
    save_story("nur hallo", turns[:1], target)
    domain = Domain.load([str(REPO / "domain.yml"), str(REPO / "data/responses")])
    steps = YAMLStoryReader(domain).read_from_file(str(target))
    assert [s.block_name for s in steps] == ["Begrüßung, IMAG und Beratung", "nur hallo"]
    names = [
        e.intent_name if hasattr(e, "intent_name") else getattr(e, "action_name", None)
        for e in steps[0].events
    ]
    assert names[:4] == ["greet", "utter_greet", "imag", "utter_imag"]
    assert names[-2:] == ["out_of_scope", "utter_out_of_scope"]  # the correction
    assert story_names(tmp_path) == {
        "Begrüßung, IMAG und Beratung": "test_console.yml",
        "nur hallo": "test_console.yml",
    }


def test_a_story_needs_every_turn_judged_and_a_new_name(db_url: str, tmp_path: Path) -> None:
    turns = _record(db_url, "hallo")
    target = tmp_path / "test_console.yml"
    with pytest.raises(StoryError, match="richtig"):
        save_story("ungeprüft", turns, target)
    turns[0].expected_intent, turns[0].expected_actions = "greet", ["utter_gibt_es_nicht"]
    with pytest.raises(StoryError, match="unbekannte Aktion"):
        save_story("falsche Aktion", turns, target)
    turns[0].right = True
    save_story("einmal", turns, target)
    with pytest.raises(StoryError, match="gibt es schon"):
        save_story("einmal", turns, target)
    with pytest.raises(StoryError, match="Name"):
        save_story("x", turns, target)


FAILED = textwrap.dedent(
    """\
    version: "3.1"
    stories:
    - story: nur hallo (./tests/stories/test_console.yml)
      steps:
      - intent: greet
      - action: utter_menu  # predicted: utter_greet
    """
)


def test_rasa_results_per_story(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "test_a.yml").write_text(
        'version: "3.1"\nstories:\n- story: nur hallo\n  steps: []\n'
        "- story: zweite\n  steps: []\n- story: dritte\n  steps: []\n",
        "utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "failed_test_stories.yml").write_text(FAILED, "utf-8")
    (out / "successful_test_stories.yml").write_text(
        'version: "3.1"\nstories:\n- story: zweite (./tests/stories/test_a.yml)\n  steps: []\n',
        "utf-8",
    )
    assert wrong_steps(out / "failed_test_stories.yml") == {
        "nur hallo (./tests/stories/test_console.yml)": [
            "action: utter_menu (vorhergesagt: utter_greet)"
        ]
    }
    results = {r.story: r for r in parse_results(out, stories)}
    assert results["zweite"].passed
    assert not results["nur hallo"].passed
    assert results["nur hallo"].wrong_steps == ["action: utter_menu (vorhergesagt: utter_greet)"]
    assert not results["dritte"].passed  # reported nowhere: not tested counts as failed
    command = rasa_command(out, stories_dir=stories, model=Path("m.tar.gz"), rasa="rasa")
    assert command[:3] == ["rasa", "test", "core"] and "--successes" in command


def test_run_without_a_model_says_so(tmp_path: Path) -> None:
    runner = StoryRunner(tmp_path, stories_dir=tmp_path, model=tmp_path / "missing.tar.gz")
    run = runner.start("anna")
    assert run.state == "failed" and "make train" in run.message
    assert runner.current() == run


def test_recording_and_saving_in_the_console(
    editor: Any, app: Any, db_url: str, config: dict[str, Any]
) -> None:
    url, server = ScriptedBot(db_url, STORY_SCRIPT).serve()
    app.config["RASA_URL"] = url
    try:
        start = editor.post(
            "/stories/new", data={"csrf_token": csrf_token(editor.get("/stories/").text)}
        )
        draft = start.headers["Location"]
        for message in ("hallo", "was ist die imag"):
            page = editor.get(draft)
            editor.post(
                f"{draft}/send", data={"csrf_token": csrf_token(page.text), "message": message}
            )
        page = editor.get(draft)
    finally:
        server.shutdown()
    assert "imag/was_ist" in page.text and "utter_greet" in page.text and "95 %" in page.text
    token = csrf_token(page.text)
    refused = editor.post(
        f"{draft}/save", data={"csrf_token": token, "name": "IMAG", "right_1": "on"}
    )
    assert refused.status_code == 422 and "Schritt 2" in refused.text
    saved = editor.post(
        f"{draft}/save",
        data={"csrf_token": token, "name": "IMAG", "right_1": "on", "right_2": "on"},
    )
    assert saved.status_code == 302
    assert "story: IMAG" in config["CONSOLE_STORIES"].read_text("utf-8")
    assert editor.get(draft).status_code == 404  # the draft is gone
