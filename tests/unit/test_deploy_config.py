"""Deployment files stay valid (docker-compose 1.29 from Debian validates without an engine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
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
    assert credentials["socketio"]["session_persistence"] is True


def test_socketio_is_pinned_below_the_version_that_breaks_rasa_36() -> None:
    # Rasa 3.6's socketio channel with session_persistence never answers with >= 5.10.
    from importlib.metadata import version

    assert version("python-socketio") == "5.9.0"
    assert version("rasa") == "3.6.21"
