"""A running Lotse stack for the live tests and the benchmarks: ``RunningStack`` starts
``python -m scripts.stack run|run-scaled`` on free ports (the launcher of `make run`, under
supervisord), waits until it answers and stops it as Ctrl-C would; ``StackClient`` talks to
any running stack over the REST channel.

    with RunningStack(tmp, database_url=url, processes=2, seed=True) as stack:
        stack.send("a", "Hallo")
        stack.supervisor.pids()      # {"rasa1": 123, "rasa2": 124, "actions": ..., ...}
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT
from scripts.stack import DEFAULT_MODEL, Supervisor, haproxy_servers_up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_port_run(count: int) -> int:
    """A port p with p+1 ... p+count-1 also free (the Rasa processes get consecutive ports)."""
    for _ in range(50):
        base = free_port()
        try:
            with contextlib.ExitStack() as held:
                for offset in range(1, count):
                    sock = held.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError(f"no {count} consecutive free ports")


def post_json(url: str, payload: dict, timeout: float = 30.0) -> tuple[Any, Message]:
    """POST ``payload`` as JSON; the decoded answer and the response headers."""
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8")), response.headers


@dataclass
class StackClient:
    """Talks to a running stack over the REST channel (and Rasa's HTTP API with --enable-api)."""

    rasa_url: str
    web_url: str = ""
    database_url: str = ""
    log_dir: Path = PROJECT_ROOT / "var" / "log"
    backends: list[str] = field(default_factory=list)

    def send(self, sender: str, message: str, timeout: float = 30.0, url: str = "") -> list[dict]:
        """One message over the REST channel (of ``url``, default the stack's); the replies."""
        webhook = f"{url or self.rasa_url}/webhooks/rest/webhook"
        return post_json(webhook, {"sender": sender, "message": message}, timeout)[0]

    def post(self, body: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
        """Raw bytes to the REST channel: the status and the body, also of an error."""
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def tracker(self, sender: str, backend: int = 0) -> dict:
        url = f"{self.backends[backend]}/conversations/{sender}/tracker"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))

    def logs(self, tail: int = 3000) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}"
            for path in sorted(self.log_dir.glob("*.log"))
        )


class RunningStack(StackClient):
    """``python -m scripts.stack run|run-scaled`` on free ports, as ``make run`` starts it;
    a context manager that waits until the stack answers and stops it afterwards.

    ``processes=0`` is `make run` (one Rasa process); ``processes>=1`` the scaled setup.
    """

    def __init__(
        self,
        workdir: Path,
        *,
        database_url: str,
        processes: int = 0,
        web: bool = False,
        seed: bool = False,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        model: str = DEFAULT_MODEL,
        timeout: float = 300.0,
    ) -> None:
        rasa_port = free_port()
        base = free_port_run(processes) if processes else rasa_port
        backends = [f"http://127.0.0.1:{base + i}" for i in range(processes or 1)]
        super().__init__(rasa_url=f"http://localhost:{rasa_port}", database_url=database_url,
                         log_dir=workdir / "logs", backends=backends)  # fmt: skip
        self.action_port, self.web_port = free_port(), free_port()
        self.web_url = f"http://localhost:{self.web_port}" if web else ""
        self.workdir, self.timeout, self.startup_s = workdir, timeout, 0.0
        self.ready_file = workdir / "ready.json"
        mode = ["run-scaled", "--processes", str(processes), "--lb-port", str(rasa_port),
                "--rasa-port-base", str(base)] if processes else ["run", "--rasa-port",
                                                                  str(rasa_port)]  # fmt: skip
        self.command = [
            sys.executable, "-m", "scripts.stack", *mode,
            "--action-port", str(self.action_port), "--web-port", str(self.web_port),
            "--database-url", database_url, "--log-dir", str(self.log_dir), "--model", model,
            "--ready-file", str(self.ready_file), "--timeout", str(timeout),
            *([] if web else ["--no-web"]), *(["--seed"] if seed else []), *extra_args,
        ]  # fmt: skip
        self.env = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> RunningStack:
        self.workdir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with open(self.workdir / "stack.out", "wb") as out:
            self.proc = subprocess.Popen(
                self.command, cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=out
            )
        try:
            self._wait_for_answer(started + self.timeout + 30)
        except BaseException:
            self.stop()
            raise
        self.startup_s = time.monotonic() - started
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _wait_for_answer(self, deadline: float) -> None:
        while not self.ready_file.exists() or not self._answers():
            if self.proc is None or self.proc.poll() is not None or time.monotonic() > deadline:
                out = (self.workdir / "stack.out").read_text(errors="replace")
                raise RuntimeError(f"the stack did not start:\n{out[-5000:]}\n{self.logs()}")
            time.sleep(0.5)

    def _answers(self) -> bool:
        try:
            return bool(self.send(f"warmup-{time.time_ns()}", "Hallo", timeout=20))
        except (OSError, ValueError):
            return False

    @property
    def supervisor(self) -> Supervisor:
        return Supervisor(self.log_dir / "supervisord.conf")

    def haproxy_up(self) -> dict[str, bool]:
        return haproxy_servers_up(self.log_dir / "haproxy.sock")

    def stop(self) -> None:
        """SIGTERM to the launcher, as Ctrl-C: it stops supervisord and every server."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.proc.kill()  # supervisord gets SIGTERM from the kernel (see launch)
                self.proc.wait(timeout=10)
