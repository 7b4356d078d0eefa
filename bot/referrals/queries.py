"""Referral search: which counselling offers to name for a Kreis and an audience. Every
query of the referral search is here, built from the labelled ``OFFER_COLUMNS``.

``find_offers`` queries the database; ``lookup`` opens its own session and falls back to the
static file (``degraded=True``) when the database cannot be reached or is empty. Emergency
numbers are separate (``emergency_contacts``) and never returned as counselling.

Local offers are ranked and cut in SQL (``_local_stmt``) with the rule of
``referral_rules.select_local``: a Kreis can have hundreds of offers, the bot shows two.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, case, cast, exists, func, literal, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.db.models import Offer as OfferRow
from bot.db.models import OfferAudience, OfferCoverage, OfferLanguage, Organisation
from bot.db.session import database_url, get_session_factory
from bot.referrals.fallback import (
    fallback_candidates,
    fallback_emergency_contacts,
    fallback_languages,
    fallback_result,
)
from bot.referrals.kept import kept_answers
from bot.referrals.rules import (
    CENTRAL_SCOPES,
    LOCAL_EXCLUDED_KINDS,
    LOCAL_KIND_ORDER,
    LOCAL_LIMIT,
    Candidate,
    Offer,
    ReferralResult,
    check_audience,
    order_emergency,
    select_central,
    to_offer,
)
from bot.vocab import EMERGENCY_KINDS, NON_COUNSELLING_KINDS

__all__ = [
    "Offer",
    "ReferralResult",
    "emergency_contacts",
    "fallback_result",
    "find_offers",
    "lookup",
    "lookup_emergency_contacts",
    "lookup_offer",
    "lookup_offers_speaking",
    "offers_speaking",
]

logger = logging.getLogger(__name__)

# The offer columns every query selects, each labelled with its field of ``Candidate``: a
# row becomes a candidate by name (``candidate``), so a query may add or reorder columns.
OFFER_COLUMNS = (
    OfferRow.name.label("name"),
    OfferRow.kind.label("kind"),
    Organisation.name.label("operator"),
    OfferRow.city.label("city"),
    OfferRow.address.label("address"),
    OfferRow.phone.label("phone"),
    OfferRow.phone_status.label("phone_status"),
    OfferRow.email.label("email"),
    OfferRow.website.label("website"),
    OfferRow.hours.label("hours"),
    OfferRow.source_url.label("source_url"),
    OfferRow.source_date.label("source_date"),
    OfferRow.opening_hours.label("opening_hours"),
)
_FIELDS = tuple(column.name for column in OFFER_COLUMNS)


def candidate(row: Row, **extra: Any) -> Candidate:
    """The ``Candidate`` of a result row that holds ``OFFER_COLUMNS`` (``extra``: the rest)."""
    mapping = row._mapping
    return Candidate(**{field: mapping[field] for field in _FIELDS}, **extra)


# Statements are built once (at first use) and only their parameters change per call.
@cache
def _local_stmt(dialect: str, limited: bool) -> Select:
    """``select_local`` in SQL: one row per offer covering ``:kreis_key`` for ``:audience``.

    Coverage counts as inferred only if every row of the offer for this Kreis is inferred
    (MIN over 0/1: PostgreSQL has no MIN(boolean)). Names sort by code point as Python's
    ``sorted`` does: COLLATE "C" on PostgreSQL, SQLite's default BINARY collation elsewhere.
    With ``limited`` the rows stop at ``:limit``.
    """
    covered = (
        select(
            OfferCoverage.offer_id,
            func.min(cast(OfferCoverage.inferred, Integer)).label("inferred"),
        )
        .where(OfferCoverage.kreis_key == bindparam("kreis_key"))
        .group_by(OfferCoverage.offer_id)
        .subquery("covered")
    )
    rank = case(
        {kind: position for position, kind in enumerate(LOCAL_KIND_ORDER)},
        value=OfferRow.kind,
        else_=len(LOCAL_KIND_ORDER),
    )
    name = OfferRow.name.collate("C") if dialect == "postgresql" else OfferRow.name
    stmt = (
        select(*OFFER_COLUMNS, covered.c.inferred)
        .select_from(covered)
        .join(OfferRow, OfferRow.id == covered.c.offer_id)
        .join(
            OfferAudience,
            and_(
                OfferAudience.offer_id == OfferRow.id,
                OfferAudience.audience == bindparam("audience"),
            ),
        )
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(OfferRow.kind.not_in(sorted(LOCAL_EXCLUDED_KINDS)))
        .order_by(rank, covered.c.inferred, name)
    )
    return stmt.limit(bindparam("limit", type_=Integer)) if limited else stmt


def _gap_exists() -> Any:
    """Whether a Wegweiser centre covers ``:kreis_key`` (own aliases: never correlated)."""
    coverage = OfferCoverage.__table__.alias("gap_coverage")
    offers = OfferRow.__table__.alias("gap_offers")
    return exists().where(
        coverage.c.kreis_key == bindparam("kreis_key"),
        coverage.c.offer_id == offers.c.id,
        offers.c.kind == "wegweiser_site",
    )


@lru_cache(maxsize=1)
def _central_stmt() -> Select:
    """Every statewide or nationwide offer, with flags, and the coverage gap: one round trip.

    Only the scope is filtered in SQL, so the query starts from ix_offer_coverage_scope (a
    handful of rows) even where the planner has no statistics (the bot never ANALYZEs
    SQLite); kind and audience are left to ``select_central``. ``for_audience`` and
    ``covers_kreis`` (1 or NULL) are scalar subqueries, not EXISTS: PostgreSQL without
    statistics hashes an EXISTS over every row of the audience instead of probing the key
    per offer (measured 4.4 vs 2.3 ms). ``wegweiser`` is evaluated once.
    """
    for_audience = (
        select(literal(1))
        .where(
            OfferAudience.offer_id == OfferRow.id,
            OfferAudience.audience == bindparam("audience"),
        )
        .scalar_subquery()
    )
    kreis_coverage = OfferCoverage.__table__.alias("kreis_coverage")
    covers_kreis = (
        select(literal(1))
        .where(
            kreis_coverage.c.kreis_key == bindparam("kreis_key"),
            kreis_coverage.c.offer_id == OfferRow.id,
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            *OFFER_COLUMNS,
            OfferCoverage.scope,
            OfferCoverage.inferred,
            for_audience.label("for_audience"),
            covers_kreis.label("covers_kreis"),
            _gap_exists().label("wegweiser"),
        )
        .select_from(OfferCoverage)
        .join(OfferRow, OfferRow.id == OfferCoverage.offer_id)
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(OfferCoverage.scope.in_(CENTRAL_SCOPES))
    )


@lru_cache(maxsize=1)
def _gap_stmt() -> Select:
    return select(_gap_exists())


def _local_offers(
    connection: Connection, kreis_key: str, audience: str, limit: int | None
) -> tuple[Offer, ...]:
    dialect = connection.dialect.name
    params: dict[str, Any] = {"kreis_key": kreis_key, "audience": audience}
    if limit is not None:
        params["limit"] = limit
    audiences = frozenset({audience})
    rows = connection.execute(_local_stmt(dialect, limit is not None), params)
    return tuple(
        to_offer(candidate(row, audiences=audiences, inferred=bool(row.inferred))) for row in rows
    )


def find_offers(
    session: Session, *, kreis_key: str | None, audience: str, limit: int | None = LOCAL_LIMIT
) -> ReferralResult:
    """Local offers for ``kreis_key`` and the central ways in for ``audience``.

    ``local`` holds the first ``limit`` local offers in the order of ``select_local`` (all of
    them with ``limit=None``). ``coverage_gap`` is True when no Wegweiser centre covers the
    Kreis; the user then gets the central offers only, never a guessed neighbour. Without a
    Kreis (``None``) only central offers are returned and ``coverage_gap`` is False.
    """
    check_audience(audience)
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be None or >= 0, not {limit}")
    # Plain rows through the session's connection: the ORM result layer costs ~10% here.
    connection = session.connection()
    local: tuple[Offer, ...] = ()
    if kreis_key is not None:
        local = _local_offers(connection, kreis_key, audience, limit)
    rows = connection.execute(_central_stmt(), {"audience": audience, "kreis_key": kreis_key}).all()
    audiences = frozenset({audience})
    central_rows = [
        candidate(
            row,
            audiences=audiences if row.for_audience else frozenset(),
            scope=row.scope,
            inferred=row.inferred,  # select_central's merge prefers a sure coverage row
        )
        for row in rows
        # A local offer of this Kreis is never repeated as central, shown or cut by the limit.
        if not (row.covers_kreis and row.kind not in LOCAL_EXCLUDED_KINDS)
    ]
    central = select_central(central_rows, audience)
    gap = False
    if kreis_key is not None:
        covered = (
            rows[0].wegweiser
            if rows
            else connection.execute(_gap_stmt(), {"kreis_key": kreis_key}).scalar()
        )
        gap = not covered
    return ReferralResult(audience, kreis_key, local, central, gap)


def with_languages(session: Session, result: ReferralResult) -> ReferralResult:
    """``result`` with the languages of its offers (shown under "Mehr zu dieser Stelle")."""
    languages = _languages(session.connection(), [offer.name for offer in result.offers])
    return replace(
        result,
        local=_with_languages(result.local, languages),
        central=_with_languages(result.central, languages),
    )


@lru_cache(maxsize=1)
def _languages_stmt() -> Select:
    return (
        select(OfferRow.name, OfferLanguage.language)
        .join(OfferLanguage, OfferLanguage.offer_id == OfferRow.id)
        .where(OfferRow.name.in_(bindparam("names", expanding=True)))
        .order_by(OfferRow.name, OfferLanguage.position)
    )


def _languages(connection: Connection, names: list[str]) -> dict[str, tuple[str, ...]]:
    """The languages of the named offers (for "Mehr zu dieser Stelle"), in record order."""
    if not names:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name, language in connection.execute(_languages_stmt(), {"names": names}):
        found[name] = (*found.get(name, ()), language)
    return found


def _with_languages(
    offers: tuple[Offer, ...], languages: dict[str, tuple[str, ...]]
) -> tuple[Offer, ...]:
    return tuple(replace(offer, languages=languages.get(offer.name, ())) for offer in offers)


@lru_cache(maxsize=1)
def _offer_stmt() -> Select:
    return (
        select(*OFFER_COLUMNS)
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(
            OfferRow.name == bindparam("name"),
            OfferRow.kind.not_in(sorted(NON_COUNSELLING_KINDS)),
        )
    )


def find_offer(session: Session, name: str) -> Offer | None:
    """One counselling offer by its exact name, shown by the usual rules (phone status);
    None for an unknown name and for emergency numbers and authority contacts."""
    row = session.connection().execute(_offer_stmt(), {"name": name}).first()
    if row is None:
        return None
    offer = to_offer(candidate(row, audiences=frozenset()))
    languages = _languages(session.connection(), [offer.name])
    return replace(offer, languages=languages.get(offer.name, ()))


def lookup_offer(name: str, *, url: str | None = None) -> Offer | None:
    """``find_offer`` in its own session; the static file when the database fails."""
    try:
        with get_session_factory(url).begin() as session:
            return find_offer(session, name)
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("offer lookup failed (%s); using the static fallback", type(exc).__name__)
    for record in fallback_candidates():
        if record.name == name and record.kind not in NON_COUNSELLING_KINDS:
            return replace(to_offer(record), languages=fallback_languages()[name])
    return None


@lru_cache(maxsize=1)
def _emergency_stmt() -> Select:
    return (
        select(*OFFER_COLUMNS)
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(OfferRow.kind.in_(EMERGENCY_KINDS))
    )


def emergency_contacts(session: Session) -> list[Offer]:
    """Police 110, then 112, then the TelefonSeelsorge (phones shown by the usual rule)."""
    rows = [
        candidate(row, audiences=frozenset())
        for row in session.connection().execute(_emergency_stmt())
    ]
    return order_emergency(rows)


# Answers read from the database, kept for REFERRAL_CACHE_SECONDS (bot/referrals/kept.py).
_kept_results = kept_answers()
_kept_contacts = kept_answers()


def lookup(kreis_key: str | None, audience: str, *, url: str | None = None) -> ReferralResult:
    """``find_offers`` in its own session; the static fallback when the database fails.
    An answer read from the database is kept for a short while (``bot.referrals.kept``)."""
    check_audience(audience)
    key = (database_url(url), kreis_key, audience)
    kept = _kept_results.get(key)
    if kept is not None:
        return kept
    result = _read_offers(kreis_key, audience, url)
    if not result.degraded:
        _kept_results.put(key, result)
    return result


def _read_offers(kreis_key: str | None, audience: str, url: str | None) -> ReferralResult:
    try:
        with get_session_factory(url).begin() as session:
            result = with_languages(
                session, find_offers(session, kreis_key=kreis_key, audience=audience)
            )
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("referral lookup failed (%s); using the static fallback", type(exc).__name__)
        return fallback_result(audience)
    if not result.local and not result.central:
        logger.warning("referral directory is empty; using the static fallback")
        return fallback_result(audience)
    return result


def lookup_emergency_contacts(*, url: str | None = None) -> list[Offer]:
    """``emergency_contacts`` in its own session; the static file when the database fails.
    Contacts read from the database are kept for a short while (``bot.referrals.kept``)."""
    key = database_url(url)
    kept = _kept_contacts.get(key)
    if kept is not None:
        return list(kept)
    try:
        with get_session_factory(url).begin() as session:
            contacts = emergency_contacts(session)
    except (SQLAlchemyError, OSError) as exc:
        logger.warning(
            "emergency lookup failed (%s); using the static fallback", type(exc).__name__
        )
        return fallback_emergency_contacts()
    if not contacts:
        return fallback_emergency_contacts()
    _kept_contacts.put(key, tuple(contacts))
    return contacts


# How the records say that an offer counsels in further languages through interpreters.
INTERPRETERS = "%Dolmetsch%"


def offers_speaking(session: Session, record_language: str) -> list[tuple[Offer, bool]]:
    """Offers whose ``languages`` name ``record_language`` ("Türkisch"), then those that
    counsel in further languages through interpreters (flag True), each once, by name."""
    stmt = (
        select(*OFFER_COLUMNS, OfferLanguage.language.label("language"))
        .join(OfferLanguage, OfferLanguage.offer_id == OfferRow.id)
        .outerjoin(Organisation, Organisation.id == OfferRow.organisation_id)
        .where(
            OfferLanguage.language.like(f"%{record_language}%")
            | OfferLanguage.language.like(INTERPRETERS)
        )
        .order_by(OfferRow.name)
    )
    direct: dict[str, Offer] = {}
    interpreted: dict[str, Offer] = {}
    for row in session.execute(stmt):
        offer = to_offer(candidate(row, audiences=frozenset()))
        if record_language.lower() in str(row._mapping["language"]).lower():
            direct[offer.name] = offer
        else:
            interpreted.setdefault(offer.name, offer)
    return [(o, False) for o in direct.values()] + [
        (o, True) for name, o in interpreted.items() if name not in direct
    ]


def lookup_offers_speaking(
    record_language: str, *, url: str | None = None
) -> list[tuple[Offer, bool]]:
    """``offers_speaking`` in its own session; empty when the database fails."""
    try:
        with get_session_factory(url).begin() as session:
            return offers_speaking(session, record_language)
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("language lookup failed (%s)", type(exc).__name__)
        return []
