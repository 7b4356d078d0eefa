"""Start and supervise the local Lotse stack: action server, Rasa server, web widget.

    python scripts/stack.py run     # used by `make run`; Ctrl-C stops everything cleanly
    python scripts/stack.py shell   # action server in the background, `rasa shell` in front
    python scripts/stack.py run-scaled --processes 2   # `make run-scaled`, see below

Ports, URLs and the database come from `.env` via bot.settings; options override them
(the test suite starts a private stack on free ports with its own database this way).

run-scaled: the action server, N Rasa processes on consecutive ports from --rasa-port-base
(bound to 127.0.0.1, sharing the SQL tracker store on --database-url and Rasa's Redis lock
store, endpoints.scaled.yml) and HAProxy on --lb-port (default RASA_PORT, so the widget
needs no change; config rendered from deploy/haproxy/haproxy.cfg.template into the log
folder). Benchmarks and tests start it on free ports, e.g.

    python scripts/stack.py run-scaled --processes 2 --lb-port 7005 --rasa-port-base 7006 \
        --action-port 7055 --database-url postgresql+psycopg2://postgres@127.0.0.1/lotse \
        --no-web --ready-file /tmp/ready.json

and wait for --ready-file (JSON with the URLs) or for an answer at the LB URL.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bot.settings import PROJECT_ROOT, get_settings

BIN = Path(sys.executable).parent
RASA = str(BIN / "rasa")
HAPROXY_TEMPLATE = PROJECT_ROOT / "deploy" / "haproxy" / "haproxy.cfg.template"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def _child_env(database_url: str, action_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
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

    def start_staff(self, port: int) -> None:
        """The staff console: one more program, ``lotse staff serve`` (bot/commands/staff.py)."""
        self._spawn("staff", [str(BIN / "lotse"), "staff", "serve", "--port", str(port)])

    def wait_ready(self, timeout: float) -> None:
        _wait_http(f"http://localhost:{self.action_port}/health", timeout, self.procs)
        _wait_http(f"{self.rasa_url}/", timeout, self.procs)
        if self.with_web:
            _wait_http(f"http://localhost:{self.web_port}/", timeout, self.procs)

    def write_ready_file(self, path: str | None, **extra: object) -> None:
        if path:
            info = {"rasa_url": self.rasa_url, "action_port": self.action_port, **extra}
            Path(path).write_text(json.dumps(info, indent=2), "utf-8")

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


def haproxy_all_up(stats_socket: Path) -> bool:
    """True when HAProxy's own health checks report every server of every backend UP."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(2)
            conn.connect(str(stats_socket))
            conn.sendall(b"show stat\n")
            data = b""
            while chunk := conn.recv(65536):
                data += chunk
    except OSError:
        return False
    rows = list(csv.reader(data.decode("utf-8", "replace").lstrip("# ").splitlines()))
    if not rows:
        return False
    status = rows[0].index("status")
    servers = [row for row in rows[1:] if len(row) > status and row[1] not in _PSEUDO_SERVERS]
    return bool(servers) and all(row[status].startswith("UP") for row in servers)


_PSEUDO_SERVERS = ("FRONTEND", "BACKEND")


def ensure_postgres_database(database_url: str) -> None:
    """Create the PostgreSQL database of ``database_url`` if it does not exist yet."""
    import sqlalchemy as sa

    url = sa.engine.make_url(database_url)
    name = url.database
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
                print(f"PostgreSQL-Datenbank {name} angelegt.", flush=True)
    except sa.exc.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL at {url.host}:{url.port or 5432} is not reachable: {exc.orig}"
        ) from exc
    finally:
        engine.dispose()


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


