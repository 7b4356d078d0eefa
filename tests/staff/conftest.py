"""Fixtures of the staff console's tests: a private SQLite database and console per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.db.session import dispose_engines
from staff.app import create_app
from tests.staff.helpers import app_config, create_account, login


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    dispose_engines()
    yield
    dispose_engines()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'lotse.db'}"


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> dict[str, Any]:
    return app_config(tmp_path, db_url)


@pytest.fixture
def app(config: dict[str, Any]) -> Any:
    app = create_app(config)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def editor(app: Any, db_url: str) -> Any:
    """A test client logged in as the editor ``redakteurin``."""
    create_account(db_url, "redakteurin", "editor")
    client = app.test_client()
    assert login(client, "redakteurin").status_code == 302
    return client


@pytest.fixture
def admin(app: Any, db_url: str) -> Any:
    create_account(db_url, "chefin", "admin")
    client = app.test_client()
    assert login(client, "chefin").status_code == 302
    return client
