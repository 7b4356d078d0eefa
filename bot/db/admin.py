"""PostgreSQL databases: created when missing (`make run-scaled`), throwaway ones for
benchmarks and tests (never the configured one)."""

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


def ensure_postgres_database(database_url: str) -> None:
    """Create the PostgreSQL database of ``database_url`` if it does not exist yet."""
    import sqlalchemy as sa

    url = sa.engine.make_url(database_url)
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).scalar()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
                print(f"PostgreSQL-Datenbank {url.database} angelegt.", flush=True)
    except sa.exc.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL at {url.host}:{url.port or 5432} is not reachable: {exc.orig}"
        ) from exc
    finally:
        engine.dispose()
