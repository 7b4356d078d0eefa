"""Shared fixtures: throwaway SQLite and PostgreSQL databases, seeded with the referral data.

PostgreSQL: a fresh database per test on 127.0.0.1:5432 as user ``postgres`` (override with
``LOTSE_TEST_PG_HOST`` / ``LOTSE_TEST_PG_PORT`` / ``LOTSE_TEST_PG_USER``). When the server is
unreachable the tests fail if ``CI=true`` and are skipped otherwise.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.db.session import dispose_engines, get_session_factory, upgrade_schema
from bot.load.formats import read_records
from bot.load.records import ReferralRecord
from bot.load.referrals_yaml import import_records
from tests.conftest import require_service

REPO = Path(__file__).resolve().parents[2]
SHIPPED_REFERRALS = REPO / "bot" / "data" / "referrals.yaml"
TEST_DATA = REPO / "tests" / "data"

PG_HOST = os.environ.get("LOTSE_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("LOTSE_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("LOTSE_TEST_PG_USER", "postgres")


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    """Each test starts and ends without cached engines (no leaked pools or file handles)."""
    dispose_engines()
    yield
    dispose_engines()


@pytest.fixture(scope="session")
def shipped_records() -> list[ReferralRecord]:
    return read_records(SHIPPED_REFERRALS)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'lotse.db'}"


def _pg_admin_connection():  # type: ignore[no-untyped-def]
    import psycopg2

    try:
        connection = psycopg2.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=3
        )
    except psycopg2.OperationalError as exc:
        reason = f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} as {PG_USER}: {exc}".strip()
        require_service(f"{reason} (start the server or set LOTSE_TEST_PG_HOST/PORT/USER)")
    connection.autocommit = True
    return connection


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = f"lotse_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_connection()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        dispose_engines()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database: SQLite in tmp_path, and (marked ``postgres``) PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def seeded_url(db_url: str, shipped_records: list[ReferralRecord]) -> str:
    """A migrated database holding the shipped referral records."""
    upgrade_schema(db_url)
    with get_session_factory(db_url).begin() as session:
        import_records(session, shipped_records)
    return db_url


@pytest.fixture
def seeded_sqlite_url(sqlite_url: str, shipped_records: list[ReferralRecord]) -> str:
    upgrade_schema(sqlite_url)
    with get_session_factory(sqlite_url).begin() as session:
        import_records(session, shipped_records)
    return sqlite_url


@pytest.fixture
def session(seeded_url: str) -> Iterator[Session]:
    with get_session_factory(seeded_url).begin() as active:
        yield active
