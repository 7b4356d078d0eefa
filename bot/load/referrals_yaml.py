"""Import referral records into the database (upsert by offer name) and export them again.

Importing the same file twice changes nothing (the second run reports 0 created, 0 updated).
Export gives back the same records (YAML or CSV), so import → export is a round trip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import (
    ImportRun,
    Offer,
    OfferAudience,
    OfferCoverage,
    OfferLanguage,
    Organisation,
)
from bot.hours import hours_json
from bot.load.coverage import map_covers
from bot.load.formats import file_sha256, read_records, write_records
from bot.load.records import ReferralRecord, parse_source_date
from bot.referrals.kept import forget_all

_SCALARS = ("city", "address", "phone", "email", "website", "hours", "notes")


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    not_in_file: tuple[str, ...] = ()  # offers in the database that the file does not name

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _load_offers(session: Session) -> list[Offer]:
    stmt = (
        select(Offer)
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.coverage),
            selectinload(Offer.audiences),
            selectinload(Offer.languages),
        )
        .order_by(Offer.id)
    )
    return list(session.execute(stmt).scalars())


def record_from_offer(offer: Offer) -> ReferralRecord:
    """The record an offer row stands for (NULL → "")."""
    return ReferralRecord(
        name=offer.name,
        kind=offer.kind,
        operator=offer.organisation.name if offer.organisation else "",
        covers=tuple(c.covers_text for c in offer.coverage),
        audiences=tuple(a.audience for a in offer.audiences),
        languages=tuple(lang.language for lang in offer.languages),
        source_url=offer.source_url,
        source_date=offer.source_date,
        additional_sources=tuple(offer.additional_sources or ()),
        phone_status=offer.phone_status,
        **{name: getattr(offer, name) or "" for name in _SCALARS},
    )


def _organisation(session: Session, cache: dict[str, Organisation], name: str) -> Organisation:
    org = cache.get(name)
    if org is None:
        org = Organisation(name=name)
        session.add(org)
        cache[name] = org
    return org


def _apply(session: Session, offer: Offer, record: ReferralRecord, orgs: dict) -> None:
    offer.kind = record.kind
    offer.organisation = _organisation(session, orgs, record.operator) if record.operator else None
    for name in _SCALARS:
        setattr(offer, name, getattr(record, name) or None)
    offer.opening_hours = hours_json(record.hours)
    offer.phone_status = record.phone_status or "none"
    offer.source_url = record.source_url
    offer.source_date = record.source_date
    offer.verified_on = parse_source_date(record.source_date)
    offer.additional_sources = list(record.additional_sources)
    offer.updated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    if offer.id is not None:  # replace child rows: delete first, so keys can be reused
        offer.coverage.clear()
        offer.audiences.clear()
        offer.languages.clear()
        session.flush()
    for position, text in enumerate(record.covers):
        entry = map_covers(text)
        offer.coverage.append(
            OfferCoverage(
                position=position,
                covers_text=text,
                scope=entry.scope,
                kreis_key=entry.kreis_key,
                remark=entry.remark,
                inferred=entry.inferred,
            )
        )
    seen: set[str] = set()
    for position, audience in enumerate(record.audiences):
        if audience not in seen:
            seen.add(audience)
            offer.audiences.append(OfferAudience(audience=audience, position=position))
    for position, language in enumerate(record.languages):
        offer.languages.append(OfferLanguage(position=position, language=language))


def import_records(
    session: Session,
    records: Sequence[ReferralRecord],
    *,
    source: str = "",
    sha256: str = "",
) -> ImportReport:
    """Upsert ``records`` by name. Records are expected to be validated already."""
    existing = {offer.name: offer for offer in _load_offers(session)}
    orgs = {org.name: org for org in session.execute(select(Organisation)).scalars()}
    created = updated = unchanged = 0
    for record in records:
        offer = existing.get(record.name)
        if offer is None:
            offer = Offer(name=record.name)
            session.add(offer)
            _apply(session, offer, record, orgs)
            existing[record.name] = offer
            created += 1
        elif record_from_offer(offer) == record and offer.opening_hours == hours_json(
            record.hours
        ):  # the structured hours follow the parser of this release
            unchanged += 1
        else:
            _apply(session, offer, record, orgs)
            updated += 1
    session.flush()
    used = select(Offer.organisation_id).where(Offer.organisation_id.is_not(None))
    session.execute(
        delete(Organisation)
        .where(Organisation.id.not_in(used))
        .execution_options(synchronize_session=False)
    )
    if sha256:
        session.add(
            ImportRun(
                source=source,
                sha256=sha256,
                imported_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                created=created,
                updated=updated,
                unchanged=unchanged,
            )
        )
    # This process reads the new records at once (other processes within REFERRAL_CACHE_SECONDS).
    forget_all()
    names = {record.name for record in records}
    missing = tuple(sorted(name for name in existing if name not in names))
    return ImportReport(created, updated, unchanged, missing)


def export_records(session: Session) -> list[ReferralRecord]:
    """All offers as records, in import order."""
    return [record_from_offer(offer) for offer in _load_offers(session)]


def import_file(session: Session, path: Path) -> ImportReport:
    """Import a ``.yaml``/``.csv`` file (no validation here: see ``bot.load.validate``)."""
    return import_records(session, read_records(path), source=str(path), sha256=file_sha256(path))


def export_file(session: Session, path: Path) -> int:
    """Write all offers to ``path`` (format by extension); returns the number written."""
    records = export_records(session)
    write_records(path, records)
    return len(records)


def offer_count(session: Session) -> int:
    return int(session.execute(select(func.count(Offer.id))).scalar_one())


def was_imported(session: Session, sha256: str) -> bool:
    """Whether a file with this SHA-256 has been imported into the database before."""
    stmt = select(ImportRun.id).where(ImportRun.sha256 == sha256).limit(1)
    return session.execute(stmt).first() is not None
