"""The review inbox (which messages, grouped how, the bot's guess) and the labels' export to
data/nlu format, with the checks that keep personal data and test-set messages out."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.db.session import get_engine, session_scope, upgrade_schema
from bot.staff.inbox import find_item, group_items, inbox, review_items
from bot.staff.nlu_data import nlu_examples, protected_examples, training_examples, vocabulary
from bot.staff.review import (
    LabelError,
    accept_label,
    dismiss_item,
    example_problem,
    export_review,
    labels,
    withdraw_label,
)
from tests.staff.helpers import Turn, csrf_token, store_conversations

REPO = Path(__file__).resolve().parents[2]
FALLBACK = ("action_nlu_fallback",)


def _fallback(text: str, guess: str = "help", confidence: float = 0.3) -> Turn:
    return Turn(text, "nlu_fallback", confidence, FALLBACK, ranking=((guess, confidence),))


@pytest.fixture
def stored(db_url: str) -> str:
    upgrade_schema(db_url)
    now = time.time()
    store_conversations(
        db_url,
        {
            "a": [
                _fallback("wie lange dauert eine beratung ungefähr", "ask_referral", 0.31),
                Turn("Beratung in Velbert", "ask_referral", 0.97, ("referral_form",)),
                Turn('/inform_audience{"audience": "relatives"}', "inform_audience", 0.2),
            ],
            "b": [
                Turn(
                    "was macht die imag genau",
                    "imag",
                    0.52,
                    ("utter_imag",),
                    answer_key="imag/aufgaben",
                )
            ],
            "c": [
                Turn(
                    "hello do you speak english",
                    "other_language",
                    1.0,
                    ("action_handle_other_language",),
                ),
                Turn("ich will mich umbringen", "emergency", 0.2, ("action_emergency",)),
            ],
            "d": [
                Turn(
                    "wo finde ich hilfe für meinen bruder",
                    "express_worry",
                    0.9,
                    ("utter_worry_first",),
                ),
                Turn(
                    "wo finde ich hilfe für meinen bruder?",
                    "express_worry",
                    0.9,
                    ("utter_worry_first",),
                ),
                Turn("wetter morgen", "out_of_scope", 0.4, ("action_default_fallback",)),
            ],
            "e": [_fallback("wie lange dauert so eine beratung denn", "ask_referral", 0.28)],
        },
        start=now - 3600,
    )
    return db_url


def test_the_inbox_holds_what_the_bot_did_not_understand(stored: str) -> None:
    items = {item.text: item for item in review_items(get_engine(stored))}
    assert set(items) == {
        "wie lange dauert eine beratung ungefähr",
        "was macht die imag genau",
        "hello do you speak english",
        "wo finde ich hilfe für meinen bruder?",
        "wetter morgen",
        "wie lange dauert so eine beratung denn",
    }
    assert items["wie lange dauert eine beratung ungefähr"].reasons == ("fallback",)
    assert items["was macht die imag genau"].reasons == ("low_confidence",)
    assert items["hello do you speak english"].reasons == ("other_language",)
    assert items["wo finde ich hilfe für meinen bruder?"].reasons == ("repeated",)
    assert items["wetter morgen"].reasons == ("fallback",)  # Rasa's core fallback


def test_the_guess_is_the_best_real_intent_and_the_answer_key(stored: str) -> None:
    items = {item.text: item for item in review_items(get_engine(stored))}
    fallback = items["wie lange dauert eine beratung ungefähr"].guess
    assert (fallback.intent, fallback.confidence, fallback.label) == (
        "ask_referral",
        0.31,
        "ask_referral",
    )
    imag = items["was macht die imag genau"].guess
    assert (imag.intent, imag.answer_key, imag.label) == ("imag", "imag/aufgaben", "imag/aufgaben")


def test_similar_wording_is_grouped_newest_group_first(stored: str) -> None:
    groups = group_items(review_items(get_engine(stored)))
    sizes = {group.head.text: len(group.items) for group in groups}
    assert sizes["wie lange dauert so eine beratung denn"] == 2  # e is newer than a
    assert len(groups) == 5
    newest = [group.newest for group in groups]
    assert newest == sorted(newest, reverse=True)


def test_a_label_takes_the_message_out_of_the_inbox_and_withdrawing_returns_it(
    stored: str,
) -> None:
    engine = get_engine(stored)
    item = next(i for i in review_items(engine) if i.text == "wetter morgen")
    with session_scope(stored) as session:
        row = accept_label(session, item, "out_of_scope", item.text, vocabulary(), actor="anna")
        label_id = row.id
    with session_scope(stored) as session:
        texts = [i.text for g in inbox(engine, session) for i in g.items]
        assert "wetter morgen" not in texts
        with pytest.raises(LabelError):
            accept_label(session, item, "out_of_scope", item.text, vocabulary(), actor="anna")
        withdraw_label(session, label_id, actor="anna")
    with session_scope(stored) as session:
        assert "wetter morgen" in [i.text for g in inbox(engine, session) for i in g.items]
        dismiss_item(session, item, actor="anna")
        assert labels(session) == []  # a dismissed message teaches nothing
    assert find_item(engine, item.event_id) == item


@pytest.mark.parametrize(
    ("example", "reason"),
    [
        ("mein Sohn [NAME] ist komisch", "Platzhalter"),
        ("ruf mich an unter 0176 5550123", "persönliche Daten"),
        ("schreib an anna.test@example.org", "persönliche Daten"),
        ("", "leer"),
        ("/inform_audience", "Button"),
        ("[Köln](place)", "Klammern"),
    ],
)
def test_examples_with_personal_data_or_markup_are_refused(example: str, reason: str) -> None:
    problem = example_problem(example)
    assert problem is not None and reason in problem


def test_messages_of_the_test_and_blind_sets_never_become_examples() -> None:
    protected = protected_examples()
    assert len(protected) > 1000  # the test split, held-out sets and blind sets are read
    some_test_message = next(text for _, text in nlu_examples(REPO / "tests/nlu/test_split.yml"))
    problem = example_problem(some_test_message)
    assert problem is not None and "Testsatz" in problem


def test_unknown_labels_are_refused(stored: str) -> None:
    item = review_items(get_engine(stored))[0]
    with session_scope(stored) as session, pytest.raises(LabelError, match="Unbekannte"):
        accept_label(session, item, "wissen/gibt_es_nicht", "eine frage", vocabulary(), actor="a")


def test_the_vocabulary_offers_intents_and_answer_keys_but_no_rule_intents() -> None:
    vocab = vocabulary()
    assert "greet" in vocab.intents and "express_worry" in vocab.intents
    assert not {"emergency", "bad_input", "nlu_fallback", "wissen"} & set(vocab.intents)
    assert any(key.startswith("wissen/") for key in vocab.answer_keys)
    assert vocab.kind_of("out_of_scope") == "out_of_scope"


def test_export_writes_the_labels_as_nlu_examples_merged_and_idempotent(
    stored: str, tmp_path: Path
) -> None:
    engine = get_engine(stored)
    target = tmp_path / "review.yml"
    by_text = {item.text: item for item in review_items(engine)}
    vocab = vocabulary()
    answer_key = vocab.answer_keys[0]
    with session_scope(stored) as session:
        accept_label(session, by_text["wetter morgen"], "out_of_scope",
                     "wie wird das wetter morgen in der eifel", vocab, actor="anna")  # fmt: skip
        accept_label(session, by_text["was macht die imag genau"], answer_key,
                     "was macht die imag genau", vocab, actor="anna")  # fmt: skip
        report = export_review(session, target, actor="anna")
    assert len(report.written) == 2 and not report.refused
    examples = set(nlu_examples(target))
    assert ("out_of_scope", "wie wird das wetter morgen in der eifel") in examples
    assert (answer_key, "was macht die imag genau") in examples
    first = target.read_text("utf-8")
    with session_scope(stored) as session:
        assert labels(session, pending_only=True) == []
        again = export_review(session, target, actor="anna")
    assert not again.written and target.read_text("utf-8") == first


def test_export_refuses_an_example_that_the_data_has_under_another_intent(
    stored: str, tmp_path: Path
) -> None:
    intent, text = next(
        (intent, text)
        for intent, text in nlu_examples(REPO / "data/nlu/general.yml")
        if example_problem(text) is None
    )
    other = "thank" if intent != "thank" else "greet"
    item = review_items(get_engine(stored))[0]
    with session_scope(stored) as session:
        accept_label(session, item, other, text, vocabulary(), actor="anna")
        report = export_review(session, tmp_path / "review.yml", actor="anna")
    assert report.refused and intent in report.refused[0][1]
    assert not (tmp_path / "review.yml").exists()


def test_export_through_the_cli_and_rasa_reads_the_file(stored: str, tmp_path: Path) -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    item = next(i for i in review_items(get_engine(stored)) if i.text == "wetter morgen")
    with session_scope(stored) as session:
        accept_label(session, item, "out_of_scope", "wetter morgen früh", vocabulary(), actor="a")
    target = tmp_path / "review.yml"
    lotse = str(Path(sys.executable).parent / "lotse")
    done = subprocess.run(
        [lotse, "--database-url", stored, "staff", "export-review", "--out", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = load_data(str(target))
    assert [(e.get("intent"), e.get("text")) for e in data.intent_examples] == [
        ("out_of_scope", "wetter morgen früh")
    ]
    assert training_examples()  # the project's own data is readable by the same reader


def test_labelling_in_the_console(editor: Any, db_url: str) -> None:
    store_conversations(db_url, {"x": [_fallback("kann man da anonym anrufen", "ask_privacy")]})
    page = editor.get("/review/")
    assert "kann man da anonym anrufen" in page.text and "ask_privacy" in page.text
    event_id = int(page.text.split("/review/message/")[1].split('"')[0])
    form = editor.get(f"/review/message/{event_id}")
    response = editor.post(
        f"/review/message/{event_id}",
        data={"csrf_token": csrf_token(form.text), "label": "ask_privacy",
              "example": "kann man da anonym anrufen"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "kann man da anonym anrufen" not in editor.get("/review/").text
    preview = editor.get("/review/export").text
    assert "- intent: ask_privacy" in preview and "- kann man da anonym anrufen" in preview
    assert yaml.safe_load(
        preview.split("<pre")[1].split(">", 1)[1].split("</pre>")[0].replace("&#34;", '"')
    )
