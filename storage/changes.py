"""Reading Change events back: what happened since a moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Change


def changes_since(session: Session, since: datetime) -> list[Change]:
    """Changes detected at or after `since`, oldest first, with their document and versions."""
    query = (
        select(Change)
        .where(Change.detected_at >= since)
        .options(
            selectinload(Change.document),
            selectinload(Change.to_version),
            selectinload(Change.from_version),
        )
        .order_by(Change.detected_at, Change.id)
    )
    return list(session.scalars(query))
