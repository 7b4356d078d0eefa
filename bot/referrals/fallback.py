"""Static referral data used when the database cannot be reached.

``bot/data/fallback_offers.yaml`` holds exact copies of the records of referrals.yaml that can
be central offers (Wegweiser online chat, BAMF hotline, API, Grüner Vogel, SystEx, CleaR,
Plan P.) and of the emergency numbers 110, 112 and the TelefonSeelsorge, each with its source
and date. So the fallback gives the same central offers as the database would.
:func:`fallback_selection` names those records; ``make refresh-data`` writes the file from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from bot.hours import hours_json
from bot.load.coverage import map_covers
from bot.load.formats import parse_yaml
from bot.load.records import ReferralRecord
from bot.referrals.rules import (
    CENTRAL_PLAN,
    Candidate,
    Offer,
    ReferralResult,
    check_audience,
    order_emergency,
    select_central,
    shown_phone,
)
from bot.vocab import EMERGENCY_KINDS

FALLBACK_FILE = "fallback_offers.yaml"
FALLBACK_HEADER = """\
# Static fallback for when the referral database cannot be reached (bot/referrals/fallback.py):
# every statewide/nationwide offer the service can name as a central way in (Wegweiser chat,
# BAMF hotline, API, Grüner Vogel, SystEx, CleaR, Plan P.) and the emergency numbers 110, 112
# and the TelefonSeelsorge. Each record is an exact copy of the record of the same name in
# bot/data/referrals.yaml (tests/unit/test_referrals_service.py checks this). Never edit a
# record here alone: change referrals.yaml and run `make refresh-data`, which writes this file.
"""
_CENTRAL_KINDS = frozenset(kind for kinds in CENTRAL_PLAN.values() for kind in kinds)


def _scope(record: ReferralRecord) -> str:
    scopes = {map_covers(text).scope for text in record.covers}
    return next((scope for scope in ("nrw", "de") if scope in scopes), "kreis")


def fallback_selection(records: Iterable[ReferralRecord]) -> list[ReferralRecord]:
    """The records the fallback file must hold: every statewide or nationwide offer of a kind
    that can be a central way in (a hotline only with a number that may be shown), then the
    emergency numbers, each group in the order of ``records``."""
    records = list(records)
    central = [
        record
        for record in records
        if record.kind in _CENTRAL_KINDS
        and _scope(record) != "kreis"
        and (record.kind != "hotline" or shown_phone(record.phone, record.phone_status))
    ]
    return central + [record for record in records if record.kind in EMERGENCY_KINDS]


def fallback_records() -> list[ReferralRecord]:
    text = (resources.files("bot") / "data" / FALLBACK_FILE).read_text(encoding="utf-8")
    return parse_yaml(text)


def candidate_from_record(record: ReferralRecord) -> Candidate:
    """A record as the rules see it (the fallback, and the fake bot of the widget tests)."""
    return Candidate(
        name=record.name,
        kind=record.kind,
        operator=record.operator,
        city=record.city,
        address=record.address,
        phone=record.phone,
        phone_status=record.phone_status,
        email=record.email,
        website=record.website,
        hours=record.hours,
        source_url=record.source_url,
        source_date=record.source_date,
        opening_hours=hours_json(record.hours),
        audiences=frozenset(record.audiences),
        scope=_scope(record),
    )


@lru_cache(maxsize=1)
def fallback_candidates() -> tuple[Candidate, ...]:
    return tuple(candidate_from_record(record) for record in fallback_records())


@lru_cache(maxsize=1)
def fallback_languages() -> dict[str, tuple[str, ...]]:
    """The languages of each fallback record, by name."""
    return {record.name: tuple(record.languages) for record in fallback_records()}


def fallback_result(audience: str) -> ReferralResult:
    """Central offers for ``audience`` from the static file (``degraded=True``)."""
    check_audience(audience)
    return ReferralResult(
        audience=audience,
        kreis_key=None,
        local=(),
        central=tuple(
            replace(offer, languages=fallback_languages().get(offer.name, ()))
            for offer in select_central(fallback_candidates(), audience)
        ),
        coverage_gap=False,
        degraded=True,
    )


def fallback_emergency_contacts() -> list[Offer]:
    """110, 112 and the TelefonSeelsorge from the static file."""
    return order_emergency(fallback_candidates())
