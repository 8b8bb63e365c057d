"""One stored document as an analyst reads it: metadata, versions, reposts and change events."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.citations import cited_policies
from storage.identity import canonical_url
from storage.models import Change, Document, Policy, Version


@dataclass(frozen=True)
class Dossier:
    """A document, its current version, its reposts (the other documents of its policy),
    its changes, oldest first, and the policies its text cites; versions and attachments are
    loaded."""

    document: Document
    current: Version
    reposts: list[Document]
    changes: list[Change]
    cites: list[Policy] = field(default_factory=list)


def dossier(session: Session, reference: str) -> Dossier | None:
    """The document whose id or URL is `reference`, or None when none is stored."""
    reference = reference.strip()
    query = (
        select(Document, Version)
        .join(Version, Version.id == Document.current_version_id)
        .options(
            selectinload(Document.source),
            selectinload(Document.policy),
            selectinload(Document.versions).selectinload(Version.attachments),
        )
    )
    if reference.isdigit():
        query = query.where(Document.id == int(reference))
    else:
        query = query.where(Document.url == canonical_url(reference))
    found = session.execute(query).first()
    if found is None:
        return None
    document, current = found
    return Dossier(
        document,
        current,
        _reposts(session, document),
        _changes(session, document),
        [policy for policy in cited_policies(session, current) if policy.id != document.policy_id],
    )


def _reposts(session: Session, document: Document) -> list[Document]:
    if document.policy_id is None:
        return []
    query = (
        select(Document)
        .where(Document.policy_id == document.policy_id, Document.id != document.id)
        .options(selectinload(Document.current_version))
        .order_by(Document.first_seen_at, Document.id)
    )
    return list(session.scalars(query))


def _changes(session: Session, document: Document) -> list[Change]:
    query = (
        select(Change)
        .where(Change.document_id == document.id)
        .options(selectinload(Change.from_version), selectinload(Change.to_version))
        .order_by(Change.detected_at, Change.id)
    )
    return list(session.scalars(query))
