"""NLU quality: the independent test split (the gate), the development sets and the blind set.

    python scripts/eval_nlu.py --gate               # evaluate models/lotse.tar.gz, gate it
    python scripts/eval_nlu.py --compare-default    # also train + evaluate Rasa's default
    python scripts/eval_nlu.py --compare-features   # LR without / with the USE embedding
    python scripts/eval_nlu.py --compare-diet       # also train + evaluate the old DIET pipeline

Writes Rasa's reports for the test split to reports/nlu/<name>/ (per-intent precision/recall/F1
as JSON, confusion matrix and confidence histogram as PNG) and reports/nlu/summary.md.

Label accuracy counts a message right when the model's label is right: the answer key for a
retrieval intent (``wissen/warnzeichen``), else the intent; a fallback is wrong. On the blind
singles (tests/blind, written by people who never saw our data) the label of each case is the
set ``tests.blind.expectations.expected_intents`` gives; cases whose label the model does not
know (e.g. a language switch) are counted apart. End-to-end success through the running bot is
``scripts/eval_blind.py``.

The gate fails when the test split's macro F1 < 0.90 or any intent's F1 < 0.75
(see docs/redaktion.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RASA = str(Path(sys.executable).parent / "rasa")
TEST_SPLIT = ROOT / "tests" / "nlu" / "test_split.yml"
DEV_SETS = {
    "knowledge_heldout": ROOT / "tests" / "nlu" / "knowledge_heldout.yml",
    "dialogue_heldout": ROOT / "tests" / "nlu" / "dialogue_heldout.yml",
}
OUT = ROOT / "reports" / "nlu"
MACRO_F1_MIN = 0.90
INTENT_F1_MIN = 0.75
_NOT_INTENTS = {"accuracy", "macro avg", "weighted avg", "micro avg"}

# (text, set of right labels)
Case = tuple[str, set[str]]
Labeller = Callable[[Sequence[str]], list[tuple[str, str]]]  # texts -> (label, intent)


def labelled_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) of a Rasa NLU file or folder; the label is the answer key or the intent."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        (m.get("text"), m.get("intent_response_key") or m.get("intent"))
        for m in data.intent_examples
        if m.get("text")
    ]


def blind_cases() -> list[Case]:
    from tests.blind import harness
    from tests.blind.expectations import expected_intents

    return [(c["text"], expected_intents(str(c["expect"]))) for c in harness.single_cases()]


def test_sets() -> dict[str, list[Case]]:
    sets = {"test_split": TEST_SPLIT, **DEV_SETS}
    named = {
        name: [(text, {label}) for text, label in labelled_examples(path)]
        for name, path in sets.items()
    }
    return {**named, "blind": blind_cases()}


def _selected_key(parsed: dict) -> str:
    """The answer key the retrieval action will answer with: Rasa fills
    ``full_retrieval_intent_name`` only for a selector keyed by the intent, ours is keyed
    ``default`` (what utter_<intent> reads too)."""
    name = parsed["intent"]["name"]
    selectors = parsed.get("response_selector") or {}
    if name not in selectors.get("all_retrieval_intents", []):
        return name
    chosen = selectors.get(name) or selectors.get("default") or {}
    return (chosen.get("response") or {}).get("intent_response_key") or name


def label_accuracy(cases: list[Case], labeller: Labeller, known: set[str]) -> dict:
    """Share of cases whose label (or intent) is among the right ones; unknown labels apart."""
    usable = [(text, right) for text, right in cases if right & known]
    predictions = labeller([text for text, _ in usable])
    hits = sum(
        label in right or intent in right
        for (label, intent), (_, right) in zip(predictions, usable, strict=True)
    )
    return {"n": len(usable), "unknown": len(cases) - len(usable), "accuracy": hits / len(usable)}


def model_labeller(model: Path) -> tuple[Labeller, set[str]]:
    """Parse texts with the trained model, as the running bot does (safety layer, fallback)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    domain = agent.domain
    known = set(domain.intents) | {
        name.removeprefix("utter_") for name in domain.responses if "/" in name
    }

    def label(texts: Sequence[str]) -> list[tuple[str, str]]:
        async def parse_all() -> list[dict]:
            return [await agent.parse_message(text) for text in texts]

        out = []
        for parsed in asyncio.run(parse_all()):
            intent = parsed["intent"]
            out.append(
                (intent.get("full_retrieval_intent_name") or _selected_key(parsed), intent["name"])
            )
        return out

    return label, known


def evaluate_split(name: str, model: Path) -> dict:
    """Rasa's report on the test split: per-intent F1 for the gate, answer-key accuracy."""
    out = OUT / name
    _rasa("test", "nlu", "--nlu", str(TEST_SPLIT), "--model", str(model), "--out", str(out))
    intents = json.loads((out / "intent_report.json").read_text("utf-8"))
    selector_file = out / "response_selection_report.json"
    selector = json.loads(selector_file.read_text("utf-8")) if selector_file.exists() else {}
    # Labels that only occur as predictions (e.g. nlu_fallback) have no support: not intents.
    per_intent = {
        k: v["f1-score"]
        for k, v in intents.items()
        if k not in _NOT_INTENTS and v.get("support", 0) > 0
    }
    return {
        "name": name,
        "accuracy": intents["accuracy"],
        # Mean over the real intents (sklearn's macro avg also counts nlu_fallback at 0).
        "macro_f1": sum(per_intent.values()) / len(per_intent),
        "per_intent": per_intent,
        "response_accuracy": selector.get("accuracy"),
    }


