"""Read the rows feeds and diffs are made of: latest policies, revisions, a document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass
class Member:
    """A policy as the feeds choose it: the sources of its documents and their current topics."""

    id: int
    sources: set[str] = field(default_factory=set)
    topics: list[dict[str, Any]] = field(default_factory=list)

    def relevant(self, topic: str | None) -> bool:
        return topic is None or any(is_relevant(scores, topic) for scores in self.topics)


def members(session: Session) -> list[Member]:
    """Every policy with a document, in the order they were first seen (feeds page in it)."""
    stmt = (
        select(Policy.id, Document.source_id, Version.topics)
        .join(Document, Document.policy_id == Policy.id)
        .outerjoin(Version, Version.id == Document.current_version_id)
        .order_by(Policy.first_seen_at, Policy.id)
    )
    found: list[Member] = []
    for policy_id, source_id, topics in session.execute(stmt):
        if not found or found[-1].id != policy_id:
            found.append(Member(policy_id))
        found[-1].sources.add(source_id)
        if topics is not None:
            found[-1].topics.append(topics)
    return found


def policies_by_id(session: Session, ids: Sequence[int]) -> list[Policy]:
    """The policies whose ids are `ids`, in that order, loaded for their feed entries."""
    stmt = select(Policy).options(*entry_loading()).where(Policy.id.in_(ids))
    found = {policy.id: policy for policy in session.scalars(stmt)}
    return [found[policy_id] for policy_id in ids if policy_id in found]


def entry_loading() -> tuple[Any, ...]:
    """Loader options for what a policy's feed entry shows: documents, sources, current
    versions and their attachments."""
    documents = selectinload(Policy.documents)
    return (
        documents.selectinload(Document.source),
        documents.selectinload(Document.current_version).selectinload(Version.attachments),
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
            selectinload(Change.document),
            selectinload(Change.from_version),
            selectinload(Change.to_version),
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
