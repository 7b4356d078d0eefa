"""The audit log: every change made in the console or with ``lotse staff`` (who, when, what).

``detail`` holds names, keys, counts and field names, never a user's message: a review label
names its event id and label; the example text itself stays in ``review_labels``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry


def record(session: Session, actor: str, action: str, target: str = "", **detail: Any) -> None:
    """Add one entry to the session (committed with the change it describes)."""
    session.add(
        AuditEntry(
            at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
            actor=actor,
            action=action,
            target=target,
            detail=detail,
        )
    )


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(session.execute(query).scalars())
