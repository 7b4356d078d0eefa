"""Lazy engine and session factory, and schema upgrades through Alembic.

Nothing connects at import time: engines are built on first use and cached per URL.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.settings import get_settings

SQLITE_BUSY_TIMEOUT_S = 15
PG_CONNECT_TIMEOUT_S = 5
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker] = {}


def database_url(url: str | None = None) -> str:
    """``url`` or the configured ``DATABASE_URL`` (default: SQLite under ``var/``)."""
    return url or get_settings().database_url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _build_engine(url: str) -> Engine:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        options: dict[str, Any] = {}
        if parsed.database not in (None, "", ":memory:"):
            # SQLAlchemy 1.4 gives a file database a NullPool: every session opened a new
            # connection that re-read the schema with a cold page cache (about half of a
            # ``lookup``). A pool, 2.0's default, keeps them; check_same_thread=False allows it.
            options["poolclass"] = QueuePool
        engine = create_engine(
            url,
            future=True,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            **options,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args: dict[str, Any] = {}
    if backend == "postgresql":
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: settings), created on first use and cached."""
    resolved = database_url(url)
    with _lock:
        engine = _engines.get(resolved)
        if engine is None:
            engine = _build_engine(resolved)
            _engines[resolved] = engine
        return engine


def get_session_factory(url: str | None = None) -> sessionmaker:
    """The session factory for ``url``: ``with get_session_factory(url).begin() as session``
    commits on success, rolls back on error and closes the session."""
    resolved = database_url(url)
    engine = get_engine(resolved)
    with _lock:
        factory = _factories.get(resolved)
        if factory is None:
            factory = sessionmaker(bind=engine, future=True, expire_on_commit=False)
            _factories[resolved] = factory
        return factory


def session_scope(url: str | None = None) -> AbstractContextManager[Session]:
    """``with session_scope(url) as session``: the factory's ``begin()`` (commits on success,
    rolls back on error, closes), kept by name for the staff console and its tests."""
    return get_session_factory(url).begin()


def dispose_engines() -> None:
    """Close all pooled connections and forget the cached engines (tests, shutdown)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _factories.clear()


def _ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


def alembic_config(url: str | None = None) -> Any:
    """A programmatic Alembic config: works from any working directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database_url"] = database_url(url)
    return config


def upgrade_schema(url: str | None = None, revision: str = "head") -> str | None:
    """Create or upgrade the schema to ``revision``; returns the revision now current."""
    from alembic import command

    resolved = database_url(url)
    _ensure_sqlite_dir(resolved)
    config = alembic_config(resolved)
    with get_engine(resolved).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return current_revision(resolved)


def current_revision(url: str | None = None) -> str | None:
    """The Alembic revision of the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