class ScaledStack(Stack):
    """Action server, N Rasa processes (shared SQL tracker store, Redis lock store), HAProxy."""

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args)
        self.processes = args.processes
        if self.processes < 1:
            raise SystemExit("--processes must be at least 1")
        self.lb_port = args.lb_port or self.rasa_port
        self.rasa_port_base = args.rasa_port_base or self.lb_port + 1
        self.rasa_ports = [self.rasa_port_base + i for i in range(self.processes)]
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
        self.enable_api = args.enable_api
        self.endpoints = args.endpoints

    @property
    def rasa_url(self) -> str:
        return f"http://localhost:{self.lb_port}"

    @property
    def stats_socket(self) -> Path:
        return self.log_dir / "haproxy.sock"

    @property
    def backend_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    def prepare(self, create_database: bool, seed: bool) -> None:
        if self.database_url.startswith("postgresql") and create_database:
            ensure_postgres_database(self.database_url)
        check_redis(self.env)
        if shutil.which("haproxy") is None:
            raise SystemExit("haproxy is missing: run `bash scripts/ensure_haproxy.sh`")
        if seed:
            subprocess.run(
                [str(BIN / "lotse"), "db", "seed"], cwd=PROJECT_ROOT, env=self.env, check=True
            )

    def start_rasa(self) -> None:
        for index, port in enumerate(self.rasa_ports, start=1):
            cmd = [
                RASA, "run", "--model", self.model, "--port", str(port),
                "--interface", "127.0.0.1",
                "--credentials", "credentials.yml", "--endpoints", self.endpoints,
                "--cors", "*",
            ]  # fmt: skip
            if self.enable_api:
                cmd.append("--enable-api")  # bound to 127.0.0.1 only, see --interface
            self._spawn(f"rasa{index}", cmd)

    def start_lb(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
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
        self._spawn("haproxy", ["haproxy", "-db", "-f", str(config)])

    def wait_ready(self, timeout: float) -> None:
        _wait_http(f"http://localhost:{self.action_port}/health", timeout, self.procs)
        for url in self.backend_urls:
            _wait_http(f"{url}/", timeout, self.procs)
        _wait_http(f"{self.rasa_url}/", timeout, self.procs)
        # A process that was not up at HAProxy's first check stays out of rotation until a
        # later check passes: ready means every backend is in rotation.
        deadline = time.monotonic() + timeout
        while not haproxy_all_up(self.stats_socket):
            if time.monotonic() > deadline:
                raise SystemExit("HAProxy did not report every Rasa process up in time")
            time.sleep(0.25)
        if self.with_web:
            _wait_http(f"http://localhost:{self.web_port}/", timeout, self.procs)


def _watch(stack: Stack, stopping: Callable[[], bool]) -> int:
    """Block until asked to stop (0) or until one of the servers dies (1)."""
    while not stopping() and all(p.poll() is None for p in stack.procs):
        time.sleep(0.5)
    if not stopping():
        print("Ein Server wurde unerwartet beendet; siehe Logs.", file=sys.stderr)
        return 1
    return 0


def run_scaled(args: argparse.Namespace) -> int:
    stack = ScaledStack(args)
    stack.prepare(create_database=args.create_database, seed=args.seed)
    stopping = False

    def _on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _on_signal)
    # Ctrl-C reaches the whole process group: HAProxy and Rasa exit at once. Handle SIGINT
    # explicitly (also when started with SIGINT ignored, e.g. from a background shell) so
    # that this counts as stopping, not as a server that died.
    signal.signal(signal.SIGINT, _on_signal)
    started = time.monotonic()
    try:
        stack.start_actions()
        stack.start_rasa()
        stack.start_lb()
        if stack.with_web:
            stack.start_web()
        print(
            f"Starte Lotse mit {stack.processes} Rasa-Prozess(en) hinter HAProxy ... "
            "jeder lädt das Modell (etwa 40-90 Sekunden).",
            flush=True,
        )
        stack.wait_ready(args.timeout)
        startup = time.monotonic() - started
        stack.write_ready_file(
            args.ready_file, backends=stack.backend_urls, startup_s=round(startup, 1)
        )
        browser = f"http://localhost:{stack.web_port}/" if stack.with_web else "(ohne Web)"
        print(
            f"\nLotse läuft ({stack.processes} Rasa-Prozesse, bereit nach {startup:.0f} s).\n"
            f"  Chat im Browser:  {browser}\n"
            f"  Load Balancer:    {stack.rasa_url} (REST round robin, /socket.io sticky)\n"
            f"  Rasa-Prozesse:    {', '.join(stack.backend_urls)}\n"
            f"  Logs:             {stack.log_dir}/\n"
            f"Beenden mit Strg+C.",
            flush=True,
        )
        return _watch(stack, lambda: stopping)
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
        print("Lotse gestoppt.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["run", "shell", "run-scaled"])
    parser.add_argument("--rasa-port", type=int)
    parser.add_argument("--action-port", type=int)
    parser.add_argument("--web-port", type=int)
    parser.add_argument("--database-url")
    parser.add_argument("--model", default="models/lotse.tar.gz")
    parser.add_argument("--log-dir", default=str(PROJECT_ROOT / "var" / "log"))
    parser.add_argument("--no-web", action="store_true")
    parser.add_argument("--staff-port", type=int, help="run: also start the staff console")
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--ready-file", help="write the URLs as JSON here once ready")
    scaled = parser.add_argument_group("run-scaled")
    scaled.add_argument("--processes", type=int, default=2, help="Rasa processes (2)")
    scaled.add_argument("--lb-port", type=int, help="HAProxy port (default RASA_PORT)")
    scaled.add_argument("--rasa-port-base", type=int, help="first Rasa port (LB port + 1)")
    scaled.add_argument("--redis-url", help=f"lock store (REDIS_URL, {DEFAULT_REDIS_URL})")
    scaled.add_argument("--redis-key-prefix", help="alphanumeric (REDIS_KEY_PREFIX, lotse)")
    scaled.add_argument("--endpoints", default="endpoints.scaled.yml")
    scaled.add_argument("--enable-api", action="store_true", help="Rasa HTTP API (localhost)")
    scaled.add_argument("--create-database", action="store_true", help="CREATE DATABASE if missing")
    scaled.add_argument("--seed", action="store_true", help="run `lotse db seed` first")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.mode == "run-scaled":
        return run_scaled(args)
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
        if args.staff_port:
            stack.start_staff(args.staff_port)
        print("Starte Lotse (Action-Server, Rasa, Web) ... das dauert etwa 30-60 Sekunden.")
        stack.wait_ready(args.timeout)
        stack.write_ready_file(args.ready_file, rasa_pid=stack.procs[1].pid)
        browser = f"http://localhost:{stack.web_port}/" if stack.with_web else "(ohne Web)"
        print(
            f"\nLotse läuft.\n"
            f"  Chat im Browser:  {browser}\n"
            f"  REST:             curl -s {stack.rasa_url}/webhooks/rest/webhook "
            f"""-d '{{"sender":"test","message":"Hallo"}}'\n"""
            f"  Socket.IO:        {stack.rasa_url}/socket.io\n"
            f"  Redaktion:        http://localhost:{args.staff_port or '-'}/\n"
            f"  Logs:             {stack.log_dir}/\n"
            f"Beenden mit Strg+C.",
            flush=True,
        )
        return _watch(stack, lambda: stopping)
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()
        print("Lotse gestoppt.")


if __name__ == "__main__":
    raise SystemExit(main())
