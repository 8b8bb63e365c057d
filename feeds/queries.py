"""Read the rows feeds and diffs are made of: latest policies, revisions, a document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, selectinload

from storage.identity import canonical_url
from storage.models import Change, Document, Policy, Source, Version
from storage.relevance import is_relevant

TOPIC_BATCH = 500


def latest_policies(
    session: Session, limit: int, source_id: str | None = None, topic: str | None = None
) -> list[Policy]:
    """Up to `limit` policies, newest first by publication date, then by first sighting.

    With `topic`, only policies with a document whose current version is relevant to it.
    """
    stmt = (
        select(Policy)
        .options(*entry_loading())
        .order_by(
            func.coalesce(Policy.published_at, Policy.first_seen_at).desc(),
            Policy.first_seen_at.desc(),
            Policy.id.desc(),
        )
    )
    if source_id is not None:
        stmt = stmt.where(Policy.documents.any(Document.source_id == source_id))
    if topic is None:
        return list(session.scalars(stmt.limit(limit)))
    found: list[Policy] = []
    batch = max(limit, TOPIC_BATCH)
    offset = 0
    while True:
        page = list(session.scalars(stmt.offset(offset).limit(batch)))
        found += [policy for policy in page if policy_is_relevant(policy, topic)]
        if len(found) >= limit or len(page) < batch:
            return found[:limit]
        offset += batch


def policies_by_id(session: Session, ids: Sequence[int]) -> list[Policy]:
    """The policies whose ids are `ids`, in that order, loaded for their feed entries."""
    stmt = select(Policy).options(*entry_loading()).where(Policy.id.in_(ids))
    found = {policy.id: policy for policy in session.scalars(stmt)}
    return [found[policy_id] for policy_id in ids if policy_id in found]


def revisions_by_id(session: Session, ids: Sequence[int]) -> list[tuple[Change, Policy]]:
    """The changes whose ids are `ids`, in that order, each with its policy, loaded for their
    feed entries and diff pages."""
    document = selectinload(Change.document)
    stmt = (
        select(Change, Policy)
        .join(Document, Document.id == Change.document_id)
        .join(Policy, Policy.id == func.coalesce(Change.policy_id, Document.policy_id))
        .where(Change.id.in_(ids))
        .options(
            *document_loading(document),
            selectinload(Change.from_version),
            selectinload(Change.to_version),
            *entry_loading(),
        )
    )
    found = {change.id: (change, policy) for change, policy in session.execute(stmt)}
    return [found[change_id] for change_id in ids if change_id in found]


def policy_keys(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """The key of each of the policies `ids`."""
    rows = session.execute(select(Policy.id, Policy.key).where(Policy.id.in_(ids)))
    return {policy_id: key for policy_id, key in rows}


def revised_versions(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, int]]:
    """The policy key and new version number of each of the changes `ids`."""
    stmt = (
        select(Change.id, Policy.key, Version.number)
        .select_from(Change)
        .join(Document, Document.id == Change.document_id)
        .join(Policy, Policy.id == func.coalesce(Change.policy_id, Document.policy_id))
        .join(Version, Version.id == Change.to_version_id)
        .where(Change.id.in_(ids))
    )
    return {change_id: (key, number) for change_id, key, number in session.execute(stmt)}


def entry_loading() -> tuple[Any, ...]:
    """Loader options for what a policy's feed entry shows: documents, their sources, current
    versions, and every version's attachments (whether their text changed)."""
    return document_loading(selectinload(Policy.documents))


def document_loading(documents: Any) -> tuple[Any, ...]:
    """The options `entry_loading` gives the documents loaded by `documents`."""
    return (
        documents.selectinload(Document.source),
        documents.selectinload(Document.current_version),
        documents.selectinload(Document.versions).selectinload(Version.attachments),
    )


def policy_is_relevant(policy: Policy, topic: str) -> bool:
    """Whether any current version of the policy's documents scores 1.0 on `topic`."""
    return any(
        is_relevant(document.current_version.topics, topic)
        for document in policy.documents
        if document.current_version is not None
    )


def revisions(
    session: Session, policy_ids: Sequence[int] | None = None, limit: int | None = None
) -> Sequence[Row[tuple[Change, Policy, int]]]:
    """Every `revised` change (of the policies `policy_ids` only, when given; the newest
    `limit`) with its policy and new version number, newest first."""
    stmt = (
        select(Change, Policy, Version.number)
        .join(Document, Document.id == Change.document_id)
        .join(Policy, Policy.id == func.coalesce(Change.policy_id, Document.policy_id))
        .join(Version, Version.id == Change.to_version_id)
        .where(Change.kind == "revised")
        .options(
            *document_loading(selectinload(Change.document)),
            selectinload(Change.from_version),
            selectinload(Change.to_version),
            *entry_loading(),
        )
        .order_by(Change.detected_at.desc(), Change.id.desc())
        .limit(limit)
    )
    if policy_ids is not None:
        stmt = stmt.where(Policy.id.in_(policy_ids))
    return session.execute(stmt).all()


def find_document(session: Session, ref: str) -> Document | None:
    """The document whose id (all digits) or URL (as given, else canonical) is `ref`."""
    if ref.isdigit():
        return session.get(Document, int(ref))
    stmt = select(Document).where(Document.url.in_([ref, canonical_url(ref)]))
    return session.scalars(stmt).first()


def sources(session: Session, ids: list[str] | None = None) -> list[Source]:
    """The sources named by `ids` (all when None), ordered by id."""
    stmt = select(Source).order_by(Source.id)
    if ids is not None:
        stmt = stmt.where(Source.id.in_(ids))
    return list(session.scalars(stmt))
