"""data/nlu/review.yml (written by `make review-export` from the staff console's labels):
every label is an intent or answer key of the domain, no example holds a redaction
placeholder or personal data, none is a message of the test or blind sets. Duplicates across
intents and overlap with the held-out sets are checked for all NLU files by
tests/unit/test_dialogue_nlu_data.py."""

from __future__ import annotations

from pathlib import Path

from bot.staff.nlu_data import REVIEW_FILE
from bot.staff.review import render_review_file, review_file_problems


def test_the_review_file_holds_only_clean_examples_of_known_labels() -> None:
    assert review_file_problems(REVIEW_FILE) == []


def test_the_check_finds_what_must_not_be_in_the_review_file(tmp_path: Path) -> None:
    broken = tmp_path / "review.yml"
    broken.write_text(
        render_review_file(
            {
                "gibt_es_nicht": ["eine ganz normale frage zum thema"],
                "greet": ["hallo [NAME]", "meine nummer ist 0176 5550123"],
                "out_of_scope": ["wie wird das wetter am wochenende in der eifel"],
            }
        ),
        "utf-8",
    )
    problems = review_file_problems(broken)
    assert len(problems) == 3, problems
    assert any("gibt_es_nicht" in p for p in problems)
    assert any("[NAME]" in p for p in problems)
    assert any("0176" in p for p in problems)
