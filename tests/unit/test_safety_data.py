"""The training data of the danger classifier (data/safety): well formed, every kind covered,
and none of the blind test messages in it (the blind sets stay an honest measure)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.safety.classifier import LABELS
from bot.safety.training import SAFETY_DATA, load_training_data

BLIND = Path(__file__).resolve().parents[1] / "safety" / "blind"


def _blind_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(BLIND.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data.get("cases") or []:
            texts.append(case["text"])
        for conversation in data.get("conversations") or []:
            texts.extend(conversation["turns"])
    return texts


def test_every_kind_has_examples_and_windows() -> None:
    units = load_training_data().units
    singles = Counter(u.label for u in units if not u.window)
    windows = Counter(u.label for u in units if u.window)
    for label in LABELS:
        assert singles[label] >= 100, (label, singles[label])
        assert windows[label] >= 20, (label, windows[label])


def test_no_blind_message_is_in_the_training_data() -> None:
    # Short turns ("ok danke") may coincide; a copied message is longer.
    blind = [t.lower() for t in _blind_texts() if len(t) >= 30]
    assert len(blind) > 500
    copies = []
    for unit in load_training_data(nlu_dir=None).units:
        for turn in (t for t in unit.turns if len(t) >= 30):
            hit = process.extractOne(turn.lower(), blind, scorer=fuzz.ratio, score_cutoff=85)
            if hit:
                copies.append(f"{unit.group}: {turn!r} ~ {hit[0]!r}")
    assert not copies, "\n".join(copies)


def test_files_are_documented() -> None:
    readme = (SAFETY_DATA / "README.md").read_text("utf-8")
    for path in SAFETY_DATA.glob("*.yml"):
        assert f"`{path.name}`" in readme, path.name
