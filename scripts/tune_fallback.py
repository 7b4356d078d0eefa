"""Tune the FallbackClassifier thresholds for the classifier's confidence scale.

    python scripts/tune_fallback.py [--folds 5]

Held-out folds of the training data (data/nlu), never the blind set: each fold is classified
by a model trained on the others, with the settings of config.yml. For every pair of
thresholds (confidence below ``threshold``, or top-two intents closer than
``ambiguity_threshold``, give ``nlu_fallback``) a message scores when it is right and kept, or
wrong and sent to the fallback (asking again beats a wrong answer). Prints the best pairs and
what each costs in right answers lost.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlp.classifier import ClassifierSettings, TextClassifier, intent_of  # noqa: E402
from scripts.eval_nlu import labelled_examples  # noqa: E402

THRESHOLDS = np.round(np.arange(0.10, 0.71, 0.05), 2)
AMBIGUITIES = (0.0, 0.02, 0.05, 0.08, 0.1)


def classifier_settings() -> ClassifierSettings:
    """The classifier's settings as config.yml gives them."""
    config = yaml.safe_load((ROOT / "config.yml").read_text("utf-8"))
    for step in config["pipeline"]:
        if step["name"].endswith("LotseIntentClassifier"):
            return ClassifierSettings(
                regularization=float(step.get("regularization", 10.0)),
                embedding_weight=float(step.get("embedding_weight", 3.0)),
            )
    return ClassifierSettings()


def held_out_predictions(folds: int) -> list[tuple[bool, float, float]]:
    """(intent right, top confidence, gap to the second intent) for every training example."""
    examples = labelled_examples(ROOT / "data" / "nlu")
    texts = [text for text, _ in examples]
    labels = [label for _, label in examples]
    settings = classifier_settings()
    rows: list[tuple[bool, float, float]] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=42)
    for train, test in splitter.split(texts, labels):
        model = TextClassifier(settings).fit([texts[i] for i in train], [labels[i] for i in train])
        for i, prediction in zip(test, model.predict([texts[i] for i in test]), strict=True):
            second = prediction.intents[1][1] if len(prediction.intents) > 1 else 0.0
            right = prediction.intent == intent_of(labels[i])
            rows.append((right, prediction.confidence, prediction.confidence - second))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = held_out_predictions(args.folds)
    right = np.array([r for r, _, _ in rows])
    confidence = np.array([c for _, c, _ in rows])
    gap = np.array([g for _, _, g in rows])
    print(f"{len(rows)} held-out messages, intent right {right.mean():.3f} without a fallback")
    scored = []
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITIES:
            kept = (confidence >= threshold) & (gap >= ambiguity)
            score = (np.sum(right & kept) + np.sum(~right & ~kept)) / len(rows)
            lost = np.sum(right & ~kept) / len(rows)
            caught = np.sum(~right & ~kept) / max(1, np.sum(~right))
            scored.append((score, threshold, ambiguity, lost, caught))
    print("| threshold | ambiguity | score | right answers lost | wrong answers caught |")
    print("| --- | --- | --- | --- | --- |")
    for score, threshold, ambiguity, lost, caught in sorted(scored, reverse=True)[:8]:
        print(f"| {threshold:.2f} | {ambiguity:.2f} | {score:.3f} | {lost:.3f} | {caught:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
