"""Coverage index also holds ``inferred``: the local ranking reads coverage from the index alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_offer_coverage_kreis_key", table_name="offer_coverage")
    op.create_index(
        "ix_offer_coverage_kreis_key",
        "offer_coverage",
        ["kreis_key", "offer_id", "inferred"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_offer_coverage_kreis_key", table_name="offer_coverage")
    op.create_index(
        "ix_offer_coverage_kreis_key", "offer_coverage", ["kreis_key", "offer_id"], unique=False
    )
