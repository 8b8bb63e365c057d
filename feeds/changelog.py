"""The change log as feed builds read it: how far it has settled, and which policies the
changes after a point are about."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Change, Document

SETTLE = timedelta(seconds=5)


def settled_mark(session: Session, now: datetime) -> int:
    """The id of the newest change detected SETTLE before `now`: every change with a lower id
    is committed by then (PostgreSQL hands out ids before commit), so a build that read the
    change log up to it missed none."""
    newest = session.scalar(
        select(Change.id)
        .where(Change.detected_at < now - SETTLE)
        .order_by(Change.id.desc())
        .limit(1)
    )
    return newest or 0


def changes_after(session: Session, mark: int) -> dict[int, int | None]:
    """The changes whose ids are above `mark`, each with the policy it is about."""
    rows = session.execute(
        select(Change.id, func.coalesce(Change.policy_id, Document.policy_id))
        .join(Document, Document.id == Change.document_id)
        .where(Change.id > mark)
    )
    return {change_id: policy_id for change_id, policy_id in rows}
