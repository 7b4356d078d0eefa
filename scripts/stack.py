"""Start the local Lotse stack under supervisord, which restarts any server that dies.

    python -m scripts.stack run          # `make run`: action server, Rasa, web widget
    python -m scripts.stack shell        # `make shell`: action server, `rasa shell` in front
    python -m scripts.stack run-scaled --processes 2   # `make run-scaled`, see below

supervisord (PyPI ``supervisor``) runs in the foreground and owns the servers: one that exits
is started again at once, one that fails during its start again after 1 s, 2 s, 3 s ... (then
it gives up and says so); every start and exit is logged to the console and to
``<log-dir>/supervisord.log``, each server's output to ``<log-dir>/<name>.log``. Its config is
rendered per run into the log folder, so ``supervisorctl -c var/log/supervisord.conf status``
(or ``restart rasa1``) works while the stack runs. Ctrl-C stops everything. Ports, URLs and the
database come from `.env` via bot.settings; options override them.

run-scaled: the action server, N Rasa processes on consecutive ports from --rasa-port-base
(bound to 127.0.0.1, sharing the SQL tracker store on --database-url and the Redis lock store,
endpoints.scaled.yml) and HAProxy on --lb-port (default RASA_PORT; config rendered from
deploy/haproxy/haproxy.cfg.template). HAProxy stops sending requests to a process that is down
and takes it back once its health check passes.

Tests and benchmarks start the same thing on free ports with ``RunningStack``.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import csv
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xmlrpc.client
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.db.admin import ensure_postgres_database
from bot.settings import PROJECT_ROOT, get_settings

BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
HAPROXY_TEMPLATE = PROJECT_ROOT / "deploy" / "haproxy" / "haproxy.cfg.template"
SUPERVISOR_TEMPLATES = PROJECT_ROOT / "deploy" / "supervisor"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
DEFAULT_MODEL = "models/lotse.tar.gz"


@dataclass(frozen=True)
class Program:
    """One supervised server: its command and the URL that answers 200 once it is ready."""

    name: str
    command: list[str]
    ready_url: str
    # A server that exits within this many seconds of its start failed to start (backoff).
    startsecs: int = 5


def parse_redis_url(url: str) -> dict[str, str]:
    """``redis://host:port/db`` -> the REDIS_* variables endpoints.scaled.yml expands."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        raise SystemExit(f"REDIS_URL must look like redis://127.0.0.1:6379/1, got {url!r}")
    db = parts.path.strip("/") or "1"
    if not db.isdigit():
        raise SystemExit(f"the Redis database in REDIS_URL must be a number, got {db!r}")
    return {"REDIS_HOST": parts.hostname, "REDIS_PORT": str(parts.port or 6379), "REDIS_DB": db}


def render_haproxy_config(
    bind: str, backends: list[tuple[str, int]], stats_socket: str = "/tmp/lotse-haproxy.sock"
) -> str:
    """HAProxy config for the given Rasa processes (name, port) from the template."""
    rest = [f"    server {name} 127.0.0.1:{port}" for name, port in backends]
    sticky = [f"    server {name} 127.0.0.1:{port} cookie {name}" for name, port in backends]
    template = string.Template(HAPROXY_TEMPLATE.read_text("utf-8"))
    return template.substitute(
        bind=bind,
        rest_servers="\n".join(rest),
        socketio_servers="\n".join(sticky),
        stats_socket=stats_socket,
    )


