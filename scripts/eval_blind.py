"""The blind sets (tests/blind) through a running bot: per-turn verdicts and end-to-end success.

    python scripts/eval_blind.py --url http://localhost:5005 --database-url sqlite:///var/lotse.db
    python scripts/eval_blind.py --start     # a private stack on free ports (used by make eval)

Writes reports/blind/summary.md and prints it. The running bot's tracker store must be the
given database (the verdicts are read from the stored events). With ``--start`` the Rasa
process's resident memory after the run is reported too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.events import rest_sender  # noqa: E402
from tests.blind import harness  # noqa: E402

OUT = ROOT / "reports" / "blind"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def resident_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def rasa_pid(rasa_url: str) -> int | None:
    """The `rasa run` process serving ``rasa_url`` (supervisord started it), or None."""
    import psutil

    port = str(urlparse(rasa_url).port)
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info.get("cmdline") or []
        is_rasa = "run" in cmd and "--port" in cmd and any(c.endswith("rasa") for c in cmd)
        if is_rasa and cmd[cmd.index("--port") + 1 :][:1] == [port]:
            return int(proc.pid)
    return None


@contextlib.contextmanager
def private_stack(model: Path, timeout: float = 600.0) -> Iterator[dict]:
    """Action server and Rasa on free ports with a fresh seeded SQLite database."""
    with tempfile.TemporaryDirectory(prefix="lotse-blind-") as tmp:
        database_url = f"sqlite:///{tmp}/lotse.db"
        subprocess.run(
            [str(BIN / "lotse"), "db", "seed"], cwd=ROOT, check=True, capture_output=True,
            env={**os.environ, "DATABASE_URL": database_url},
        )  # fmt: skip
        ready = Path(tmp) / "ready.json"
        proc = subprocess.Popen(
            [
                sys.executable, str(ROOT / "scripts" / "stack.py"), "run", "--no-web",
                "--rasa-port", str(_free_port()), "--action-port", str(_free_port()),
                "--database-url", database_url, "--log-dir", f"{tmp}/logs",
                "--model", str(model), "--ready-file", str(ready), "--timeout", str(timeout),
            ],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + timeout
            while not ready.exists():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the private stack did not start (logs: {tmp}/logs)")
                time.sleep(1)
            yield {**json.loads(ready.read_text("utf-8")), "database_url": database_url}
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def run(url: str, database_url: str, only: str | None) -> tuple[str, dict]:
    send, keys = rest_sender(url), harness.kreis_keys()
    reader = harness.event_reader(database_url)
    singles = (
        []
        if only == "conversations"
        else harness.run_singles(send, reader, harness.single_cases(), keys)
    )
    convs = (
        []
        if only == "single"
        else [harness.run_conversation(send, reader, c, keys) for c in harness.conversations()]
    )
    return harness.report(singles, convs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--database-url")
    parser.add_argument("--start", action="store_true", help="start a private stack")
    parser.add_argument("--model", default=str(ROOT / "models" / "lotse.tar.gz"))
    parser.add_argument("--only", choices=["single", "conversations"], default=None)
    args = parser.parse_args(argv)
    if args.start:
        with private_stack(Path(args.model)) as stack:
            text, figures = run(stack["rasa_url"], stack["database_url"], args.only)
            pid = rasa_pid(stack["rasa_url"])
            rss = resident_mb(pid) if pid else None
            if rss is not None:
                figures["rasa_rss_mb"] = round(rss)
                text += f"\nRasa process resident memory after the run: {rss:.0f} MB\n"
    elif args.url and args.database_url:
        text, figures = run(args.url, args.database_url, args.only)
    else:
        parser.error("give --url and --database-url, or --start")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
