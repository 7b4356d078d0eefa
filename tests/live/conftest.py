"""The scaled stack of the live tests: two Rasa processes, the action server, HAProxy and
the web server under supervisord (``make run-scaled`` on free ports), on a private
PostgreSQL and a private Redis.

One stack per test session, shared by test_scaled_faults_live.py (which stops and kills its parts
and brings each back) and test_scaled_live.py: starting it costs about a minute and a half.
Rasa's HTTP API is on (bound to 127.0.0.1) so tests can read the stored trackers.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from scripts.running_stack import RunningStack
from tests.conftest import MODEL, ROOT, require_service
from tests.private_services import PrivatePostgres, PrivateRedis, missing_tools


@dataclass
class Scaled:
    stack: RunningStack
    postgres: PrivatePostgres
    redis: PrivateRedis


@pytest.fixture(scope="session")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scaled]:
    missing = missing_tools()
    if missing:
        require_service(f"missing for the private PostgreSQL and Redis: {', '.join(missing)}")
    if subprocess.run(["bash", "scripts/ensure_haproxy.sh"], cwd=ROOT).returncode != 0:
        require_service("haproxy is missing (bash scripts/ensure_haproxy.sh)")
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    postgres, redis = PrivatePostgres(), PrivateRedis()
    try:
        postgres.init().start()
        redis.start()
        arguments = (
            "--create-database", "--enable-api", "--redis-url", redis.url,
            "--redis-key-prefix", f"scaledtest{uuid.uuid4().hex[:10]}",
            # e.g. an endpoints file with Rasa's stock `type: redis` lock store
            "--endpoints", os.environ.get("LOTSE_SCALED_ENDPOINTS", "endpoints.scaled.yml"),
        )  # fmt: skip
        running = RunningStack(
            tmp_path_factory.mktemp("scaled"), database_url=postgres.url(), processes=2,
            web=True, seed=True, extra_args=arguments, model=str(MODEL), timeout=600,
        )  # fmt: skip
        try:
            with running:
                yield Scaled(running, postgres, redis)
        except RuntimeError as exc:
            pytest.fail(str(exc), pytrace=False)
    finally:
        redis.remove()
        postgres.remove()
