"""Private PostgreSQL and Redis servers on free ports, which a test may stop and start again.

The fault tests stop the database and the lock store in the middle of conversations; the
machine's shared servers (5432, 6379) are never touched. PostgreSQL is the local 15 (its
``initdb``/``pg_ctl`` under /usr/lib/postgresql/15/bin, or PG_BIN); run as root, the cluster
belongs to the ``postgres`` user, since PostgreSQL refuses to run as root. Redis is
``redis-server`` without persistence.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from scripts.running_stack import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def missing_tools() -> list[str]:
    tools = [PG_BIN / "initdb", PG_BIN / "pg_ctl"]
    missing = [str(tool) for tool in tools if not tool.exists()]
    return missing + ([] if shutil.which("redis-server") else ["redis-server"])


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1:<free port>, trust authentication."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
        self.data = self.dir / "data"
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)

    def url(self, database: str = "lotse") -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [str(PG_BIN / tool), *args], check=True, capture_output=True, user=self.user,
            cwd=self.dir,
        )  # fmt: skip

    def init(self) -> PrivatePostgres:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync",
                  "-E", "UTF8", "--locale", "C")  # fmt: skip
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.dir / "pg.log"),
                  "-o", options)  # fmt: skip

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as when the server goes away."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """``redis-server`` on 127.0.0.1:<free port>, nothing kept on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="lotse-redis-"))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> None:
        import redis

        log = open(self.dir / "redis.log", "ab")  # noqa: SIM115 - lives with the server
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
