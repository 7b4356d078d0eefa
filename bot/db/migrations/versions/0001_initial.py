"""Initial schema: organisations, offers, coverage, audiences, languages, import runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Vocabularies as of this revision (a migration must not follow later code changes).
KINDS = (
    "wegweiser_site", "online_chat", "hotline", "exit_programme", "authority_contact",
    "emergency", "crisis_line", "network_partner", "peer_project", "school_offer",
    "professional_offer", "network", "research_network", "information_portal",
)
PHONE_STATUSES = (
    "verified_operator_source", "verified_official_source", "verified_two_sources",
    "official_source_undated", "found_older_source", "single_secondary_source",
    "unconfirmed_single_secondary_source", "none",
)
AUDIENCES = ("relatives", "teachers", "affected", "exit", "professionals")
SCOPES = ("kreis", "nrw", "de", "note")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_index(op.f("ix_import_runs_sha256"), "import_runs", ["sha256"], unique=False)
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=200), nullable=True),
        sa.Column("phone_status", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("hours", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("source_date", sa.String(length=300), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("additional_sources", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_offers_kind")),
        sa.CheckConstraint(
            _in("phone_status", PHONE_STATUSES), name=op.f("ck_offers_phone_status")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_offers_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("name", name=op.f("uq_offers_name")),
    )
    op.create_index("ix_offers_kind", "offers", ["kind"], unique=False)
    op.create_table(
        "offer_audiences",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(_in("audience", AUDIENCES), name=op.f("ck_offer_audiences_audience")),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_audiences_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "audience", name=op.f("pk_offer_audiences")),
    )
    op.create_index(
        "ix_offer_audiences_audience", "offer_audiences", ["audience", "offer_id"], unique=False
    )
    op.create_table(
        "offer_coverage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("covers_text", sa.Text(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("kreis_key", sa.String(length=5), nullable=True),
        sa.Column("remark", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(scope = 'kreis') = (kreis_key IS NOT NULL)",
            name=op.f("ck_offer_coverage_kreis_key_iff_kreis"),
        ),
        sa.CheckConstraint(_in("scope", SCOPES), name=op.f("ck_offer_coverage_scope")),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_coverage_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_coverage")),
        sa.UniqueConstraint("offer_id", "position", name="uq_offer_coverage_offer_position"),
    )
    op.create_index(
        "ix_offer_coverage_kreis_key", "offer_coverage", ["kreis_key", "offer_id"], unique=False
    )
    op.create_index(
        "ix_offer_coverage_scope", "offer_coverage", ["scope", "offer_id"], unique=False
    )
    op.create_table(
        "offer_languages",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_languages_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "position", name=op.f("pk_offer_languages")),
    )


def downgrade() -> None:
    op.drop_table("offer_languages")
    op.drop_index("ix_offer_coverage_scope", table_name="offer_coverage")
    op.drop_index("ix_offer_coverage_kreis_key", table_name="offer_coverage")
    op.drop_table("offer_coverage")
    op.drop_index("ix_offer_audiences_audience", table_name="offer_audiences")
    op.drop_table("offer_audiences")
    op.drop_index("ix_offers_kind", table_name="offers")
    op.drop_table("offers")
    op.drop_table("organisations")
    op.drop_index(op.f("ix_import_runs_sha256"), table_name="import_runs")
    op.drop_table("import_runs")
