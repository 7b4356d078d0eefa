"""Stand-in for ``rasa test core`` in the console's browser tests (no trained model needed).

Called as ``fake_rasa_test_core.py test core --stories DIR --model M --out OUT ...``; writes
Rasa's two result files in Rasa's format (story names with their source file appended, the
wrong step of a failed story marked ``# predicted: …``). A story whose name contains
"Fehler" fails, every other one passes; the real run is tested in tests/live."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("test")
    parser.add_argument("core")
    parser.add_argument("--stories", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args, _ = parser.parse_known_args()
    passed, failed = [], []
    for path in sorted(args.stories.glob("*.yml")):
        for story in (yaml.safe_load(path.read_text("utf-8")) or {}).get("stories") or []:
            name = f"{story['story']} ({path})"
            (failed if "Fehler" in story["story"] else passed).append(name)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "successful_test_stories.yml").write_text(
        'version: "3.1"\nstories:\n' + "".join(f"- story: {n}\n  steps: []\n" for n in passed)
    )
    (args.out / "failed_test_stories.yml").write_text(
        'version: "3.1"\nstories:\n'
        + "".join(
            f"- story: {n}\n  steps:\n  - action: utter_greet  # predicted: utter_menu\n"
            for n in failed
        )
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
