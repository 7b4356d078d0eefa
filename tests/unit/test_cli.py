"""The ``lotse`` console script (called in-process through ``main``)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from bot import cli
from bot.db.session import get_session_factory
from bot.load.formats import dump_yaml, read_records
from bot.load.records import ReferralRecord
from bot.load.referrals_yaml import offer_count

UNREACHABLE = "postgresql+psycopg2://postgres@127.0.0.1:1/none"


def run(url: str, *args: str) -> int:
    return cli.main(["--database-url", url, *args])


def test_upgrade_and_seed_are_idempotent(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "db", "upgrade") == 0
    assert "revision 0004" in capsys.readouterr().out
    assert run(sqlite_url, "db", "seed") == 0
    assert "42 created" in capsys.readouterr().out
    assert run(sqlite_url, "db", "seed") == 0
    assert "up to date" in capsys.readouterr().out
    with get_session_factory(sqlite_url).begin() as session:
        assert offer_count(session) == 42


def test_database_url_from_the_environment(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert cli.main(["db", "seed"]) == 0
    with get_session_factory(sqlite_url).begin() as session:
        assert offer_count(session) == 42


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_export_then_import_round_trip(
    seeded_sqlite_url: str,
    tmp_path: Path,
    suffix: str,
    shipped_records: list[ReferralRecord],
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / f"export{suffix}"
    assert run(seeded_sqlite_url, "db", "export", str(target)) == 0
    assert read_records(target) == shipped_records
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert run(fresh, "db", "import", str(target)) == 0
    assert "42 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert run(fresh, "db", "import", str(target)) == 0
    assert "0 created, 0 updated, 42 unchanged" in capsys.readouterr().out


def test_import_refuses_invalid_files_unless_forced(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = ReferralRecord(
        name="Test",
        kind="hotline",
        covers=("Nordrhein-Westfalen",),
        phone="0201 123456 oder so",
        audiences=("relatives",),
        source_url="https://example.org",
        source_date="2026-01-01",
        phone_status="verified_operator_source",
    )
    broken = ReferralRecord(name="Kaputt", kind="unbekannt", audiences=("relatives",))
    path = tmp_path / "bad.yaml"
    path.write_text(dump_yaml([good, broken]), encoding="utf-8")
    assert run(sqlite_url, "db", "import", str(path)) == 1
    out = capsys.readouterr().out
    assert "Import refused" in out and "phone contains characters" in out
    assert run(sqlite_url, "db", "import", "--force", str(path)) == 0
    out = capsys.readouterr().out
    assert "Skipped (cannot be stored even with --force): Kaputt" in out
    assert "1 created" in out
    assert run(sqlite_url, "db", "check", "--today", "2026-06-01") == 1  # the bad phone


def test_check_reports_stale_and_undated(
    seeded_sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(seeded_sqlite_url, "db", "check", "--today", "2026-11-23") == 0
    out = capsys.readouterr().out
    assert "Stale (older than 365 days, dated before 2025-11-23): 15" in out
    assert "Undated (no date in source_date, check by hand): 27" in out
    assert "42 record(s): 0 error(s)" in out


def test_check_the_age_comes_from_the_setting_or_the_option(
    seeded_sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REFERRAL_MAX_AGE_DAYS", "3650")
    assert run(seeded_sqlite_url, "db", "check", "--today", "2026-11-23") == 0
    out = capsys.readouterr().out
    assert (
        "Stale (older than 3650 days, dated before 2016-11-25): 2" in out
    )  # 110, TelefonSeelsorge
    assert "WARNING" in out and "source_date '2011-12-01" not in out  # listed once, not twice
    assert (
        run(seeded_sqlite_url, "db", "check", "--today", "2026-11-23", "--max-age-days", "30") == 0
    )
    assert "Stale (older than 30 days, dated before 2026-10-24): 15" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:  # argparse refuses it
        run(seeded_sqlite_url, "db", "check", "--max-age-days", "0")
    assert refused.value.code == 2


def test_check_names_the_record_with_unreadable_hours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = Path(cli.__file__).parent / "data" / "referrals.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        "hours: werktags (Mo–Fr) 9–15 Uhr", "hours: werktags ab 9"
    )
    broken = tmp_path / "referrals.yaml"
    broken.write_text(text, encoding="utf-8")
    assert run(UNREACHABLE, "db", "check", "--file", str(broken), "--today", "2026-11-23") == 1
    out = capsys.readouterr().out
    assert (
        "ERROR   Beratungsstelle Radikalisierung (BAMF) – bundesweite Hotline [hours] "
        "cannot read 'werktags ab 9'"
    ) in out
    assert "1 error(s)" in out


def test_check_a_file_without_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(cli.__file__).parent / "data" / "referrals.yaml"
    assert run(UNREACHABLE, "db", "check", "--file", str(shipped), "--today", "2026-11-23") == 0
    assert "42 record(s)" in capsys.readouterr().out


def test_file_and_database_errors(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "db", "import", str(tmp_path / "missing.yaml")) == 2
    assert run(sqlite_url, "db", "import", str(tmp_path / "x.json")) == 2
    assert run(sqlite_url, "db", "export", str(tmp_path / "x.json")) == 2
    assert run(UNREACHABLE, "db", "upgrade") == 1
    assert "error: database" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(sqlite_url, "db", "check", "--today", "23.11.2026")


def test_new_command_groups_can_register(capsys: pytest.CaptureFixture[str]) -> None:
    module = types.ModuleType("lotse_test_group")
    module.HELP = "test group"  # type: ignore[attr-defined]

    def register(parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="test_command", required=True)
        sub.add_parser("hello").set_defaults(func=lambda args: print("hello") or 0)

    module.register = register  # type: ignore[attr-defined]
    sys.modules["lotse_test_group"] = module
    try:
        cli.register_group("test", "lotse_test_group")
        assert cli.main(["test", "hello"]) == 0
        assert capsys.readouterr().out == "hello\n"
    finally:
        cli.COMMAND_GROUPS.pop("test", None)
        sys.modules.pop("lotse_test_group", None)
    assert "db" in cli.COMMAND_GROUPS
