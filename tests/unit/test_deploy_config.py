"""Deployment files stay valid (docker-compose 1.29 from Debian validates without an engine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import stack
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid() -> None:
    if shutil.which("docker-compose") is None:
        require_service("docker-compose is not installed (bash scripts/ensure_tools.sh)")
    result = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_compose_services_share_one_database_url() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    services = compose["services"]
    assert {"postgres", "rasa", "actions", "web"} <= set(services)
    urls = {services[name]["environment"]["DATABASE_URL"] for name in ("rasa", "actions", "seed")}
    assert len(urls) == 1 and next(iter(urls)).startswith("postgresql")


def test_endpoints_use_the_redacting_tracker_store() -> None:
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text("utf-8"))
    assert endpoints["tracker_store"]["type"] == "components.tracker_store.RedactingSQLTrackerStore"
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text("utf-8"))
    assert credentials["components.channels.LotseSocketIOInput"]["session_persistence"] is True


def test_socketio_is_pinned_below_the_version_that_breaks_rasa_36() -> None:
    # Rasa 3.6's socketio channel with session_persistence never answers with >= 5.10.
    from importlib.metadata import version

    assert version("python-socketio") == "5.9.0"
    assert version("rasa") == "3.6.21"


# --- scaled setup: several Rasa processes, Redis lock store, HAProxy (docs/deployment.md)

HAPROXY = ROOT / "deploy" / "haproxy"


def test_scaled_endpoints_share_sql_tracker_store_and_redis_locks() -> None:
    from rasa.core.lock_store import RedisLockStore
    from rasa.shared.utils.common import class_from_module_path

    endpoints = yaml.safe_load((ROOT / "endpoints.scaled.yml").read_text("utf-8"))
    assert endpoints["tracker_store"]["type"] == "components.tracker_store.RedactingSQLTrackerStore"
    lock = endpoints["lock_store"]
    assert lock["type"] == "redis" or issubclass(
        class_from_module_path(lock["type"]), RedisLockStore
    )
    assert {"url", "port", "db", "key_prefix"} <= set(lock)
    # `make run` keeps the embedded single-process defaults.
    default = yaml.safe_load((ROOT / "endpoints.yml").read_text("utf-8"))
    assert default["lock_store"]["type"] == "in_memory"


def test_compose_scales_rasa_behind_haproxy_with_redis_and_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    services = compose["services"]
    assert {"postgres", "redis", "seed", "actions", "rasa", "lb", "web"} <= set(services)
    rasa = services["rasa"]
    assert rasa["deploy"]["replicas"] >= 2
    assert "ports" not in rasa and "container_name" not in rasa  # scalable
    assert "endpoints.scaled.yml" in rasa["command"]
    assert rasa["environment"]["REDIS_HOST"] == "redis"
    mounts = " ".join(services["lb"]["volumes"])
    assert "deploy/haproxy/haproxy.docker.cfg:/usr/local/etc/haproxy/haproxy.cfg" in mounts
    nginx = (ROOT / "web" / "nginx.conf").read_text("utf-8")
    directives = [line.strip() for line in nginx.splitlines() if not line.strip().startswith("#")]
    assert "server lb:5005;" in directives and "ip_hash;" not in directives
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    assert "endpoints.scaled.yml" in dockerfile


def _backend(config: str, name: str) -> str:
    return config.split(f"\nbackend {name}\n", 1)[1].split("\nbackend ", 1)[0]


@pytest.mark.parametrize("name", ["haproxy.cfg.template", "haproxy.docker.cfg"])
def test_haproxy_sticks_socketio_by_cookie_and_balances_rest(name: str) -> None:
    config = (HAPROXY / name).read_text("utf-8")
    assert "use_backend rasa_socketio if is_socketio" in config
    assert "acl is_socketio path_beg /socket.io/" in config
    sticky = _backend(config, "rasa_socketio")
    assert "cookie LOTSE_RASA insert indirect nocache" in sticky
    assert "balance roundrobin" in sticky and "balance source" not in config
    assert "balance roundrobin" in _backend(config, "rasa_rest")
    assert "timeout tunnel" in config  # WebSocket connections stay open


def test_docker_haproxy_finds_replicas_through_docker_dns() -> None:
    config = (HAPROXY / "haproxy.docker.cfg").read_text("utf-8")
    assert "nameserver dns 127.0.0.11:53" in config
    assert "server-template rasa 8 rasa:5005 check" in config
    assert "dynamic-cookie-key" in config  # server-template needs dynamic cookies


def test_haproxy_configs_are_valid(tmp_path: Path) -> None:
    if shutil.which("haproxy") is None:
        require_service("haproxy is not installed (bash scripts/ensure_tools.sh)")
    rendered = stack.render_haproxy_config("127.0.0.1:7005", [("rasa1", 7006), ("rasa2", 7007)])
    assert "server rasa2 127.0.0.1:7007 cookie rasa2" in rendered
    assert "$" not in rendered
    for index, text in enumerate((rendered, (HAPROXY / "haproxy.docker.cfg").read_text("utf-8"))):
        config = tmp_path / f"haproxy{index}.cfg"
        config.write_text(text, "utf-8")
        result = subprocess.run(
            ["haproxy", "-c", "-q", "-f", str(config)], capture_output=True, text=True
        )
        # The docker config resolves `rasa` only at run time (init-addr none): valid here too.
        assert result.returncode == 0, result.stderr


def test_redis_url_is_split_for_the_endpoints_file() -> None:
    assert stack.parse_redis_url("redis://10.0.0.5:6380/2") == {
        "REDIS_HOST": "10.0.0.5",
        "REDIS_PORT": "6380",
        "REDIS_DB": "2",
    }
    with pytest.raises(SystemExit):
        stack.parse_redis_url("http://x")


def _supervised(tmp_path: Path, argv: list[str]) -> dict[str, object]:
    """The programs of a rendered supervisord config, as supervisord itself reads them."""
    from supervisor.options import ServerOptions

    args = stack._parser().parse_args([*argv, "--log-dir", str(tmp_path)])
    plan = stack.Stack(args)
    config = tmp_path / "supervisord.conf"
    config.write_text(plan.supervisord_config("secret"), "utf-8")
    options = ServerOptions()
    options.realize(["-c", str(config)])
    assert options.nodaemon is True
    return {p.name: p for group in options.process_group_configs for p in group.process_configs}


def test_supervisord_restarts_every_server_of_make_run(tmp_path: Path) -> None:
    from supervisor.datatypes import RestartUnconditionally

    programs = _supervised(tmp_path, ["run", "--rasa-port", "7005", "--action-port", "7055"])
    assert set(programs) == {"actions", "rasa", "web"}
    for program in programs.values():
        assert program.autorestart is RestartUnconditionally  # any exit, any exit code
        assert program.startretries >= 3 and program.stopasgroup and program.killasgroup
        assert program.stdout_logfile == str(tmp_path / f"{program.name}.log")
    assert "--port 7005" in programs["rasa"].command
    assert "--endpoints endpoints.yml" in programs["rasa"].command
    assert programs["rasa"].startsecs >= 10  # a crash while loading the model is a failed start


def test_supervisord_runs_each_rasa_process_of_run_scaled(tmp_path: Path) -> None:
    argv = ["run-scaled", "--processes", "3", "--lb-port", "7005", "--action-port", "7055",
            "--database-url", "postgresql+psycopg2://postgres@127.0.0.1/x", "--no-web"]  # fmt: skip
    programs = _supervised(tmp_path, argv)
    assert set(programs) == {"actions", "rasa1", "rasa2", "rasa3", "haproxy"}
    assert "--port 7008" in programs["rasa3"].command
    assert "--interface 127.0.0.1" in programs["rasa3"].command
    assert "endpoints.scaled.yml" in programs["rasa1"].command
    assert programs["haproxy"].command.startswith("haproxy -db -f ")


def test_every_compose_service_is_restarted_and_health_checked() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))["services"]
    for name, service in services.items():
        if name == "seed":  # a one-off job: retried until it succeeds, its exit code is its health
            assert service["restart"] == "on-failure"
            continue
        assert service["restart"] == "unless-stopped", name
        test = service["healthcheck"]["test"]
        assert test[0] in {"CMD", "CMD-SHELL"} and len(test) > 1, name
    rasa_check = " ".join(services["rasa"]["healthcheck"]["test"])
    assert "127.0.0.1:5005/" in rasa_check
    assert "start_period" in services["rasa"]["healthcheck"]  # the model loads for a minute
    lb_check = " ".join(services["lb"]["healthcheck"]["test"])
    monitor = (HAPROXY / "haproxy.docker.cfg").read_text("utf-8")
    assert "/lb-health" in lb_check and "monitor-uri /lb-health" in monitor
