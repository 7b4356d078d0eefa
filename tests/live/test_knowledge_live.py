"""Held-out knowledge questions sent through the running bot (REST): >= 95 % right answers."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.stack


def _norm(text: str) -> str:
    return " ".join(text.split())


def _response_texts() -> dict[str, str]:
    responses = yaml.safe_load((ROOT / "data/responses/knowledge.yml").read_text("utf-8"))
    return {
        _norm(variant["text"]): name.removeprefix("utter_")
        for name, variants in responses["responses"].items()
        for variant in variants
    }


def _heldout(name: str = "test_split.yml") -> list[tuple[str, str]]:
    data = yaml.safe_load((ROOT / "tests/nlu" / name).read_text("utf-8"))
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            example = line.strip().removeprefix("- ").strip()
            if example:
                pairs.append((block["intent"], example))
    return pairs


@pytest.mark.parametrize(
    ("split", "minimum"),
    [
        # Independent split (written without seeing the training data): the quality gate.
        ("test_split.yml", 0.95),
        # Development split: used to find weak spots, so no longer independent; a
        # regression check only (tests/nlu/README.md).
        ("knowledge_heldout.yml", 0.85),
    ],
)
def test_heldout_questions_get_the_right_answer(stack, split: str, minimum: float) -> None:
    texts = _response_texts()
    cases = [(key, example) for key, example in _heldout(split) if "/" in key]
    assert len(cases) >= 250
    wrong: list[str] = []
    per_key = Counter()
    for key, example in cases:
        replies = stack.send(f"heldout-{uuid.uuid4().hex}", example)
        answered = next(
            (texts[_norm(r["text"])] for r in replies if _norm(r.get("text", "")) in texts), None
        )
        per_key[key] += 1
        if answered != key:
            wrong.append(f"{example!r}: expected {key}, got {answered}")
    accuracy = 1 - len(wrong) / len(cases)
    print(f"{split}: right answer through REST {accuracy:.3f} ({len(cases)} questions)")
    assert accuracy >= minimum, f"{accuracy:.3f} < {minimum}; misses:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("opening", "followup", "expected"),
    [
        ("Was ist die IMAG?", "Und seit wann gibt es die?", "imag/seit_wann"),
        ("Worum geht es im aktuellen Podcast?", "Wer ist das?", "aktuelles/gast_steinberg"),
        (
            "Was ist das Radicalisation Awareness Network?",
            "seit wann gibt es das",
            "netzwerk/ran_gruendung",
        ),
        ("Was ist Wegweiser?", "Und seit wann gibt es das?", "angebote/wegweiser_seit_wann"),
    ],
)
def test_followups_keep_the_context(stack, opening: str, followup: str, expected: str) -> None:
    texts = _response_texts()
    sender = f"followup-{uuid.uuid4().hex}"
    stack.send(sender, opening)
    replies = stack.send(sender, followup)
    answered = [texts.get(_norm(r.get("text", ""))) for r in replies]
    assert expected in answered, answered


def test_heldout_followups_answer_from_context(stack) -> None:
    texts = _response_texts()
    cases = [
        (key, example)
        for split in ("test_split.yml", "knowledge_heldout.yml")
        for key, example in _heldout(split)
        if key.startswith("followup_")
    ]
    expected = {"followup_since_when": "imag/seit_wann", "followup_who": "imag/federfuehrung"}
    wrong = []
    for key, example in cases:
        sender = f"followup-{uuid.uuid4().hex}"
        stack.send(sender, "Was ist die IMAG?")
        answered = [texts.get(_norm(r.get("text", ""))) for r in stack.send(sender, example)]
        if expected[key] not in answered:
            wrong.append(f"{example!r} -> {answered}")
    rate = 1 - len(wrong) / len(cases)
    print(f"context-free follow-ups answered from context: {rate:.3f} ({len(cases)})")
    # Pronoun-only questions ("wer macht sowas") are genuinely ambiguous; 85 % is the floor.
    assert rate >= 0.85, "\n".join(wrong)
