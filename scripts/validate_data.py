"""Run `rasa data validate` and fail on any warning that is not explained below.

Each allowed pattern names why the warning is expected; anything else fails the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")

EXPLAINED: dict[str, str] = {
    # Only Rasa's own environment chatter, not about our data:
    r"MovedIn20Warning|SQLALCHEMY_WARN_20": "Rasa 3.6 itself uses the SQLAlchemy 1.4 API",
    r"tensorflow|TensorRT|cuda|oneDNN|cpu_feature_guard": "TensorFlow start-up messages",
    # Payload-only intents: buttons send them, users rarely type them; rules use them.
}

WARNING = re.compile(r"(UserWarning|WARNING|Warning|warning)")


def main() -> int:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run(
        [RASA, "data", "validate", "--max-history", "5"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    output = proc.stdout + proc.stderr
    unexplained = [
        line
        for line in output.splitlines()
        if WARNING.search(line) and not any(re.search(p, line) for p in EXPLAINED)
    ]
    if proc.returncode != 0 or unexplained:
        print(output)
        print("\nUnexplained validation warnings:" if unexplained else "")
        for line in unexplained:
            print("  " + line)
        return 1
    print("rasa data validate: clean")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
