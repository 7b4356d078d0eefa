"""scripts/refresh_data.py: the data copies in bot/data follow the research folder."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "bot" / "data"
_spec = importlib.util.spec_from_file_location("refresh_data", REPO / "scripts/refresh_data.py")
refresh_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refresh_data)


@pytest.fixture
def research(tmp_path: Path) -> Path:
    """A research folder holding exactly what bot/data holds now."""
    source = tmp_path / "shared" / "data"
    (source / "gazetteer").mkdir(parents=True)
    shutil.copy(DATA / "referrals.yaml", source / "referrals.yaml")
    shutil.copy(DATA / "sources" / "facts.md", source / "facts.md")
    for path in (DATA / "gazetteer").iterdir():
        shutil.copy(path, source / "gazetteer" / path.name)
    return source


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A copy of bot/data to refresh."""
    copy = tmp_path / "bot-data"
    shutil.copytree(DATA, copy)
    return copy


def _run(*args: object) -> int:
    return refresh_data.main([str(arg) for arg in args])


def test_a_missing_research_folder_is_an_error_and_changes_nothing(
    tmp_path: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert _run("--source", tmp_path / "missing", "--target", target) == 1
    assert "No research folder" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_without_a_source_nothing_outside_the_repository_is_read(target: Path) -> None:
    """No default research folder: the script only rewrites the fallback from bot/data."""
    assert not hasattr(refresh_data, "DEFAULT_SOURCE")
    records = yaml.safe_load((target / "referrals.yaml").read_text("utf-8"))
    chat = next(r for r in records if r["kind"] == "online_chat")
    chat["hours"] = "Mo–So 8–20 Uhr"
    (target / "referrals.yaml").write_text(
        yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8"
    )
    assert _run("--target", target, "--check") == 1
    assert _run("--target", target) == 0
    assert "Mo–So 8–20 Uhr" in (target / "fallback_offers.yaml").read_text("utf-8")
    assert _run("--target", target, "--check") == 0


def test_the_shipped_copies_are_up_to_date_with_themselves(
    research: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("--source", research, "--target", target, "--check") == 0
    out = capsys.readouterr().out
    assert "would update" not in out and "unchanged  bot/data/fallback_offers.yaml" in out


def test_a_corrected_record_is_copied_and_the_fallback_follows(
    research: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = yaml.safe_load((research / "referrals.yaml").read_text("utf-8"))
    chat = next(r for r in records if r["kind"] == "online_chat")
    chat["hours"] = "Mo–So 8–20 Uhr"
    (research / "referrals.yaml").write_text(
        yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8"
    )
    (research / "facts.md").write_text("- a new fact — https://example.org/x\n", "utf-8")

    assert _run("--source", research, "--target", target, "--check") == 1
    assert "would update  bot/data/referrals.yaml" in capsys.readouterr().out
    assert "Mo–So 8–20 Uhr" not in (target / "fallback_offers.yaml").read_text("utf-8")

    assert _run("--source", research, "--target", target) == 0
    out = capsys.readouterr().out
    assert "updated  bot/data/referrals.yaml" in out and "updated  bot/data/sources/facts.md" in out
    assert "unchanged  bot/data/gazetteer/nrw_kreise.csv" in out
    assert "example.org" in (target / "sources" / "facts.md").read_text("utf-8")
    assert "Mo–So 8–20 Uhr" in (target / "fallback_offers.yaml").read_text("utf-8")
    assert _run("--source", research, "--target", target, "--check") == 0


def test_records_with_errors_are_not_copied(
    research: Path, target: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = yaml.safe_load((research / "referrals.yaml").read_text("utf-8"))
    records[0]["kind"] = "no_such_kind"
    (research / "referrals.yaml").write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")
    before = (target / "referrals.yaml").read_bytes()
    assert _run("--source", research, "--target", target) == 1
    assert "nothing copied" in capsys.readouterr().err
    assert (target / "referrals.yaml").read_bytes() == before
