"""Declarative models of the referral directory and of the staff console.

Empty strings of the source data ("not found") are stored as NULL and exported back as "".
Changing a model needs a new Alembic revision in ``bot/db/migrations/versions``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.vocab import AUDIENCES, COVERAGE_SCOPES, KINDS, PHONE_STATUSES

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
Base: Any = declarative_base(metadata=metadata)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Organisation(Base):
    """The operator (Träger) of an offer, named as in the source."""

    __tablename__ = "organisations"

    id = Column(Integer, primary_key=True)
    name = Column(Text, nullable=False, unique=True)

    offers = relationship("Offer", back_populates="organisation")


class Offer(Base):
    """One counselling/information offer or emergency number (one record of referrals.yaml)."""

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("phone_status", PHONE_STATUSES), name="phone_status"),
        Index("ix_offers_kind", "kind"),
    )

    id = Column(Integer, primary_key=True)
    name = Column(String(300), nullable=False, unique=True)
    kind = Column(String(40), nullable=False)
    organisation_id = Column(
        Integer, ForeignKey("organisations.id", ondelete="SET NULL"), nullable=True
    )
    city = Column(Text)
    address = Column(Text)
    phone = Column(String(200))
    phone_status = Column(String(60), nullable=False, default="none")
    email = Column(String(254))
    website = Column(Text)
    hours = Column(Text)  # as staff wrote it, shown to users
    # ``hours`` read into weekly slots (bot/hours/parse.py); NULL when empty or unreadable
    opening_hours = Column(JSON, nullable=True)
    notes = Column(Text)
    source_url = Column(Text, nullable=False)
    source_date = Column(String(300), nullable=False)
    verified_on = Column(Date, nullable=True)  # parsed from source_date where possible
    additional_sources = Column(JSON, nullable=False, default=list)
    updated_at = Column(DateTime, nullable=True)

    organisation = relationship("Organisation", back_populates="offers")
    coverage = relationship(
        "OfferCoverage",
        back_populates="offer",
        cascade="all, delete-orphan",
        order_by="OfferCoverage.position",
    )
    audiences = relationship(
        "OfferAudience",
        back_populates="offer",
        cascade="all, delete-orphan",
        order_by="OfferAudience.position",
    )
    languages = relationship(
        "OfferLanguage",
        back_populates="offer",
        cascade="all, delete-orphan",
        order_by="OfferLanguage.position",
    )


class OfferCoverage(Base):
    """One ``covers`` entry: a Kreis key, scope nrw/de, or a text-only note."""

    __tablename__ = "offer_coverage"
    __table_args__ = (
        UniqueConstraint("offer_id", "position", name="uq_offer_coverage_offer_position"),
        CheckConstraint(_in("scope", COVERAGE_SCOPES), name="scope"),
        CheckConstraint("(scope = 'kreis') = (kreis_key IS NOT NULL)", name="kreis_key_iff_kreis"),
        # With ``inferred`` the local ranking (bot/referrals/queries.py) reads coverage from the
        # index alone.
        Index("ix_offer_coverage_kreis_key", "kreis_key", "offer_id", "inferred"),
        Index("ix_offer_coverage_scope", "scope", "offer_id"),
    )

    id = Column(Integer, primary_key=True)
    offer_id = Column(Integer, ForeignKey("offers.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    covers_text = Column(Text, nullable=False)  # the original entry, e.g. "Kreis Gütersloh (…)"
    scope = Column(String(10), nullable=False)
    kreis_key = Column(String(5), nullable=True)
    remark = Column(Text, nullable=True)  # e.g. "laut AWO OWL"
    inferred = Column(Boolean, nullable=False, default=False)

    offer = relationship("Offer", back_populates="coverage")


class OfferAudience(Base):
    __tablename__ = "offer_audiences"
    __table_args__ = (
        CheckConstraint(_in("audience", AUDIENCES), name="audience"),
        Index("ix_offer_audiences_audience", "audience", "offer_id"),
    )

    offer_id = Column(
        Integer, ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True, nullable=False
    )
    audience = Column(String(20), primary_key=True, nullable=False)
    position = Column(Integer, nullable=False)

    offer = relationship("Offer", back_populates="audiences")


class OfferLanguage(Base):
    __tablename__ = "offer_languages"

    offer_id = Column(
        Integer, ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True, nullable=False
    )
    position = Column(Integer, primary_key=True, nullable=False)
    language = Column(Text, nullable=False)

    offer = relationship("Offer", back_populates="languages")


class ImportRun(Base):
    """One import of a referral file; ``lotse db seed`` skips files already imported."""

    __tablename__ = "import_runs"

    id = Column(Integer, primary_key=True)
    source = Column(Text, nullable=False)
    sha256 = Column(String(64), nullable=False, index=True)
    imported_at = Column(DateTime, nullable=False)
    created = Column(Integer, nullable=False)
    updated = Column(Integer, nullable=False)
    unchanged = Column(Integer, nullable=False)


# --------------------------------------------------------------------- staff console
# Accounts, the audit log and the review labels of the staff console (bot/staff, staff/).
# Nothing here holds a user's message except ``ReviewLabel.example``: the redacted message
# as staff accepted (and possibly shortened) it as a training example.

ROLES: tuple[str, ...] = ("editor", "admin")
LABEL_KINDS: tuple[str, ...] = ("intent", "answer", "out_of_scope", "dismissed")


class StaffUser(Base):
    """A console account. ``failed_logins`` counts failures since the last success; after
    too many, ``locked_until`` refuses every login until then (bot/staff/accounts.py)."""

    __tablename__ = "staff_users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(Text, nullable=False)
    role = Column(String(20), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    created_at = Column(DateTime, nullable=False)
    last_login_at = Column(DateTime, nullable=True)


class AuditEntry(Base):
    """One change made in the console or with ``lotse staff``: who, when, what.

    ``detail`` holds names, keys and counts; never a user's message beyond the redacted
    review example that the change is about."""

    __tablename__ = "staff_audit"
    __table_args__ = (Index("ix_staff_audit_at", "at"),)

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    actor = Column(String(80), nullable=False)
    action = Column(String(60), nullable=False)
    target = Column(Text, nullable=False, default="")
    detail = Column(JSON, nullable=False, default=dict)


class ReviewLabel(Base):
    """Staff's verdict on one stored user message of the review inbox.

    ``event_id`` is the row of Rasa's ``events`` table (no foreign key: Rasa owns that table
    and the retention purge deletes its rows; the label outlives them). ``exported_at`` is
    set by ``lotse staff export-review`` once the example is in data/nlu/review.yml."""

    __tablename__ = "review_labels"
    __table_args__ = (
        CheckConstraint(_in("kind", LABEL_KINDS), name="kind"),
        Index("ix_review_labels_event_id", "event_id", unique=True),
    )

    id = Column(Integer, primary_key=True)
    event_id = Column(Integer, nullable=False)
    message_at = Column(Float, nullable=True)  # the message's timestamp, for sorting
    example = Column(Text, nullable=False)
    kind = Column(String(20), nullable=False)
    label = Column(String(200), nullable=False)  # intent or answer key ("wissen/…")
    guess = Column(String(200), nullable=True)  # what the bot thought
    labelled_by = Column(String(80), nullable=False)
    labelled_at = Column(DateTime, nullable=False)
    exported_at = Column(DateTime, nullable=True)
