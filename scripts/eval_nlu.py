"""NLU quality on the independent test split, with an optional pipeline comparison.

    python scripts/eval_nlu.py --gate                 # evaluate models/lotse.tar.gz, gate it
    python scripts/eval_nlu.py --compare-default      # also train + evaluate Rasa's default

Writes to reports/nlu/<name>/ Rasa's reports (per-intent precision/recall/F1 as JSON, the
confusion matrix and the confidence histogram as PNG) and reports/nlu/summary.md.
The gate fails when macro F1 < 0.90 or any intent's F1 < 0.75 (see docs/redaktion.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")
TEST_SPLIT = ROOT / "tests" / "nlu" / "test_split.yml"
OUT = ROOT / "reports" / "nlu"
MACRO_F1_MIN = 0.90
INTENT_F1_MIN = 0.75
_NOT_INTENTS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def _rasa(*args: str) -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([RASA, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-5000:], sep="\n")
        raise SystemExit(f"rasa {args[0]} failed with exit code {proc.returncode}")


def evaluate(name: str, model: Path) -> dict:
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
        "response_macro_f1": (selector.get("macro avg") or {}).get("f1-score"),
    }


def train_default() -> Path:
    models = OUT / "models"
    _rasa(
        "train", "nlu", "--config", "bench/config_rasa_default.yml", "--nlu", "data/nlu",
        "--out", str(models), "--fixed-model-name", "rasa_default",
    )  # fmt: skip
    return models / "rasa_default.tar.gz"


def summary(results: list[dict]) -> str:
    lines = [
        "# NLU evaluation on the independent test split",
        "",
        f"Test split: `{TEST_SPLIT.relative_to(ROOT)}` (written without seeing the training "
        "data). Gate: macro F1 ≥ 0.90 and every intent's F1 ≥ 0.75.",
        "",
        "| pipeline | intent accuracy | intent macro F1 | response-key accuracy | "
        "response-key macro F1 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        ra = f"{r['response_accuracy']:.3f}" if r["response_accuracy"] is not None else "–"
        rf = f"{r['response_macro_f1']:.3f}" if r["response_macro_f1"] is not None else "–"
        lines.append(f"| {r['name']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | {ra} | {rf} |")
    lines += [
        "",
        "## Per-intent F1",
        "",
        "| intent | " + " | ".join(r["name"] for r in results) + " |",
    ]
    lines.append("| --- |" + " --- |" * len(results))
    for intent in sorted(results[0]["per_intent"]):
        cells = " | ".join(f"{r['per_intent'].get(intent, 0):.2f}" for r in results)
        lines.append(f"| {intent} | {cells} |")
    lines += [
        "",
        "Plots: `reports/nlu/<pipeline>/intent_confusion_matrix.png`, "
        "`intent_histogram.png`; errors: `intent_errors.json`.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "lotse.tar.gz"))
    parser.add_argument("--compare-default", action="store_true")
    parser.add_argument("--gate", action="store_true", help="exit 1 below the thresholds")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = [evaluate("lotse", Path(args.model))]
    if args.compare_default:
        results.append(evaluate("rasa_default", train_default()))
    text = summary(results)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    ours = results[0]
    weak = {k: v for k, v in ours["per_intent"].items() if v < INTENT_F1_MIN}
    if args.gate and (ours["macro_f1"] < MACRO_F1_MIN or weak):
        print(f"NLU gate FAILED: macro F1 {ours['macro_f1']:.3f} (min {MACRO_F1_MIN}); "
              f"intents below {INTENT_F1_MIN}: {weak}")  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
