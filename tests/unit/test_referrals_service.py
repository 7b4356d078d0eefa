"""The referral search service, its phone rules, the coverage gaps and the static fallback."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from bot.db.models import Offer as OfferRow
from bot.db.models import OfferAudience, OfferCoverage, Organisation
from bot.db.session import get_engine, get_session_factory, upgrade_schema
from bot.geo import all_kreise, resolve_place
from bot.load.coverage import map_covers
from bot.load.formats import dump_yaml
from bot.load.records import ReferralRecord
from bot.load.referrals_yaml import export_records, import_records
from bot.referrals import (
    emergency_contacts,
    fallback_result,
    find_offers,
    kept,
    lookup,
    lookup_emergency_contacts,
)
from bot.referrals.fallback import (
    FALLBACK_HEADER,
    fallback_emergency_contacts,
    fallback_records,
    fallback_selection,
)
from bot.referrals.messages import referral_messages
from bot.referrals.queries import OFFER_COLUMNS, candidate, with_languages
from bot.referrals.rules import (
    CENTRAL_PLAN,
    LOCAL_LIMIT,
    Offer,
    ReferralResult,
    select_local,
)
from bot.settings import get_settings
from bot.vocab import AUDIENCES, SHOWABLE_PHONE_STATUSES

REPO = Path(__file__).resolve().parents[2]
CHAT = "Wegweiser NRW – Online-Chat"
BAMF = "Beratungsstelle Radikalisierung (BAMF) – bundesweite Hotline"
API = "API – Aussteigerprogramm Islamismus NRW"
VOGEL = "Grüner Vogel e.V. – Beratungsstelle Leben"
SYSTEX = (
    "Schulpsychologische Beratungsstellen – Fachkräfte für Systemische Extremismusprävention "
    "(SystEx)"
)
PLAN_P = "Plan P. – Jugend stark machen gegen islamistische Radikalisierung"
UNREACHABLE = "postgresql+psycopg2://postgres@127.0.0.1:1/none"


def kreis_of(text: str) -> str:
    key = resolve_place(text).kreis_key
    assert key is not None
    return key


def names(offers: tuple) -> list[str]:
    return [offer.name for offer in offers]


def test_velbert_gets_the_wegweiser_for_kreis_mettmann(session: Session) -> None:
    result = find_offers(session, kreis_key=kreis_of("Velbert"), audience="relatives")
    assert result.kreis_key == "05158"
    assert names(result.local) == ["Wegweiser Düsseldorf / Kreis Mettmann"]
    assert not result.coverage_gap and not result.degraded
    assert names(result.central) == [CHAT, BAMF]
    assert result.central[1].phone == "0911 943 43 43"
    assert result.central[0].phone is None and result.central[0].website


def test_essen_shows_its_verified_phone(session: Session) -> None:
    local = find_offers(session, kreis_key=kreis_of("Essen"), audience="relatives").local
    assert names(local) == ["Wegweiser Essen"]
    assert local[0].phone == "0201 52 32 58 90"
    assert local[0].email == "wegweiser@essen.de"
    assert local[0].source_date.startswith("undatiert")


@pytest.mark.parametrize(
    ("place", "name"),
    [
        ("Aachen", "Wegweiser Aachen"),
        ("Dortmund", "Wegweiser Dortmund / Hamm / Kreis Unna"),
        ("Mülheim an der Ruhr", "Wegweiser Oberhausen / Mülheim an der Ruhr"),
    ],
)
def test_numbers_from_older_sources_are_never_shown(
    session: Session, place: str, name: str
) -> None:
    local = find_offers(session, kreis_key=kreis_of(place), audience="relatives").local
    assert names(local) == [name]
    assert local[0].phone is None


@pytest.mark.parametrize(
    "place", ["Leverkusen", "Rhein-Erft-Kreis", "Kreis Steinfurt", "Warendorf"]
)
def test_coverage_gaps_get_central_offers_only(session: Session, place: str) -> None:
    result = find_offers(session, kreis_key=kreis_of(place), audience="relatives")
    assert result.coverage_gap
    assert result.local == ()
    assert names(result.central) == [CHAT, BAMF]


def test_exit_needs_no_place(session: Session) -> None:
    result = find_offers(session, kreis_key=None, audience="exit")
    assert result.local == () and not result.coverage_gap
    assert names(result.central) == [API, VOGEL]
    assert result.central[0].phone is None  # no API number was found: none is invented
    assert result.central[1].phone == "+49 176 4525 9019"


def test_exit_with_a_place_adds_local_exit_help(session: Session) -> None:
    result = find_offers(session, kreis_key=kreis_of("Coesfeld"), audience="exit")
    assert names(result.local) == ["Wegweiser Kreis Coesfeld / Kreis Borken"]
    assert names(result.central) == [API, VOGEL]


def test_teachers_get_school_offers_and_the_local_wegweiser(session: Session) -> None:
    result = find_offers(session, kreis_key=kreis_of("Bielefeld"), audience="teachers")
    assert names(result.local) == ["Wegweiser Bielefeld / Herford"]
    assert names(result.central)[0] == SYSTEX
    assert CHAT in names(result.central) and BAMF in names(result.central)


def test_professionals_get_plan_p_and_the_local_wegweiser(session: Session) -> None:
    result = find_offers(session, kreis_key=kreis_of("Bonn"), audience="professionals")
    assert names(result.local) == ["Wegweiser Bonn / Rhein-Sieg-Kreis / Kreis Euskirchen"]
    assert names(result.central) == [PLAN_P, CHAT, BAMF]
    assert result.central[0].phone == "0221-92 13 92-0"


def test_wegweiser_comes_before_peer_projects(session: Session) -> None:
    result = find_offers(session, kreis_key=kreis_of("Köln"), audience="affected")
    assert names(result.local) == ["Wegweiser Köln", "180 Grad Wende „R“ (Köln)"]
    assert result.local[1].phone == "0221 16832209"  # official_source_undated may be shown
    assert names(result.central) == [CHAT]  # the BAMF data does not name "affected"


def test_inferred_coverage_is_flagged(session: Session) -> None:
    local = find_offers(session, kreis_key=kreis_of("Gütersloh"), audience="relatives").local
    assert names(local) == ["Wegweiser Bielefeld / Herford"]
    assert local[0].inferred_coverage
    bielefeld = find_offers(session, kreis_key="05711", audience="relatives").local
    assert not bielefeld[0].inferred_coverage


def test_rules_hold_for_every_kreis_and_audience(
    session: Session, shipped_records: list[ReferralRecord]
) -> None:
    by_name = {record.name: record for record in shipped_records}
    gaps = set()
    for kreis in all_kreise():
        for audience in AUDIENCES:
            result = find_offers(session, kreis_key=kreis.kreis_key, audience=audience)
            if result.coverage_gap:
                gaps.add(kreis.kreis_key)
            for offer in result.offers:
                record = by_name[offer.name]
                assert record.kind not in ("emergency", "crisis_line", "authority_contact")
                assert audience in record.audiences
                if offer.phone is not None:
                    assert record.phone_status in SHOWABLE_PHONE_STATUSES
                    assert offer.phone == record.phone
            assert "Wegweiser – landesweite Hotline beim Innenministerium (UNBESTÄTIGT)" not in (
                names(result.offers)
            )
            if audience != "exit":
                assert result.central, (kreis, audience)
    assert gaps == {"05316", "05362", "05566", "05570"}


def test_emergency_contacts_come_in_order(session: Session) -> None:
    contacts = emergency_contacts(session)
    assert [c.phone for c in contacts] == ["110", "112", "0800 111 0 111 / 0800 111 0 222"]
    assert contacts[2].name == "TelefonSeelsorge"


def test_unknown_audience_is_an_error(session: Session) -> None:
    with pytest.raises(ValueError, match="unknown audience"):
        find_offers(session, kreis_key="05113", audience="parents")


def test_lookup_uses_the_database_when_it_works(seeded_sqlite_url: str) -> None:
    result = lookup("05113", "relatives", url=seeded_sqlite_url)
    assert not result.degraded and names(result.local) == ["Wegweiser Essen"]
    assert lookup_emergency_contacts(url=seeded_sqlite_url)[0].phone == "110"


def test_lookups_reuse_the_sqlite_connection(seeded_sqlite_url: str) -> None:
    """No new connection (schema read, cold page cache) per lookup on a SQLite file."""
    connects: list[object] = []
    event.listen(get_engine(seeded_sqlite_url), "connect", lambda *_: connects.append(1))
    for key in ("05113", "05315", "05158"):
        assert not lookup(key, "relatives", url=seeded_sqlite_url).degraded
    assert connects == []


def _statements(url: str) -> list[str]:
    """The statements run on ``url``'s engine from now on."""
    statements: list[str] = []
    event.listen(get_engine(url), "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_a_lookup_is_kept_for_the_configured_time(
    seeded_sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within REFERRAL_CACHE_SECONDS the same question reads nothing; then it reads again,
    and an edit of the directory shows; 0 keeps nothing."""
    monkeypatch.setenv("REFERRAL_CACHE_SECONDS", "60")
    clock = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock[0])
    first = lookup("05113", "relatives", url=seeded_sqlite_url)
    contacts = lookup_emergency_contacts(url=seeded_sqlite_url)
    statements = _statements(seeded_sqlite_url)
    clock[0] += 59
    assert lookup("05113", "relatives", url=seeded_sqlite_url) == first
    assert lookup_emergency_contacts(url=seeded_sqlite_url) == contacts
    assert statements == []
    assert lookup("05113", "affected", url=seeded_sqlite_url) != first  # another key reads
    assert statements

    with get_session_factory(seeded_sqlite_url).begin() as session:
        session.execute(
            text("UPDATE offers SET city = 'Essen-Mitte' WHERE name = 'Wegweiser Essen'")
        )
    assert lookup("05113", "relatives", url=seeded_sqlite_url).local[0].city == "Essen"
    clock[0] += 1
    assert lookup("05113", "relatives", url=seeded_sqlite_url).local[0].city == "Essen-Mitte"

    monkeypatch.setenv("REFERRAL_CACHE_SECONDS", "0")
    get_settings.cache_clear()
    with get_session_factory(seeded_sqlite_url).begin() as session:
        session.execute(text("UPDATE offers SET city = 'Essen' WHERE name = 'Wegweiser Essen'"))
    assert lookup("05113", "relatives", url=seeded_sqlite_url).local[0].city == "Essen"


def test_an_import_is_read_at_once_in_its_process(seeded_sqlite_url: str) -> None:
    before = lookup("05113", "relatives", url=seeded_sqlite_url).local[0]
    with get_session_factory(seeded_sqlite_url).begin() as session:
        records = [
            replace(record, city="Essen-Mitte") if record.name == before.name else record
            for record in export_records(session)
        ]
        import_records(session, records)
    assert lookup("05113", "relatives", url=seeded_sqlite_url).local[0].city == "Essen-Mitte"


def test_the_fallback_of_an_outage_is_never_kept(
    tmp_path: Path, shipped_records: list[ReferralRecord]
) -> None:
    """A database that was down is asked again on the next turn."""
    url = f"sqlite:///{tmp_path}/later.db"
    assert lookup("05113", "relatives", url=url).degraded
    assert lookup_emergency_contacts(url=url)[0].phone == "110"  # the static copy
    upgrade_schema(url)
    with get_session_factory(url).begin() as session:
        import_records(session, shipped_records)
    assert names(lookup("05113", "relatives", url=url).local) == ["Wegweiser Essen"]
    statements = _statements(url)
    lookup_emergency_contacts(url=url)
    assert statements  # read from the database now, not kept from the outage


@pytest.mark.parametrize(
    "url",
    [UNREACHABLE, "sqlite:////nonexistent-dir/lotse/lotse.db", "sqlite:///{tmp}/empty.db"],
    ids=["postgres-down", "broken-sqlite-path", "unmigrated-sqlite"],
)
def test_lookup_falls_back_when_the_database_fails(
    url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = url.format(tmp=tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.referrals"):
        result = lookup("05158", "relatives", url=url)
    assert result.degraded and result.local == ()
    assert names(result.central) == [CHAT, BAMF]
    assert result.central[1].phone == "0911 943 43 43"
    assert "fallback" in caplog.text and "05158" not in caplog.text
    assert not Path("/nonexistent-dir").exists()
    assert [c.phone for c in lookup_emergency_contacts(url=url)] == [
        "110",
        "112",
        "0800 111 0 111 / 0800 111 0 222",
    ]


def test_empty_directory_uses_the_fallback(sqlite_url: str) -> None:
    from bot.db.session import upgrade_schema

    upgrade_schema(sqlite_url)
    assert lookup("05113", "exit", url=sqlite_url).degraded


def test_fallback_file_is_written_from_the_shipped_records(
    shipped_records: list[ReferralRecord],
) -> None:
    """`make refresh-data` writes it from referrals.yaml: the copy cannot drift."""
    text = (REPO / "bot" / "data" / "fallback_offers.yaml").read_text("utf-8")
    assert text == dump_yaml(fallback_selection(shipped_records), header=FALLBACK_HEADER)


def test_fallback_emergency_contacts_match_the_database(session: Session) -> None:
    assert fallback_emergency_contacts() == emergency_contacts(session)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_fallback_matches_the_database_answer(session: Session, audience: str) -> None:
    fallback = fallback_result(audience)
    assert fallback.degraded and fallback.central
    database = with_languages(session, find_offers(session, kreis_key=None, audience=audience))
    assert fallback.central == database.central


def test_fallback_records_are_exact_copies(shipped_records: list[ReferralRecord]) -> None:
    by_name = {record.name: record for record in shipped_records}
    copies = fallback_records()
    for record in copies:
        assert record == by_name[record.name]
    central_kinds = {kind for kinds in CENTRAL_PLAN.values() for kind in kinds}
    expected = {
        r.name
        for r in shipped_records
        if r.kind in ("emergency", "crisis_line")
        or (
            r.kind in central_kinds
            and any(map_covers(c).scope in ("nrw", "de") for c in r.covers)
            and (r.kind != "hotline" or r.phone_status in SHOWABLE_PHONE_STATUSES)
        )
    }
    assert {r.name for r in copies} == expected
    assert [c.phone for c in fallback_emergency_contacts()][:2] == ["110", "112"]


# --- Local offers ranked and cut in SQL -------------------------------------------------------

KOELN = "05315"
# (name, kind, [inferred flag of each coverage row for Köln], audiences). Names are chosen so
# that code-point order (Python, the rule) differs from German dictionary order.
CROWD: list[tuple[str, str, list[bool], tuple[str, ...]]] = [
    ("Zebra Wegweiser-Test", "wegweiser_site", [False], ("relatives", "affected")),
    ("apfel Wegweiser-Test", "wegweiser_site", [False], ("relatives",)),
    ("Ärger Wegweiser-Test", "wegweiser_site", [True], ("relatives",)),
    ("Bunt Wegweiser-Test", "wegweiser_site", [True, False], ("relatives",)),  # one sure row
    ("Aal Wegweiser-Test", "wegweiser_site", [True, True], ("relatives",)),  # only guessed
    ("Österreich Peer-Test", "peer_project", [False], ("relatives", "affected")),
    ("Oase Peer-Test", "peer_project", [False], ("relatives",)),
    ("Aachen Partner-Test", "network_partner", [False], ("relatives",)),
    ("Chat-Test", "online_chat", [False], ("relatives",)),
    ("Aaa Netzwerk-Test", "network", [False], ("relatives",)),  # never a local offer
    ("Aaa Notruf-Test", "emergency", [False], ("relatives",)),  # never a counselling offer
    ("Aaa Lehrkräfte-Test", "wegweiser_site", [False], ("teachers",)),  # other audience
]
# select_local on the crowd plus the shipped Köln offers, by hand: kind rank, then sure
# before inferred coverage, then name by code point ("Z" < "a" < "Ä").
CROWD_ORDER = [
    "Bunt Wegweiser-Test",
    "Wegweiser Köln",
    "Zebra Wegweiser-Test",
    "apfel Wegweiser-Test",
    "Aal Wegweiser-Test",
    "Ärger Wegweiser-Test",
    "180 Grad Wende „R“ (Köln)",  # shipped
    "Oase Peer-Test",
    "Österreich Peer-Test",
    "Aachen Partner-Test",
    "Chat-Test",
]


def add_crowd(session: Session) -> None:
    """The shipped data plus ``CROWD`` covering Köln (some rows in Essen too)."""
    operator = Organisation(name="Träger-Test")
    for n, (name, kind, inferred, audiences) in enumerate(CROWD):
        row = OfferRow(
            name=name,
            kind=kind,
            organisation=operator if n % 2 else None,
            city="Köln",
            phone=f"0221 {n:06d}",
            phone_status="verified_operator_source" if n % 3 else "none",
            source_url=f"https://example.invalid/{n}",
            source_date="2026-11-23",
            additional_sources=[],
        )
        for position, flag in enumerate(inferred):
            row.coverage.append(
                OfferCoverage(
                    position=position,
                    covers_text="Köln",
                    scope="kreis",
                    kreis_key=KOELN,
                    inferred=flag,
                )
            )
        row.coverage.append(
            OfferCoverage(
                position=len(inferred),
                covers_text="Essen",
                scope="kreis",
                kreis_key="05113",
                inferred=not inferred[0],  # must not leak into Köln's flag
            )
        )
        for position, audience in enumerate(audiences):
            row.audiences.append(OfferAudience(audience=audience, position=position))
        session.add(row)
    session.flush()


def python_local(session: Session, kreis_key: str, audience: str) -> tuple[Offer, ...]:
    """The rule applied in Python to every coverage row of the Kreis (the old way)."""
    stmt = (
        select(OfferRow.id.label("offer_id"), *OFFER_COLUMNS, OfferCoverage.inferred)
        .join(OfferCoverage, OfferCoverage.offer_id == OfferRow.id)
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(OfferCoverage.kreis_key == kreis_key)
    )
    audiences: dict[int, frozenset[str]] = {}
    for offer_id, name in session.execute(select(OfferAudience.offer_id, OfferAudience.audience)):
        audiences[offer_id] = audiences.get(offer_id, frozenset()) | {name}
    candidates = [
        candidate(row, audiences=audiences.get(row.offer_id, frozenset()), inferred=row.inferred)
        for row in session.execute(stmt)
    ]
    return select_local(candidates, audience)


def test_the_bot_shows_the_best_ranked_local_offer_as_the_responsible_office(
    session: Session,
) -> None:
    """With more local offers than it fetches, the bot's card for the responsible office is
    the best ranked one; the central cards follow."""
    add_crowd(session)

    def lookup_fn(kreis_key: str | None, audience: str) -> ReferralResult:
        return find_offers(session, kreis_key=kreis_key, audience=audience)

    messages = referral_messages(
        place="Köln", kreis_key=KOELN, audience="relatives", lookup_fn=lookup_fn
    )
    assert messages[0]["response"] == "utter_referral_intro"
    cards = messages[1]["json_message"]["data"]["cards"]
    assert len(CROWD_ORDER) > LOCAL_LIMIT  # more local offers than are fetched
    assert [c["name"] for c in cards if c["role"] == "local"] == CROWD_ORDER[:1]
    assert messages[1]["text"].split("\n")[0] == CROWD_ORDER[0]
    assert [c["role"] for c in cards] == ["local", "central", "central"]


def test_sql_ranking_orders_by_kind_then_sure_coverage_then_code_point(session: Session) -> None:
    add_crowd(session)
    everything = find_offers(session, kreis_key=KOELN, audience="relatives", limit=None).local
    assert names(everything) == CROWD_ORDER
    assert names(everything) == names(python_local(session, KOELN, "relatives"))
    flags = {offer.name: offer.inferred_coverage for offer in everything}
    assert flags["Bunt Wegweiser-Test"] is False  # one sure row is enough
    assert flags["Aal Wegweiser-Test"] is True and flags["Ärger Wegweiser-Test"] is True
    assert flags["Zebra Wegweiser-Test"] is False  # Essen's inferred row does not count


@pytest.mark.parametrize("limit", [0, 1, 2, 3, LOCAL_LIMIT, 9, 10, 11, None])
def test_sql_ranking_cuts_at_the_limit(session: Session, limit: int | None) -> None:
    add_crowd(session)
    result = find_offers(session, kreis_key=KOELN, audience="relatives", limit=limit)
    assert result.local == python_local(session, KOELN, "relatives")[:limit]
    assert len(result.local) == (
        len(CROWD_ORDER) if limit is None else min(limit, len(CROWD_ORDER))
    )
    unlimited = find_offers(session, kreis_key=KOELN, audience="relatives", limit=None)
    assert result.central == unlimited.central  # the cut never changes the central offers


def test_find_offers_defaults_to_the_local_limit(session: Session) -> None:
    add_crowd(session)
    result = find_offers(session, kreis_key=KOELN, audience="relatives")
    assert names(result.local) == CROWD_ORDER[:LOCAL_LIMIT]
    assert CHAT in names(result.central)  # the crowd's "Chat-Test" covers Köln only
    assert not result.coverage_gap


@pytest.mark.parametrize("audience", ["affected", "teachers", "exit"])
def test_sql_ranking_filters_the_audience(session: Session, audience: str) -> None:
    add_crowd(session)
    local = find_offers(session, kreis_key=KOELN, audience=audience, limit=None).local
    assert local == python_local(session, KOELN, audience)
    assert ("Aaa Lehrkräfte-Test" in names(local)) == (audience == "teachers")


def test_sql_ranking_equals_the_rule_for_every_kreis_and_audience(session: Session) -> None:
    for kreis in all_kreise():
        for audience in AUDIENCES:
            expected = python_local(session, kreis.kreis_key, audience)
            result = find_offers(session, kreis_key=kreis.kreis_key, audience=audience)
            assert result.local == expected[:LOCAL_LIMIT], (kreis.kreis_key, audience)
            unlimited = find_offers(
                session, kreis_key=kreis.kreis_key, audience=audience, limit=None
            )
            assert unlimited.local == expected


def test_a_local_offer_cut_by_the_limit_is_not_repeated_as_central(session: Session) -> None:
    add_crowd(session)
    chat = session.execute(select(OfferRow).where(OfferRow.name == CHAT)).scalar_one()
    chat.coverage.append(
        OfferCoverage(position=99, covers_text="Köln", scope="kreis", kreis_key=KOELN)
    )
    session.flush()
    unlimited = find_offers(session, kreis_key=KOELN, audience="relatives", limit=None)
    assert names(unlimited.local)[-2:] == ["Chat-Test", CHAT]  # online chats rank last
    assert CHAT not in names(unlimited.central)
    cut = find_offers(session, kreis_key=KOELN, audience="relatives")
    assert CHAT not in names(cut.local) and CHAT not in names(cut.central)
    assert names(cut.central) == [BAMF]
    elsewhere = find_offers(session, kreis_key="05113", audience="relatives")
    assert names(elsewhere.central) == [CHAT, BAMF]


def test_coverage_gap_without_any_central_offer(db_url: str) -> None:
    """The gap flag rides on the central query; with no central rows it is asked separately."""
    upgrade_schema(db_url)
    with get_session_factory(db_url).begin() as session:
        row = OfferRow(
            name="Nur-lokal-Test",
            kind="wegweiser_site",
            phone_status="none",
            source_url="https://example.invalid/",
            source_date="2026-11-23",
            additional_sources=[],
        )
        row.coverage.append(
            OfferCoverage(position=0, covers_text="Köln", scope="kreis", kreis_key=KOELN)
        )
        row.audiences.append(OfferAudience(audience="relatives", position=0))
        session.add(row)
        session.flush()
        koeln = find_offers(session, kreis_key=KOELN, audience="relatives")
        assert names(koeln.local) == ["Nur-lokal-Test"] and koeln.central == ()
        assert not koeln.coverage_gap
        essen = find_offers(session, kreis_key="05113", audience="relatives")
        assert essen.local == () and essen.central == () and essen.coverage_gap


def test_a_negative_limit_is_an_error(session: Session) -> None:
    with pytest.raises(ValueError, match="limit"):
        find_offers(session, kreis_key=KOELN, audience="relatives", limit=-1)


@pytest.mark.postgres
def test_postgres_ranking_ignores_a_german_collation(
    pg_url: str, shipped_records: list[ReferralRecord]
) -> None:
    """A database created with a German locale must still rank by code point, as the rule does."""
    upgrade_schema(pg_url)
    with get_session_factory(pg_url).begin() as session:
        session.execute(
            text('ALTER TABLE offers ALTER COLUMN name TYPE varchar(300) COLLATE "de-x-icu"')
        )
        import_records(session, shipped_records)
        add_crowd(session)
        german = session.execute(
            select(OfferRow.name)
            .where(OfferRow.name.like("%Wegweiser-Test"))
            .order_by(OfferRow.name)
        ).scalars()
        assert list(german)[:2] == ["Aal Wegweiser-Test", "apfel Wegweiser-Test"]  # "a" ~ "A"
        local = find_offers(session, kreis_key=KOELN, audience="relatives", limit=None).local
        assert names(local) == CROWD_ORDER


def test_an_answer_that_tells_a_story_is_asked_again_without_place_not_found() -> None:
    from bot.geo import resolve_place
    from bot.referrals.messages import place_slots

    short = "Blabladorf"
    story = "bin selber schüler, es geht um mich, welche aus meiner klasse schicken mir videos"
    assert place_slots(resolve_place(short), short)["place_problem"] == "unknown"
    slots = place_slots(resolve_place(story), story)
    assert slots == {"place": None, "place_kreis_key": None, "place_problem": None}


def test_kept_answers_are_bounded_and_follow_the_setting() -> None:
    """A store never grows past MAX_KEPT keys, and asks for its time on every call."""
    seconds = [60.0]
    store: kept.KeptAnswers[int] = kept.KeptAnswers(seconds=lambda: seconds[0], clock=lambda: 0.0)
    for key in range(kept.MAX_KEPT):
        store.put(key, key)
    assert store.get(0) == 0 and store.get(kept.MAX_KEPT - 1) == kept.MAX_KEPT - 1
    store.put("one more", 1)
    assert store.get(0) is None and store.get("one more") == 1
    seconds[0] = 0
    assert store.get("one more") is None
    store.put("not kept", 2)
    seconds[0] = 60
    assert store.get("not kept") is None
