"""Start and supervise the local Lotse stack: action server, Rasa server, web widget.

    python scripts/stack.py run     # used by `make run`; Ctrl-C stops everything cleanly
    python scripts/stack.py shell   # action server in the background, `rasa shell` in front

Ports, URLs and the database come from `.env` via bot.settings; options override them
(the test suite starts a private stack on free ports with its own database this way).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.settings import PROJECT_ROOT, get_settings

BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")


def _child_env(database_url: str, action_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        ACTION_ENDPOINT_URL=f"http://localhost:{action_port}/webhook",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_http(url: str, timeout: float, procs: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise SystemExit(f"a server exited during start-up (code {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out waiting for {url}")


class Stack:
    def __init__(self, args: argparse.Namespace) -> None:
        settings = get_settings()
        self.rasa_port = args.rasa_port or settings.rasa_port
        self.action_port = args.action_port or settings.action_port
        self.web_port = args.web_port or settings.web_port
        self.database_url = args.database_url or settings.database_url
        self.model = args.model
        self.log_dir = Path(args.log_dir)
        self.with_web = not args.no_web and (PROJECT_ROOT / "web" / "serve.py").exists()
        self.env = _child_env(self.database_url, self.action_port)
        self.procs: list[subprocess.Popen] = []

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.rasa_port}"

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives with the child
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.procs.append(proc)
        return proc

    def start_actions(self) -> None:
        self._spawn(
            "actions",
            [RASA, "run", "actions", "--port", str(self.action_port), "--actions", "actions"],
        )

    def start_rasa(self) -> None:
        self._spawn(
            "rasa",
            [
                RASA, "run", "--model", self.model, "--port", str(self.rasa_port),
                "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
                "--cors", "*",
            ],
        )  # fmt: skip

    def start_web(self) -> None:
        self._spawn(
            "web",
            [
                sys.executable, "web/serve.py", "--port", str(self.web_port),
                "--rasa-url", self.rasa_url,
            ],
        )  # fmt: skip

    def wait_ready(self, timeout: float) -> None:
        _wait_http(f"http://localhost:{self.action_port}/health", timeout, self.procs)
        _wait_http(f"{self.rasa_url}/", timeout, self.procs)
        if self.with_web:
            _wait_http(f"http://localhost:{self.web_port}/", timeout, self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["run", "shell"])
    parser.add_argument("--rasa-port", type=int)
    parser.add_argument("--action-port", type=int)
    parser.add_argument("--web-port", type=int)
    parser.add_argument("--database-url")
    parser.add_argument("--model", default="models/lotse.tar.gz")
    parser.add_argument("--log-dir", default=str(PROJECT_ROOT / "var" / "log"))
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--timeout", type=float, default=180.0)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    stack = Stack(args)
    stopping = False

    def _on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        stack.start_actions()
        if args.mode == "shell":
            _wait_http(f"http://localhost:{stack.action_port}/health", args.timeout, stack.procs)
            return subprocess.call(
                [RASA, "shell", "--model", stack.model, "--endpoints", "endpoints.yml"],
                cwd=PROJECT_ROOT,
                env=stack.env,
            )
        stack.start_rasa()
        if stack.with_web:
            stack.start_web()
        print("Starte Lotse (Action-Server, Rasa, Web) ... das dauert etwa 30-60 Sekunden.")
        stack.wait_ready(args.timeout)
        browser = f"http://localhost:{stack.web_port}/" if stack.with_web else "(ohne Web)"
        print(
            f"\nLotse läuft.\n"
            f"  Chat im Browser:  {browser}\n"
            f"  REST:             curl -s {stack.rasa_url}/webhooks/rest/webhook "
            f"""-d '{{"sender":"test","message":"Hallo"}}'\n"""
            f"  Socket.IO:        {stack.rasa_url}/socket.io\n"
            f"  Logs:             {stack.log_dir}/\n"
            f"Beenden mit Strg+C.",
            flush=True,
        )
        while not stopping and all(p.poll() is None for p in stack.procs):
            time.sleep(0.5)
        if not stopping:
            print("Ein Server wurde unerwartet beendet; siehe Logs.", file=sys.stderr)
            return 1
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
        print("Lotse gestoppt.")


if __name__ == "__main__":
    raise SystemExit(main())
