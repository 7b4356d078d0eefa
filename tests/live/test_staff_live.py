"""The story tester against the running bot and the real ``rasa test core``: a conversation
recorded over REST and read back from the stack's tracker store is saved as a test story,
and the trained model passes it (and fails its deliberately wrong twin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.events import EventReader, rest_sender
from bot.staff.stories import new_sender_id, record_turn, save_story
from bot.staff.story_runs import StoryRunner

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "lotse.tar.gz"
pytestmark = pytest.mark.stack


def test_a_recorded_story_runs_in_rasa_test_core(stack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader = EventReader(stack.database_url)
    send = rest_sender(stack.rasa_url)
    sender = new_sender_id()
    turns = [record_turn(send, reader, sender, text) for text in ("hallo", "was ist die imag")]
    reader.close()
    assert turns[0].intent == "greet" and "utter_greet" in turns[0].actions
    assert turns[1].intent == "imag" and turns[1].answer_key and turns[1].confidence
    stories = tmp_path / "stories"
    stories.mkdir()
    for turn in turns:
        turn.right = True
    save_story("Konsole: Begrüßung und IMAG", turns, stories / "test_console.yml")
    wrong = [turns[0]]
    wrong[0].right = False
    wrong[0].expected_intent, wrong[0].expected_actions = "greet", ["utter_goodbye"]
    save_story("Konsole: absichtlich falsch", wrong, stories / "test_console.yml")
    runner = StoryRunner(tmp_path / "state", stories_dir=stories, model=MODEL)
    runner.start("test")
    run = runner.wait(timeout=900)
    assert run is not None and run.state == "done", run
    results = {r.story: r for r in run.results}
    assert results["Konsole: Begrüßung und IMAG"].passed
    assert not results["Konsole: absichtlich falsch"].passed
    assert any(
        "utter_goodbye" in step for step in results["Konsole: absichtlich falsch"].wrong_steps
    )
