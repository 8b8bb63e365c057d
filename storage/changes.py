"""Reading Change events back: what happened since a moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Change


def changes_since(session: Session, since: datetime) -> list[Change]:
    """Changes detected at or after `since`, oldest first, with their document and versions."""
    query = _with_versions(select(Change).where(Change.detected_at >= since))
    return list(session.scalars(query.order_by(Change.detected_at, Change.id)))


def latest_changes(
    session: Session, since: datetime, limit: int, kind: str | None = None
) -> list[Change]:
    """The `limit` newest changes detected at or after `since` (of `kind` only, when given),
    newest first, with their document and versions."""
    query = _with_versions(select(Change).where(Change.detected_at >= since))
    if kind:
        query = query.where(Change.kind == kind)
    query = query.order_by(Change.detected_at.desc(), Change.id.desc()).limit(limit)
    return list(session.scalars(query))


def _with_versions(query: Select[tuple[Change]]) -> Select[tuple[Change]]:
    return query.options(
        selectinload(Change.document),
        selectinload(Change.to_version),
        selectinload(Change.from_version),
    )
