"""Read the rows feeds are made of: the latest policies (of all or one source) and revisions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Change, Document, Policy, Source, Version


def latest_policies(session: Session, limit: int, source_id: str | None = None) -> list[Policy]:
    """Up to `limit` policies, newest first by publication date, then by first sighting."""
    documents = selectinload(Policy.documents)
    stmt = (
        select(Policy)
        .options(
            documents.selectinload(Document.source),
            documents.selectinload(Document.current_version).selectinload(Version.attachments),
        )
        .order_by(
            func.coalesce(Policy.published_at, Policy.first_seen_at).desc(),
            Policy.first_seen_at.desc(),
            Policy.id.desc(),
        )
        .limit(limit)
    )
    if source_id is not None:
        stmt = stmt.where(Policy.documents.any(Document.source_id == source_id))
    return list(session.scalars(stmt))


def revisions(session: Session) -> Sequence[Row[tuple[Change, Policy, int]]]:
    """Every `revised` change with its policy and new version number, newest first."""
    stmt = (
        select(Change, Policy, Version.number)
        .join(Document, Document.id == Change.document_id)
        .join(Policy, Policy.id == func.coalesce(Change.policy_id, Document.policy_id))
        .join(Version, Version.id == Change.to_version_id)
        .where(Change.kind == "revised")
        .order_by(Change.detected_at.desc(), Change.id.desc())
    )
    return session.execute(stmt).all()


def sources(session: Session, ids: list[str] | None = None) -> list[Source]:
    """The sources named by `ids` (all when None), ordered by id."""
    stmt = select(Source).order_by(Source.id)
    if ids is not None:
        stmt = stmt.where(Source.id.in_(ids))
    return list(session.scalars(stmt))
