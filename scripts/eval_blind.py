"""The blind sets (tests/blind) through a running bot: per-turn verdicts and end-to-end success.

    python scripts/eval_blind.py --url http://localhost:5005 --database-url sqlite:///var/lotse.db

Writes reports/blind/summary.md and prints it. The running bot's tracker store must be the
given database (the verdicts are read from the stored events).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.events import rest_sender
from tests.blind import harness

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "blind"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--only", choices=["single", "conversations"], default=None)
    args = parser.parse_args(argv)
    send, keys = rest_sender(args.url), harness.kreis_keys()
    reader = harness.event_reader(args.database_url)
    singles = (
        []
        if args.only == "conversations"
        else harness.run_singles(send, reader, harness.single_cases(), keys)
    )
    convs = (
        []
        if args.only == "single"
        else [harness.run_conversation(send, reader, c, keys) for c in harness.conversations()]
    )
    text, figures = harness.report(singles, convs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
