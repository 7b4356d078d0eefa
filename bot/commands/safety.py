"""``lotse safety …``: build the danger classifier and try the safety verdict on a text."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "danger classifier: train (skipped when unchanged), check a text"


def _train(args: argparse.Namespace) -> int:
    from bot.safety.training import MODEL_DIR, train

    _, message = train(Path(args.model_dir) if args.model_dir else MODEL_DIR, force=args.force)
    print(message)
    return 0


def _check(args: argparse.Namespace) -> int:
    from bot.safety.classifier import DangerClassifier
    from bot.safety.training import MODEL_DIR
    from bot.safety.verdict import SafetyAssessor

    assessor = SafetyAssessor(DangerClassifier.load(Path(args.model_dir or MODEL_DIR)))
    *history, text = args.turns
    verdict = assessor.assess(text, history)
    print(
        f"{verdict.level} (kind {verdict.kind}, target {verdict.target}, "
        f"reason {verdict.reason or '-'}, score {verdict.score:.3f})"
    )
    return 0


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="safety_command", required=True)
    train = sub.add_parser(
        "train", help="build models/danger from data/safety and data/nlu unless unchanged"
    )
    train.add_argument("--force", action="store_true", help="build even when unchanged")
    train.add_argument("--model-dir", help="where to store the model (default models/danger)")
    train.set_defaults(func=_train)
    check = sub.add_parser(
        "check", help="the verdict for the last TURN, read after the turns before it"
    )
    check.add_argument("turns", nargs="+", metavar="TURN")
    check.add_argument("--model-dir", help="the model to use (default models/danger)")
    check.set_defaults(func=_check)