def evaluate_model(name: str, model: Path) -> dict:
    result = evaluate_split(name, model)
    labeller, known = model_labeller(model)
    result["labels"] = {
        set_name: label_accuracy(cases, labeller, known) for set_name, cases in test_sets().items()
    }
    return result


def _rasa(*args: str) -> float:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    started = time.monotonic()
    proc = subprocess.run([RASA, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-5000:], sep="\n")
        raise SystemExit(f"rasa {args[0]} failed with exit code {proc.returncode}")
    return time.monotonic() - started


def train_nlu(config: str, name: str) -> tuple[Path, float]:
    models = OUT / "models"
    seconds = _rasa(
        "train", "nlu", "--config", config, "--nlu", "data/nlu",
        "--out", str(models), "--fixed-model-name", name,
    )  # fmt: skip
    return models / f"{name}.tar.gz", seconds


def compare_features() -> list[dict]:
    """The core classifier with and without the sentence embedding, on the same data."""
    from bot.nlp.classifier import ClassifierSettings, TextClassifier

    training = labelled_examples(ROOT / "data" / "nlu")
    texts, labels = [t for t, _ in training], [label for _, label in training]
    rows = []
    for name, weight in (("LR char+word", 0.0), ("LR char+word+USE", 3.0)):
        cpu = time.process_time()
        model = TextClassifier(ClassifierSettings(embedding_weight=weight)).fit(texts, labels)
        train_cpu = time.process_time() - cpu
        known = set(model.labels) | {label.split("/")[0] for label in model.labels}

        def labeller(batch: Sequence[str], model: TextClassifier = model) -> list[tuple[str, str]]:
            return [(p.label, p.intent) for p in model.predict(list(batch))]

        sets = test_sets()
        cpu = time.process_time()
        for text, _ in sets["blind"][:200]:  # one message at a time, as the bot sees them
            model.predict([text + " ?"])  # a text the embedding cache has not seen
        per_message_ms = (time.process_time() - cpu) / 200 * 1000
        rows.append(
            {
                "name": name,
                "train_cpu_s": train_cpu,
                "per_message_ms": per_message_ms,
                "labels": {k: label_accuracy(v, labeller, known) for k, v in sets.items()},
            }
        )
    return rows


def summary(results: list[dict], features: list[dict]) -> str:
    lines = [
        "# NLU evaluation",
        "",
        f"Gate on `{TEST_SPLIT.relative_to(ROOT)}` (written without seeing the training data): "
        "macro F1 ≥ 0.90 and every intent's F1 ≥ 0.75.",
        "",
        "| model | split intent acc. | split macro F1 | split answer-key acc. |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        ra = f"{r['response_accuracy']:.3f}" if r["response_accuracy"] is not None else "–"
        lines.append(f"| {r['name']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {ra} |")
    set_names = list(results[0]["labels"])
    lines += [
        "",
        "Label accuracy (answer key or intent; a fallback is wrong), through the model as the "
        "bot runs it:",
        "",
        "| model | " + " | ".join(set_names) + " |",
        "| --- |" + " --- |" * len(set_names),
    ]
    for r in [*results, *features]:
        cells = " | ".join(
            f"{r['labels'][s]['accuracy']:.3f} (n={r['labels'][s]['n']})" for s in set_names
        )
        lines.append(f"| {r['name']} | {cells} |")
    if features:
        lines += [
            "",
            "Core classifier alone (no spaCy lemmas, no safety layer, no fallback): "
            + "; ".join(
                f"{f['name']}: training {f['train_cpu_s']:.0f} s CPU, "
                f"{f['per_message_ms']:.1f} ms CPU per message"
                for f in features
            ),
        ]
    lines += [
        "",
        "## Per-intent F1 on the test split",
        "",
        "| intent | " + " | ".join(r["name"] for r in results) + " |",
        "| --- |" + " --- |" * len(results),
    ]
    for intent in sorted(results[0]["per_intent"]):
        cells = " | ".join(f"{r['per_intent'].get(intent, 0):.2f}" for r in results)
        lines.append(f"| {intent} | {cells} |")
    lines += [
        "",
        "Plots: `reports/nlu/<model>/intent_confusion_matrix.png`, `intent_histogram.png`; "
        "errors: `intent_errors.json`. Blind end to end: `reports/blind/summary.md`.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "lotse.tar.gz"))
    parser.add_argument("--compare-default", action="store_true")
    parser.add_argument("--compare-diet", action="store_true")
    parser.add_argument("--compare-features", action="store_true")
    parser.add_argument("--gate", action="store_true", help="exit 1 below the thresholds")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = [evaluate_model("lotse", Path(args.model))]
    for wanted, config, name in (
        (args.compare_diet, "bench/config_lotse_diet.yml", "lotse_diet"),
        (args.compare_default, "bench/config_rasa_default.yml", "rasa_default"),
    ):
        if wanted:
            model, seconds = train_nlu(config, name)
            result = evaluate_model(name, model)
            result["name"] = f"{name} (trained in {seconds / 60:.0f} min)"
            results.append(result)
    features = compare_features() if args.compare_features else []
    text = summary(results, features)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(peak memory of this evaluation: {peak_mb:.0f} MB)")
    ours = results[0]
    weak = {k: v for k, v in ours["per_intent"].items() if v < INTENT_F1_MIN}
    if args.gate and (ours["macro_f1"] < MACRO_F1_MIN or weak):
        print(f"NLU gate FAILED: macro F1 {ours['macro_f1']:.3f} (min {MACRO_F1_MIN}); "
              f"intents below {INTENT_F1_MIN}: {weak}")  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
