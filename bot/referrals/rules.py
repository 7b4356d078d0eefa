"""Which offers a user is shown: pure rules shared by the database service and the fallback.

* A phone number is shown only with a verified status (``SHOWABLE_PHONE_STATUSES``).
* Emergency numbers, crisis lines and authority contacts are never counselling offers.
* Local offers: everything covering the user's Kreis for the audience, Wegweiser first
  (``select_local``; the database service runs the same ranking in SQL, cut to ``LOCAL_LIMIT``).
* Central offers (statewide / nationwide ways in), per audience, in the order of
  ``CENTRAL_PLAN``; a hotline without a number that may be shown is left out (it would give
  the user nothing to call: e.g. the unconfirmed Wegweiser hotline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from bot.hours import WeeklyHours
from bot.vocab import AUDIENCES, NON_COUNSELLING_KINDS, SHOWABLE_PHONE_STATUSES

CENTRAL_PLAN: dict[str, tuple[str, ...]] = {
    "relatives": ("online_chat", "hotline"),
    "affected": ("online_chat", "hotline"),
    "teachers": ("school_offer", "online_chat", "hotline"),
    "professionals": ("professional_offer", "online_chat", "hotline"),
    "exit": ("exit_programme", "network_partner"),
}
CENTRAL_SCOPES: tuple[str, ...] = ("nrw", "de")  # statewide first, then nationwide
LOCAL_EXCLUDED_KINDS = NON_COUNSELLING_KINDS | {"network", "research_network", "information_portal"}
LOCAL_KIND_ORDER: tuple[str, ...] = (
    "wegweiser_site",
    "peer_project",
    "network_partner",
    "exit_programme",
    "school_offer",
    "professional_offer",
    "hotline",
    "online_chat",
)
# Local offers fetched per lookup: the database ranks and cuts them (bot/referrals/queries.py);
# the bot shows the first as the responsible office (bot/referrals/cards.py).
LOCAL_LIMIT = 5


@dataclass(frozen=True)
class Offer:
    """An offer as shown to users. ``phone`` is None unless its number may be shown."""

    name: str
    kind: str
    operator: str | None
    city: str | None
    address: str | None
    phone: str | None
    email: str | None
    website: str | None
    hours: str | None
    source_url: str
    source_date: str
    inferred_coverage: bool = False
    opening_hours: WeeklyHours | None = None  # ``hours`` as data (bot/hours)
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferralResult:
    audience: str
    kreis_key: str | None
    local: tuple[Offer, ...]
    central: tuple[Offer, ...]
    coverage_gap: bool
    degraded: bool = False

    @property
    def offers(self) -> tuple[Offer, ...]:
        return self.local + self.central


@dataclass(frozen=True)
class Candidate:
    """A stored offer with what the rules need (one row of a query, or a fallback record)."""

    name: str
    kind: str
    operator: str | None
    city: str | None
    address: str | None
    phone: str | None
    phone_status: str
    email: str | None
    website: str | None
    hours: str | None
    source_url: str
    source_date: str
    opening_hours: dict[str, Any] | None  # the stored JSON (bot/hours/parse.py)
    audiences: frozenset[str]
    scope: str = "kreis"
    inferred: bool = False


def check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {AUDIENCES}")


def shown_phone(phone: str | None, phone_status: str | None) -> str | None:
    """The number if its status allows showing it to users, else None."""
    return phone if phone and phone_status in SHOWABLE_PHONE_STATUSES else None


def to_offer(candidate: Candidate) -> Offer:
    return Offer(
        name=candidate.name,
        kind=candidate.kind,
        operator=candidate.operator or None,
        city=candidate.city or None,
        address=candidate.address or None,
        phone=shown_phone(candidate.phone, candidate.phone_status),
        email=candidate.email or None,
        website=candidate.website or None,
        hours=candidate.hours or None,
        source_url=candidate.source_url,
        source_date=candidate.source_date,
        inferred_coverage=candidate.inferred,
        opening_hours=_weekly_hours(candidate.opening_hours),
    )


def _weekly_hours(data: dict[str, Any] | None) -> WeeklyHours | None:
    if not data:
        return None
    try:
        return WeeklyHours.from_json(data)
    except (KeyError, TypeError, ValueError):  # an older schema: the text is still shown
        return None


def _merge(candidates: Iterable[Candidate]) -> list[Candidate]:
    """One candidate per name; coverage counts as inferred only if every row is inferred."""
    merged: dict[str, Candidate] = {}
    for candidate in candidates:
        seen = merged.get(candidate.name)
        if seen is None or (seen.inferred and not candidate.inferred):
            merged[candidate.name] = candidate
    return list(merged.values())


def _rank(order: tuple[str, ...], value: str) -> int:
    return order.index(value) if value in order else len(order)


def select_local(candidates: Iterable[Candidate], audience: str) -> tuple[Offer, ...]:
    chosen = [
        c
        for c in _merge(candidates)
        if audience in c.audiences and c.kind not in LOCAL_EXCLUDED_KINDS
    ]
    chosen.sort(key=lambda c: (_rank(LOCAL_KIND_ORDER, c.kind), c.inferred, c.name))
    return tuple(to_offer(c) for c in chosen)


def select_central(candidates: Iterable[Candidate], audience: str) -> tuple[Offer, ...]:
    plan = CENTRAL_PLAN[audience]
    chosen = [
        c
        for c in _merge(candidates)
        if c.kind in plan
        and c.scope in CENTRAL_SCOPES
        and audience in c.audiences
        and (c.kind != "hotline" or shown_phone(c.phone, c.phone_status))
    ]
    chosen.sort(key=lambda c: (_rank(plan, c.kind), _rank(CENTRAL_SCOPES, c.scope), c.name))
    return tuple(to_offer(replace(c, inferred=False)) for c in chosen)


def order_emergency(candidates: Iterable[Candidate]) -> list[Offer]:
    """110 first, then 112, then crisis lines (TelefonSeelsorge)."""
    chosen = [c for c in _merge(candidates) if c.kind in ("emergency", "crisis_line")]
    chosen.sort(key=lambda c: (c.kind != "emergency", c.phone or "", c.name))
    return [to_offer(c) for c in chosen]