def haproxy_servers_up(stats_socket: Path) -> dict[str, bool]:
    """``{"rasa_rest/rasa1": True, ...}``: HAProxy's own health verdict for every server."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2)
            conn.connect(str(stats_socket))
            conn.sendall(b"show stat\n")
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
    except OSError:
        return {}
    rows = list(csv.reader(data.decode("utf-8", "replace").lstrip("# ").splitlines()))
    if not rows:
        return {}
    status = rows[0].index("status")
    return {
        f"{row[0]}/{row[1]}": row[status].startswith("UP")
        for row in rows[1:]
        if len(row) > status and row[1] not in ("FRONTEND", "BACKEND")
    }


def check_redis(env: dict[str, str]) -> None:
    import redis

    client = redis.Redis(
        host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), db=int(env["REDIS_DB"]),
        socket_timeout=3, socket_connect_timeout=3,
    )  # fmt: skip
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        raise SystemExit(
            f"Redis at {env['REDIS_HOST']}:{env['REDIS_PORT']} is not reachable: {exc}"
        ) from exc
    finally:
        client.close()


def _http_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


class Supervisor:
    """Client of the running supervisord (XML-RPC over its unix socket, as supervisorctl)."""

    def __init__(self, config_file: Path) -> None:
        from supervisor.xmlrpc import SupervisorTransport

        parser = configparser.RawConfigParser()
        parser.read(config_file)
        ctl = parser["supervisorctl"]
        transport = SupervisorTransport(ctl["username"], ctl["password"], ctl["serverurl"])
        # The host is ignored: the transport talks to the unix socket.
        self._rpc = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def info(self, name: str) -> dict[str, Any]:
        """supervisord's state of one program: ``statename``, ``pid``, ``start``, ..."""
        return self._rpc.supervisor.getProcessInfo(name)

    def pids(self) -> dict[str, int]:
        return {p["name"]: p["pid"] for p in self._rpc.supervisor.getAllProcessInfo()}

    def stop(self, name: str) -> None:
        self._rpc.supervisor.stopProcess(name, True)

    def start(self, name: str) -> None:
        self._rpc.supervisor.startProcess(name, False)


