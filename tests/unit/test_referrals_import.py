"""Import/export of referral records: round trips, idempotence, coverage mapping."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.models import Offer, OfferCoverage, Organisation
from bot.db.session import get_session_factory, upgrade_schema
from bot.load.coverage import map_covers
from bot.load.formats import (
    dump_csv,
    dump_yaml,
    file_sha256,
    parse_csv,
    parse_yaml,
    read_records,
    write_records,
)
from bot.load.records import RecordFormatError, ReferralRecord, parse_source_date
from bot.load.referrals_yaml import (
    export_file,
    export_records,
    import_file,
    import_records,
    was_imported,
)

GAP_KREISE = {"05316", "05362", "05566", "05570"}  # Leverkusen, Rhein-Erft, Steinfurt, Warendorf


def test_import_twice_changes_nothing(db_url: str, shipped_records: list[ReferralRecord]) -> None:
    upgrade_schema(db_url)
    with get_session_factory(db_url).begin() as session:
        first = import_records(session, shipped_records)
    with get_session_factory(db_url).begin() as session:
        second = import_records(session, shipped_records)
    assert (first.created, first.updated, first.unchanged) == (42, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 42)
    assert not second.changed


def test_export_round_trips_yaml_and_csv(
    seeded_url: str, shipped_records: list[ReferralRecord], tmp_path: Path
) -> None:
    with get_session_factory(seeded_url).begin() as session:
        assert export_records(session) == shipped_records
        export_file(session, tmp_path / "out.yaml")
        export_file(session, tmp_path / "out.csv")
    assert read_records(tmp_path / "out.yaml") == shipped_records
    assert read_records(tmp_path / "out.csv") == shipped_records
    with get_session_factory(
        seeded_url
    ).begin() as session:  # re-importing the export: nothing to do
        report = import_file(session, tmp_path / "out.csv")
        assert (report.created, report.updated, report.unchanged) == (0, 0, 42)
        assert was_imported(session, file_sha256(tmp_path / "out.csv"))


def test_text_round_trips_without_a_database(shipped_records: list[ReferralRecord]) -> None:
    assert parse_yaml(dump_yaml(shipped_records)) == shipped_records
    assert parse_csv(dump_csv(shipped_records)) == shipped_records


def test_changed_record_is_updated(seeded_url: str, shipped_records: list[ReferralRecord]) -> None:
    essen = next(r for r in shipped_records if r.name == "Wegweiser Essen")
    changed = dataclasses.replace(essen, covers=("Essen", "Bottrop"), operator="Neuer Träger")
    records = [changed if r.name == essen.name else r for r in shipped_records]
    with get_session_factory(seeded_url).begin() as session:
        report = import_records(session, records)
        assert (report.created, report.updated, report.unchanged) == (0, 1, 41)
    with get_session_factory(seeded_url).begin() as session:
        exported = {r.name: r for r in export_records(session)}
        assert exported["Wegweiser Essen"] == changed
        orgs = set(session.execute(select(Organisation.name)).scalars())
        assert "Neuer Träger" in orgs
        assert essen.operator not in orgs  # orphaned operator removed


def test_unknown_values_stay_null(seeded_url: str) -> None:
    with get_session_factory(seeded_url).begin() as session:
        koeln = session.execute(select(Offer).where(Offer.name == "Wegweiser Köln")).scalar_one()
        assert koeln.phone is None and koeln.address is None and koeln.hours is None
        assert koeln.organisation.name == "AWO Kreisverband Köln e.V."
        wesel = session.execute(
            select(Offer).where(Offer.name.like("Wegweiser Kreis Wesel%"))
        ).scalar_one()
        assert wesel.organisation is None
        aachen = session.execute(select(Offer).where(Offer.name == "Wegweiser Aachen")).scalar_one()
        assert aachen.verified_on == dt.date(2017, 4, 12)
        assert aachen.phone == "0241 / 432 – 56 65 0"  # stored as printed, shown never


def test_coverage_rows(seeded_url: str) -> None:
    with get_session_factory(seeded_url).begin() as session:
        rows = session.execute(
            select(Offer.name, OfferCoverage).join(
                OfferCoverage, OfferCoverage.offer_id == Offer.id
            )
        ).all()
    by_name: dict[str, list[OfferCoverage]] = {}
    for name, row in rows:
        by_name.setdefault(name, []).append(row)
    assert [c.kreis_key for c in by_name["Wegweiser Aachen"]] == ["05334", "05334"]
    assert [c.kreis_key for c in by_name["Wegweiser Münster"]] == ["05515"]
    bielefeld = {c.kreis_key: c for c in by_name["Wegweiser Bielefeld / Herford"]}
    assert bielefeld["05754"].inferred and bielefeld["05754"].remark == "laut AWO OWL"
    assert not bielefeld["05711"].inferred
    bamf = by_name["Beratungsstelle Radikalisierung (BAMF) – bundesweite Hotline"][0]
    assert (bamf.scope, bamf.remark) == ("de", "einschl. NRW")
    vogel = by_name["Grüner Vogel e.V. – Beratungsstelle Leben"]
    assert [c.scope for c in vogel] == ["de", "note"]
    assert vogel[1].covers_text == "Bonner Büro betreut Fälle aus der Region"
    wegweiser_keys = {
        c.kreis_key
        for name, cs in by_name.items()
        if name.startswith("Wegweiser ")
        for c in cs
        if c.scope == "kreis"
    }
    assert len(wegweiser_keys) == 49
    assert not wegweiser_keys & GAP_KREISE


@pytest.mark.parametrize(
    ("text", "scope", "kreis_key", "remark", "inferred"),
    [
        ("Stadt Aachen", "kreis", "05334", None, False),
        ("StädteRegion Aachen", "kreis", "05334", None, False),
        ("Stadt Münster", "kreis", "05515", None, False),
        ("Kreis Gütersloh (laut AWO OWL)", "kreis", "05754", "laut AWO OWL", True),
        ("Halle (Westf.)", "kreis", "05754", None, True),  # a town: stored for its Kreis
        ("Bocholt", "kreis", "05554", None, True),
        ("Nordrhein-Westfalen", "nrw", None, None, False),
        ("alle Kreise und kreisfreien Städte in NRW", "nrw", None, None, False),
        ("Nordrhein-Westfalen (Jugendamtsbezirke)", "nrw", None, "Jugendamtsbezirke", False),
        ("bundesweit", "de", None, None, False),
        ("Deutschland", "de", None, None, False),
        ("bundesweit, einschl. NRW", "de", None, "einschl. NRW", False),
        ("bundesweit (Fälle in 15 Ländern)", "de", None, "Fälle in 15 Ländern", False),
        ("Bonner Büro betreut Fälle aus der Region", "note", None, None, False),
        ("Kreis Atlantis", "note", None, None, False),
        ("Velbret", "note", None, None, False),  # never a typo match in coverage
    ],
)
def test_map_covers(
    text: str, scope: str, kreis_key: str | None, remark: str | None, inferred: bool
) -> None:
    entry = map_covers(text)
    assert (entry.scope, entry.kreis_key, entry.remark, entry.inferred) == (
        scope,
        kreis_key,
        remark,
        inferred,
    )
    assert entry.covers_text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-04-12", dt.date(2017, 4, 12)),
        ("2020-09-09 (zuletzt geändert)", dt.date(2020, 9, 9)),
        ("2019-07 (Eröffnung 22.07.2019)", dt.date(2019, 7, 1)),
        ("2021-12", dt.date(2021, 12, 1)),
        ("April 2024 (Stand Verfassungsschutzbericht 2023, Impressum)", dt.date(2024, 4, 1)),
        ("März 2023", dt.date(2023, 3, 1)),
        ("2024 (Schule NRW 01-24)", dt.date(2024, 1, 1)),
        ("13.07.2020", dt.date(2020, 7, 13)),
        ("undatiert", None),
        ("undatiert (abgerufen 2026-11)", None),
        ("undatiert (WAZ, 2020, Corona-Zeit)", None),
        ("2021-13", None),
        ("", None),
    ],
)
def test_parse_source_date(text: str, expected: dt.date | None) -> None:
    assert parse_source_date(text) == expected


def test_not_in_file_is_reported(seeded_url: str, shipped_records: list[ReferralRecord]) -> None:
    with get_session_factory(seeded_url).begin() as session:
        report = import_records(session, shipped_records[1:])
    assert report.not_in_file == ("Wegweiser Aachen",)
    assert report.unchanged == 41


def test_bad_files_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(RecordFormatError, match="unknown field"):
        parse_yaml("- {name: x, kind: hotline, telephone: '1'}")
    with pytest.raises(RecordFormatError, match="list of records"):
        parse_yaml("name: x")
    with pytest.raises(RecordFormatError, match="lacks column"):
        parse_csv("name,kind\nx,hotline\n")
    with pytest.raises(RecordFormatError, match="line break"):
        dump_csv([ReferralRecord(name="x", kind="hotline", covers=("a\nb",))])
    with pytest.raises(ValueError, match="unsupported file type"):
        write_records(tmp_path / "x.json", [])


def test_yaml_scalars_are_read_as_text() -> None:
    record = parse_yaml("- {name: x, kind: emergency, phone: 110, source_date: 2020-01-02}")[0]
    assert record.phone == "110" and record.source_date == "2020-01-02"
    assert record.covers == () and record.notes == ""
