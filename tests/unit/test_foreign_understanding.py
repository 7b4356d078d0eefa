"""The model of the other languages (bot/language/understanding.py, issue 19): its data, its
labels, its fingerprint, and what it reads in messages nobody wrote into its data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.language.understanding import (
    LABELS,
    LANGUAGES,
    OTHER_LANGUAGE,
    Example,
    ForeignGuess,
    ForeignUnderstanding,
    example_files,
    fingerprint,
    load_examples,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "languages"
BLIND = ROOT / "tests" / "blind" / "languages"
MIN_PER_LABEL = 8


def test_every_language_has_examples_for_every_label() -> None:
    files = example_files(DATA)
    assert sorted(path.stem for path in files) == sorted(LANGUAGES)
    examples = load_examples(files)
    for language in LANGUAGES:
        mine = [e for e in examples if e.language == language]
        per_label = Counter(e.label for e in mine)
        thin = {label: per_label[label] for label in LABELS if per_label[label] < MIN_PER_LABEL}
        assert not thin, (language, thin)
        short = sum(len(e.text.split()) <= 3 for e in mine)
        assert short >= len(mine) / 4, (language, short, len(mine))


def test_no_example_is_written_twice_under_two_labels() -> None:
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for example in load_examples(example_files(DATA)):
        key = (example.language, example.text.casefold().strip(" .!?"))
        if key in seen and seen[key] != example.label:
            clashes.append(f"{key}: {seen[key]} / {example.label}")
        seen[key] = example.label
    assert not clashes, "\n".join(clashes)


def test_no_blind_message_is_in_the_examples() -> None:
    """The blind language sets stay a measure: no example copies one of their messages."""
    blind: list[str] = []
    for path in sorted(BLIND.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        blind += [case["text"].lower() for case in data.get("cases") or []]
        for conversation in data.get("conversations") or []:
            blind += [turn["text"].lower() for turn in conversation["turns"]]
    blind = [text for text in blind if len(text) >= 40]
    assert len(blind) > 100
    copies = []
    for example in load_examples(example_files(DATA)):
        text = example.text.lower()
        if len(text) < 40:
            continue
        hit = process.extractOne(text, blind, scorer=fuzz.ratio, score_cutoff=90)
        if hit:
            copies.append(f"{text!r} ~ {hit[0]!r}")
    assert not copies, "\n".join(copies)


def test_a_label_names_the_intent_and_its_answer_or_audience() -> None:
    assert ForeignGuess.from_label("greet", 0.9) == ForeignGuess("greet", 0.9)
    assert ForeignGuess.from_label("vertrauen/kosten", 0.8) == ForeignGuess(
        "vertrauen", 0.8, response_key="vertrauen/kosten"
    )
    assert ForeignGuess.from_label("inform_audience/teachers", 0.7) == ForeignGuess(
        "inform_audience", 0.7, audience="teachers"
    )


def test_unknown_labels_and_languages_are_errors(tmp_path: Path) -> None:
    typo = tmp_path / "en.yml"
    typo.write_text("language: en\nlabels:\n  vertrauen/kostn: ['is it free']\n", "utf-8")
    with pytest.raises(ValueError, match="unknown label"):
        load_examples([typo])
    french = tmp_path / "fr.yml"
    french.write_text("language: fr\nlabels:\n  greet: ['bonjour']\n", "utf-8")
    with pytest.raises(ValueError, match="language"):
        load_examples([french])


def test_the_fingerprint_follows_the_files(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("language: en\nlabels:\n  greet: ['hello']\n", "utf-8")
    before = fingerprint([path])
    assert fingerprint([path]) == before
    path.write_text("language: en\nlabels:\n  greet: ['hello', 'hi']\n", "utf-8")
    assert fingerprint([path]) != before


@pytest.fixture(scope="module")
def understanding() -> ForeignUnderstanding:
    return ForeignUnderstanding().fit(load_examples(example_files(DATA)))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("good evening to you", "greet"),
        ("do we have to pay for the advice sessions", "vertrauen/kosten"),
        ("bu görüşmeler için para ödemem gerekiyor mu", "vertrauen/kosten"),
        ("هل سيعرف أحد في المدرسة بما أقوله لكم", "vertrauen/behoerden"),
        ("что вы делаете с моими сообщениями в этом чате", "ask_privacy"),
        ("мій син останнім часом грубить сестрам і називає нас невірними", "express_worry"),
        ("what will the weather be like in Essen tomorrow", OTHER_LANGUAGE),
    ],
)
def test_the_model_reads_messages_not_in_its_data(
    understanding: ForeignUnderstanding, text: str, label: str
) -> None:
    examples = {e.text.casefold() for e in load_examples(example_files(DATA))}
    assert text.casefold() not in examples
    guess = understanding.guess([text])[0]
    assert (guess.response_key or guess.intent) == label, guess


def test_an_untrained_model_says_other_language() -> None:
    assert ForeignUnderstanding().guess(["hello"]) == [ForeignGuess(OTHER_LANGUAGE, 0.0)]


def test_examples_are_plain_text() -> None:
    for example in load_examples(example_files(DATA)):
        assert isinstance(example, Example)
        assert "\n" not in example.text and len(example.text) < 600, example