class Stack:
    """The servers of one run mode, their supervisord config, start-up and readiness."""

    def __init__(self, args: argparse.Namespace) -> None:
        settings = get_settings()
        self.mode = args.mode
        self.rasa_port = args.rasa_port or settings.rasa_port
        self.action_port = args.action_port or settings.action_port
        self.web_port = args.web_port or settings.web_port
        self.database_url = args.database_url or settings.database_url
        self.model = args.model
        self.log_dir = Path(args.log_dir).resolve()
        self.with_web = not args.no_web and self.mode != "shell"
        self.staff_port = args.staff_port if self.mode == "run" else None
        self.enable_api = args.enable_api
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=self.database_url,
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL=self.env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            PYTHONUNBUFFERED="1",
        )
        self.scaled = self.mode == "run-scaled"
        self.endpoints = args.endpoints or (
            "endpoints.scaled.yml" if self.scaled else "endpoints.yml"
        )
        self.processes = args.processes if self.scaled else 1
        self.lb_port = (args.lb_port or self.rasa_port) if self.scaled else None
        base = (args.rasa_port_base or self.lb_port + 1) if self.lb_port else self.rasa_port
        self.rasa_ports = [base + i for i in range(self.processes)]
        if self.scaled:
            self._check_scaled(args)

    def _check_scaled(self, args: argparse.Namespace) -> None:
        if self.processes < 1:
            raise SystemExit("--processes must be at least 1")
        if self.lb_port in self.rasa_ports or self.action_port in self.rasa_ports:
            raise SystemExit(
                f"the Rasa ports {self.rasa_ports} overlap the LB or action port; "
                "choose another --rasa-port-base"
            )
        if self.database_url.startswith("sqlite") and self.processes > 1:
            raise SystemExit(
                "run-scaled with several Rasa processes needs PostgreSQL (SQLite is not for "
                "several writers): --database-url postgresql+psycopg2://postgres@127.0.0.1:5432/lotse"
            )
        key_prefix = args.redis_key_prefix or os.environ.get("REDIS_KEY_PREFIX") or "lotse"
        if not key_prefix.isalnum():
            # Rasa would silently fall back to the default prefix.
            raise SystemExit(f"the Redis key prefix must be alphanumeric, got {key_prefix!r}")
        redis_url = args.redis_url or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        self.env.update(parse_redis_url(redis_url), REDIS_KEY_PREFIX=key_prefix)

    @property
    def rasa_url(self) -> str:
        """Where clients and the widget talk to Rasa (HAProxy in run-scaled)."""
        return f"http://localhost:{self.lb_port or self.rasa_port}"

    @property
    def backend_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def config_file(self) -> Path:
        return self.log_dir / "supervisord.conf"

    @property
    def stats_socket(self) -> Path:
        return self.log_dir / "haproxy.sock"

    def programs(self) -> list[Program]:
        actions = Program(
            "actions",
            [RASA, "run", "actions", "--port", str(self.action_port), "--actions", "actions"],
            f"http://127.0.0.1:{self.action_port}/health",
        )
        if self.mode == "shell":
            return [actions]
        programs = [actions]
        for index, port in enumerate(self.rasa_ports, start=1):
            # scripts/serve_rasa.py: rasa run, without TensorFlow for a model that needs none
            command = [
                sys.executable, "-m", "scripts.serve_rasa", "run", "--model", self.model,
                "--port", str(port),
                "--credentials", "credentials.yml", "--endpoints", self.endpoints, "--cors", "*",
            ]  # fmt: skip
            if self.scaled:
                command += ["--interface", "127.0.0.1"]
            if self.enable_api:
                command.append("--enable-api")  # bound to 127.0.0.1 only in run-scaled
            name = f"rasa{index}" if self.scaled else "rasa"
            programs.append(Program(name, command, f"http://127.0.0.1:{port}/", startsecs=10))
        if self.scaled:
            config = self.log_dir / "haproxy.cfg"
            programs.append(
                Program("haproxy", ["haproxy", "-db", "-f", str(config)], f"{self.rasa_url}/")
            )
        if self.with_web:
            command = [
                sys.executable, "web/serve.py", "--port", str(self.web_port),
                "--rasa-url", self.rasa_url,
            ]  # fmt: skip
            programs.append(Program("web", command, f"http://127.0.0.1:{self.web_port}/healthz"))
        if self.staff_port:
            # The staff console: `lotse staff serve` (bot/commands/staff.py).
            command = [str(BIN / "lotse"), "staff", "serve", "--port", str(self.staff_port)]
            programs.append(Program("staff", command, f"http://127.0.0.1:{self.staff_port}/login"))
        return programs

    def prepare(self, create_database: bool, seed: bool) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        if self.scaled:
            if self.database_url.startswith("postgresql") and create_database:
                ensure_postgres_database(self.database_url)
            check_redis(self.env)
            self._write_haproxy_config()
        if seed:
            subprocess.run(
                [str(BIN / "lotse"), "db", "seed"], cwd=PROJECT_ROOT, env=self.env, check=True
            )
        self.config_file.write_text(self.supervisord_config(secrets.token_hex(16)), "utf-8")
        self.config_file.chmod(0o600)  # holds the password of the control socket

    def _write_haproxy_config(self) -> None:
        if shutil.which("haproxy") is None:
            raise SystemExit("haproxy is missing: run `bash scripts/ensure_haproxy.sh`")
        config = self.log_dir / "haproxy.cfg"
        backends = [(f"rasa{i}", port) for i, port in enumerate(self.rasa_ports, start=1)]
        config.write_text(
            render_haproxy_config(f"*:{self.lb_port}", backends, str(self.stats_socket)), "utf-8"
        )
        check = subprocess.run(
            ["haproxy", "-c", "-q", "-f", str(config)], capture_output=True, text=True
        )
        if check.returncode != 0:
            raise SystemExit(f"invalid HAProxy config {config}:\n{check.stderr}")

    def supervisord_config(self, password: str) -> str:
        """supervisord's config for this run (deploy/supervisor/*.template)."""

        def value(text: object) -> str:
            return str(text).replace("%", "%%")  # supervisord expands %(name)s itself

        program = string.Template((SUPERVISOR_TEMPLATES / "program.conf.template").read_text())
        common = {"directory": value(PROJECT_ROOT), "log_dir": value(self.log_dir)}
        sections = [
            program.substitute(
                common, name=p.name, command=value(shlex.join(p.command)), startsecs=p.startsecs
            )
            for p in self.programs()
        ]
        main = string.Template((SUPERVISOR_TEMPLATES / "supervisord.conf.template").read_text())
        return main.substitute(
            log_dir=value(self.log_dir), password=password, programs="".join(sections)
        )

    def launch(self) -> subprocess.Popen:
        """supervisord in its own session (Ctrl-C reaches only this script, which stops it
        in order) that ends with this script even when this one is killed."""
        with open(self.log_dir / "supervisord.out", "ab") as out:
            return subprocess.Popen(
                [str(BIN / "supervisord"), "-c", str(self.config_file)],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_terminate_with_parent,
            )

    def wait_ready(
        self,
        supervisord: subprocess.Popen,
        timeout: float,
        stopping: Callable[[], bool] = lambda: False,
    ) -> bool:
        """True once every server answers (False when ``stopping()`` turned true first)."""
        deadline = time.monotonic() + timeout
        waiting = self.programs()
        while waiting:
            if stopping():
                return False
            if supervisord.poll() is not None:
                out = self.log_dir / "supervisord.out"
                raise SystemExit(f"supervisord exited (code {supervisord.returncode}): {out}")
            if time.monotonic() > deadline:
                names = ", ".join(p.name for p in waiting)
                raise SystemExit(f"timed out waiting for {names}; see {self.log_dir}/")
            self._fail_on_fatal(waiting)
            waiting = [p for p in waiting if not _http_ok(p.ready_url)]
            time.sleep(0.5)
        # A process that was not up at HAProxy's first check stays out of rotation until a
        # later check passes: ready means every backend is in rotation.
        while self.scaled:
            servers_up = haproxy_servers_up(self.stats_socket)
            if servers_up and all(servers_up.values()):
                break
            if time.monotonic() > deadline:
                raise SystemExit("HAProxy did not report every Rasa process up in time")
            time.sleep(0.25)
        return True

    def _fail_on_fatal(self, programs: list[Program]) -> None:
        with contextlib.suppress(OSError, xmlrpc.client.Error, KeyError):
            supervisor = Supervisor(self.config_file)
            for program in programs:
                if supervisor.info(program.name)["statename"] == "FATAL":
                    log = (self.log_dir / f"{program.name}.log").read_text(errors="replace")
                    raise SystemExit(f"{program.name} could not be started:\n{log[-3000:]}")

    def banner(self, startup_s: float) -> str:
        browser = f"http://localhost:{self.web_port}/" if self.with_web else "(ohne Web)"
        lines = [
            f"\nLotse läuft (bereit nach {startup_s:.0f} s).",
            f"  Chat im Browser:  {browser}",
        ]
        if self.scaled:
            lines += [
                f"  Load Balancer:    {self.rasa_url} (REST round robin, /socket.io sticky)",
                f"  Rasa-Prozesse:    {', '.join(self.backend_urls)}",
            ]
        else:
            lines += [
                f"  REST:             curl -s {self.rasa_url}/webhooks/rest/webhook "
                """-d '{"sender":"test","message":"Hallo"}'""",
                f"  Socket.IO:        {self.rasa_url}/socket.io",
            ]
        if self.staff_port:
            lines.append(f"  Redaktion:        http://localhost:{self.staff_port}/")
        lines += [
            f"  Logs:             {self.log_dir}/",
            f"  Prozesse:         {BIN / 'supervisorctl'} -c {self.config_file} status",
            "Abstürzende Server werden neu gestartet. Beenden mit Strg+C.",
        ]
        return "\n".join(lines)


