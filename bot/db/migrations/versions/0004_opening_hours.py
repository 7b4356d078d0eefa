"""Opening hours as data: ``offers.opening_hours`` (JSON) beside the ``hours`` text.

The importer fills the column from the text (``bot.hours.hours_json``); this revision fills it
once for the rows already stored, so an upgraded database says who is reachable without a
new import. An unreadable text stays NULL (``lotse db check`` names the record).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from bot.hours import hours_json  # the parser of this release; later imports refresh it

    op.add_column("offers", sa.Column("opening_hours", sa.JSON(), nullable=True))
    offers = sa.table(
        "offers",
        sa.column("id", sa.Integer),
        sa.column("hours", sa.Text),
        sa.column("opening_hours", sa.JSON),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(offers.c.id, offers.c.hours)).all()
    for offer_id, hours in rows:
        parsed = hours_json(hours)
        if parsed is not None:
            connection.execute(
                offers.update().where(offers.c.id == offer_id).values(opening_hours=parsed)
            )


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("opening_hours")
