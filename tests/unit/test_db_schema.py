"""Schema and migrations on SQLite and PostgreSQL; the lazy engine and session helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from bot.db.models import Offer, OfferCoverage, metadata
from bot.db.session import (
    alembic_config,
    current_revision,
    get_engine,
    get_session_factory,
    upgrade_schema,
)

REPO = Path(__file__).resolve().parents[2]
TABLES = {
    "organisations",
    "offers",
    "offer_coverage",
    "offer_audiences",
    "offer_languages",
    "import_runs",
    "staff_users",
    "staff_audit",
    "review_labels",
}


def _offer(name: str, kind: str = "wegweiser_site") -> Offer:
    return Offer(
        name=name,
        kind=kind,
        phone_status="none",
        source_url="https://example.invalid/test",
        source_date="undatiert",
        additional_sources=[],
    )


def test_upgrade_creates_the_schema_matching_the_models(db_url: str) -> None:
    assert current_revision(db_url) is None
    assert upgrade_schema(db_url) == "0004"
    engine = get_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert upgrade_schema(db_url) == "0004"  # idempotent


def test_lookup_indexes_exist(db_url: str) -> None:
    upgrade_schema(db_url)
    inspector = inspect(get_engine(db_url))
    coverage = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("offer_coverage")}
    assert coverage["ix_offer_coverage_kreis_key"] == ["kreis_key", "offer_id", "inferred"]
    assert coverage["ix_offer_coverage_scope"] == ["scope", "offer_id"]
    audiences = {ix["name"]: ix["column_names"] for ix in inspector.get_indexes("offer_audiences")}
    assert audiences["ix_offer_audiences_audience"] == ["audience", "offer_id"]


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    upgrade_schema(db_url)
    config = alembic_config(db_url)
    with get_engine(db_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not TABLES & set(inspect(get_engine(db_url)).get_table_names())
    assert upgrade_schema(db_url) == "0004"


def test_downgrade_to_0001_restores_the_two_column_coverage_index(db_url: str) -> None:
    upgrade_schema(db_url)
    config = alembic_config(db_url)
    with get_engine(db_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    coverage = {
        ix["name"]: ix["column_names"]
        for ix in inspect(get_engine(db_url)).get_indexes("offer_coverage")
    }
    assert coverage["ix_offer_coverage_kreis_key"] == ["kreis_key", "offer_id"]
    assert upgrade_schema(db_url) == "0004"


def test_constraints_reject_bad_rows(db_url: str) -> None:
    upgrade_schema(db_url)
    with pytest.raises(IntegrityError), get_session_factory(db_url).begin() as session:
        session.add(_offer("x", kind="not_a_kind"))
    with pytest.raises(IntegrityError), get_session_factory(db_url).begin() as session:
        offer = _offer("y")
        offer.coverage.append(OfferCoverage(position=0, covers_text="?", scope="kreis"))
        session.add(offer)
    with pytest.raises(IntegrityError), get_session_factory(db_url).begin() as session:
        session.add_all([_offer("dup"), _offer("dup")])


def test_deleting_an_offer_cascades(db_url: str) -> None:
    upgrade_schema(db_url)
    with get_session_factory(db_url).begin() as session:
        offer = _offer("z")
        offer.coverage.append(
            OfferCoverage(position=0, covers_text="Essen", scope="kreis", kreis_key="05113")
        )
        session.add(offer)
    with get_session_factory(db_url).begin() as session:
        session.delete(session.execute(select(Offer)).scalar_one())
    with get_session_factory(db_url).begin() as session:
        assert session.execute(select(OfferCoverage)).first() is None


def test_a_session_rolls_back_on_error(sqlite_url: str) -> None:
    upgrade_schema(sqlite_url)
    with pytest.raises(RuntimeError), get_session_factory(sqlite_url).begin() as session:
        session.add(_offer("rolled back"))
        session.flush()
        raise RuntimeError("boom")
    with get_session_factory(sqlite_url).begin() as session:
        assert session.execute(select(Offer)).first() is None


def test_engines_are_cached_per_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = f"sqlite:///{tmp_path / 'a.db'}"
    second = f"sqlite:///{tmp_path / 'b.db'}"
    engine, factory = get_engine(first), get_session_factory(first)
    assert get_engine(first) is engine and get_session_factory(first) is factory
    assert get_engine(second) is not engine
    monkeypatch.setenv("DATABASE_URL", second)
    assert get_engine() is get_engine(second)


def test_postgres_engine_pings_before_use() -> None:
    engine = get_engine("postgresql+psycopg2://postgres@127.0.0.1:1/none")  # never connects
    assert engine.pool._pre_ping


def test_sqlite_directory_is_created_by_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'dir' / 'lotse.db'}"
    assert upgrade_schema(url) == "0004"


def test_alembic_cli_runs_from_any_directory(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    ini = str(REPO / "alembic.ini")
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", ini, "upgrade", "head"],
        check=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
    )
    assert current_revision(url) == "0004"


def test_upgrade_to_0004_reads_the_hours_of_stored_offers(db_url: str) -> None:
    """Revision 0004 fills ``opening_hours`` for rows stored before it (no new import needed);
    an empty or unreadable text stays NULL."""
    from sqlalchemy import text

    assert upgrade_schema(db_url, "0003") == "0003"
    rows = [
        ("Chat", "Mo–Fr 10–22 Uhr, Sa/So 14–20 Uhr"),
        ("Ohne", None),
        ("Kaputt", "Montag früh"),
    ]
    with get_engine(db_url).begin() as connection:
        for name, hours in rows:
            connection.execute(
                text(
                    "INSERT INTO offers (name, kind, phone_status, hours, source_url,"
                    " source_date, additional_sources)"
                    " VALUES (:name, 'online_chat', 'none', :hours, 'https://x.org', '2026',"
                    " '[]')"
                ),
                {"name": name, "hours": hours},
            )
    assert upgrade_schema(db_url) == "0004"
    with get_session_factory(db_url).begin() as session:
        stored = dict(session.execute(select(Offer.name, Offer.opening_hours)).all())
    assert stored["Chat"]["slots"][1] == {
        "days": [5, 6],
        "start": "14:00",
        "end": "20:00",
        "label": "",
        "holidays": False,
    }
    assert stored["Ohne"] is None and stored["Kaputt"] is None