def _terminate_with_parent() -> None:
    """Linux: the kernel sends SIGTERM to supervisord when this script dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def say(text: str) -> None:
    """Print, also when nobody reads the console any more (a closed pipe)."""
    with contextlib.suppress(OSError):
        print(text, flush=True)


class EventEcho:
    """Shows supervisord's process events (spawned, exited, gave up ...) on the console."""

    EVENTS = re.compile(r" (INFO|WARN|ERRO|CRIT) (spawned|success|exited|gave up|stopped):")

    def __init__(self, log: Path) -> None:
        self.log, self.offset = log, log.stat().st_size if log.exists() else 0

    def __call__(self) -> None:
        with contextlib.suppress(OSError), self.log.open("rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
            self.offset += len(chunk)
            for line in chunk.decode("utf-8", "replace").splitlines():
                if self.EVENTS.search(line):
                    say(line)


def _stop(supervisord: subprocess.Popen, stack: Stack) -> None:
    """supervisord stops every server (SIGTERM, the group killed after 15 s); any server it
    left behind (supervisord itself killed) is ended here."""
    servers: list[int] = []
    with contextlib.suppress(OSError, xmlrpc.client.Error, KeyError):
        servers = [pid for pid in Supervisor(stack.config_file).pids().values() if pid]
    if supervisord.poll() is None:
        supervisord.terminate()
        try:
            supervisord.wait(timeout=60)
        except subprocess.TimeoutExpired:
            supervisord.kill()
            supervisord.wait()
    for pid in servers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def serve(args: argparse.Namespace) -> int:
    stack = Stack(args)
    stack.prepare(create_database=args.create_database, seed=args.seed)
    stopping = False

    def _on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)  # also when started with SIGINT ignored
    started = time.monotonic()
    echo = EventEcho(stack.log_dir / "supervisord.log")
    supervisord = stack.launch()

    def stop_requested() -> bool:
        echo()
        return stopping

    try:
        if args.mode == "shell":
            stack.wait_ready(supervisord, args.timeout)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to `rasa shell`
            shell = [RASA, "shell", "--model", stack.model, "--endpoints", stack.endpoints]
            return subprocess.call(shell, cwd=PROJECT_ROOT, env=stack.env)
        say(
            f"Starte Lotse ({', '.join(p.name for p in stack.programs())}) ... "
            "jeder Rasa-Prozess lädt das Modell (etwa 30-90 Sekunden)."
        )
        if not stack.wait_ready(supervisord, args.timeout, stop_requested):
            return 0
        startup = time.monotonic() - started
        if args.ready_file:
            info = {
                "rasa_url": stack.rasa_url,
                "backends": stack.backend_urls,
                "supervisord_conf": str(stack.config_file),
                "startup_s": round(startup, 1),
            }
            Path(args.ready_file).write_text(json.dumps(info, indent=2), "utf-8")
        say(stack.banner(startup))
        while not stop_requested() and supervisord.poll() is None:
            time.sleep(0.5)
        if not stopping:
            say(f"supervisord wurde unerwartet beendet; siehe {stack.log_dir}/")
            return 1
        return 0
    finally:
        _stop(supervisord, stack)
        echo()
        say("Lotse gestoppt.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["run", "shell", "run-scaled"])
    parser.add_argument("--rasa-port", type=int)
    parser.add_argument("--action-port", type=int)
    parser.add_argument("--web-port", type=int)
    parser.add_argument("--database-url")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--log-dir", default=str(PROJECT_ROOT / "var" / "log"))
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--staff-port", type=int, help="run: also start the staff console")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--ready-file", help="write the URLs as JSON here once ready")
    parser.add_argument("--seed", action="store_true", help="run `lotse db seed` first")
    parser.add_argument("--endpoints", help="endpoints.yml (run), endpoints.scaled.yml (scaled)")
    parser.add_argument("--enable-api", action="store_true", help="Rasa HTTP API")
    scaled = parser.add_argument_group("run-scaled")
    scaled.add_argument("--processes", type=int, default=2, help="Rasa processes (2)")
    scaled.add_argument("--lb-port", type=int, help="HAProxy port (default RASA_PORT)")
    scaled.add_argument("--rasa-port-base", type=int, help="first Rasa port (LB port + 1)")
    scaled.add_argument("--redis-url", help=f"lock store (REDIS_URL, {DEFAULT_REDIS_URL})")
    scaled.add_argument("--redis-key-prefix", help="alphanumeric (REDIS_KEY_PREFIX, lotse)")
    scaled.add_argument("--create-database", action="store_true", help="CREATE DATABASE if missing")
    return parser


def main(argv: list[str] | None = None) -> int:
    return serve(_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
