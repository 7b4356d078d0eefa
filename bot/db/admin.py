"""Throwaway PostgreSQL databases for benchmarks and tests (never the configured one)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}


@contextmanager
def temporary_postgres_database(prefix: str = "lotse_tmp") -> Iterator[str]:
    """Create ``<prefix>_<random>`` on the local server, yield its URL, drop it afterwards."""
    import psycopg2

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(connect_timeout=3, **PG_ADMIN)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield (
            f"postgresql+psycopg2://{PG_ADMIN['user']}@{PG_ADMIN['host']}:{PG_ADMIN['port']}/{name}"
        )
    finally:
        from bot.db.session import dispose_engines

        dispose_engines()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
