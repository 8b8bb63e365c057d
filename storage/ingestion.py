"""`ingest`: decide whether a crawled page is a new document, unchanged, or a new version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.attachments import (
    attachment_rows,
    attachments_changed,
    fill_in_digests,
)
from storage.dedupe import find_policy, index_bands, join_policy
from storage.identity import canonical_url, content_hash, normalize_wenhao, policy_key
from storage.lifecycle import schedule_recheck
from storage.models import Change, Document, Version, utcnow
from storage.new_documents import (
    METADATA_FIELDS,
    insert_document,
    insert_policy,
    version_values,
)
from storage.policy_links import link_policy


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one page did."""

    kind: str
    document_id: int
    policy_id: int | None
    version_number: int
    change_id: int | None


def ingest(
    session: Session,
    record: Mapping[str, Any],
    *,
    crawl_run_id: int | None = None,
    now: datetime | None = None,
) -> IngestResult:
    """Store one crawled page (a `PolicyItem.to_record()` mapping) and the Change it makes.

    A page never seen is a new Document (and Policy, unless its 文号 or near-duplicate text
    names a known one: see `storage.dedupe`);
    a page whose text, metadata or attachments (names, URLs, sha256 of the files) differ from
    its current Version gets a new Version and a `revised`, `metadata_changed` or
    `attachment_changed` Change; a withdrawn page that answers again is `restored` (and
    revised too when it came back changed); otherwise only its last-seen time moves.
    A new version's links to other policies (draft of, 解读 of, repeals …) are stored too.
    The caller owns the transaction.
    """
    now = now or utcnow()
    url = canonical_url(record["url"])
    document = session.scalar(select(Document).where(Document.url == url))
    if document is None:
        return _add_document(session, url, record, crawl_run_id, now)
    _touch(document, record, now)
    current = document.current_version
    text_hash = content_hash(record["text"])
    kind = _difference(current, record, text_hash) if current else "revised"
    restored = None
    if document.status == "withdrawn":
        document.status, document.withdrawn_at = "active", None
        restored = _change("restored", document, current, current, crawl_run_id, now)
        session.add(restored)
    if kind is None:
        fill_in_digests(current, record.get("attachments") or ())
        outcome = "restored" if restored else "unchanged"
        return _result(session, outcome, document, current, restored)
    version = _add_version(document, record, text_hash, now)
    change = _change(kind, document, current, version, crawl_run_id, now)
    result = _result(session, kind, document, version, change)
    if document.policy_id is not None:
        link_policy(session, document.policy_id, version)
    return result


def known_listings(session: Session, urls: Iterable[str]) -> dict[str, str | None]:
    """Listing fingerprints of the stored, active documents among `urls` (canonical URLs)."""
    wanted = list(dict.fromkeys(urls))
    rows = session.execute(
        select(Document.url, Document.listing_fingerprint).where(
            Document.url.in_(wanted), Document.status == "active"
        )
    )
    return {url: fingerprint for url, fingerprint in rows}


def _add_document(
    session: Session,
    url: str,
    record: Mapping[str, Any],
    crawl_run_id: int | None,
    now: datetime,
) -> IngestResult:
    """A new document, in a known policy (the same 文号, or near-duplicate text) or a new one."""
    wenhao_key = normalize_wenhao(record.get("wenhao"))
    match = find_policy(session, record, wenhao_key, now)
    if match.policy is None:
        key = policy_key(None if match.wenhao_taken else wenhao_key, url)
        policy_id = insert_policy(session, key, wenhao_key, record, now)
    else:
        policy_id = match.policy.id
    written = insert_document(session, url, policy_id, record, crawl_run_id, now)
    join_policy(session, match.policy, policy_id, written.document_id, record)
    index_bands(session, written.document_id, match)
    link_policy(session, policy_id, written, new_policy=match.policy is None)
    return IngestResult("new", written.document_id, policy_id, 1, written.change_id)


def _touch(document: Document, record: Mapping[str, Any], now: datetime) -> None:
    document.last_seen_at = now
    schedule_recheck(document, now)
    document.listing_fingerprint = record.get("listing_fingerprint")
    document.etag = record.get("etag")
    document.last_modified = record.get("last_modified")


def _difference(current: Version, record: Mapping[str, Any], text_hash: str) -> str | None:
    if current.content_hash != text_hash:
        return "revised"
    if any(getattr(current, name) != record.get(name) for name in METADATA_FIELDS):
        return "metadata_changed"
    if attachments_changed(current.attachments, record.get("attachments") or ()):
        return "attachment_changed"
    return None


def _add_version(
    document: Document, record: Mapping[str, Any], text_hash: str, now: datetime
) -> Version:
    current = document.current_version
    version = Version(
        document=document,
        number=(current.number if current else 0) + 1,
        attachments=attachment_rows(record.get("attachments") or ()),
        **version_values(record, text_hash, now),
    )
    document.current_version = version
    return version


def _change(
    kind: str,
    document: Document,
    before: Version | None,
    after: Version | None,
    crawl_run_id: int | None,
    now: datetime,
) -> Change:
    return Change(
        kind=kind,
        document=document,
        policy=document.policy,
        from_version=before,
        to_version=after,
        crawl_run_id=crawl_run_id,
        detected_at=now,
    )


def _result(
    session: Session,
    kind: str,
    document: Document,
    version: Version | None,
    change: Change | None,
) -> IngestResult:
    """The outcome, once what it made is flushed."""
    if change is not None:
        session.add(change)
    session.flush()
    return IngestResult(
        kind=kind,
        document_id=document.id,
        policy_id=document.policy_id,
        version_number=version.number if version else 0,
        change_id=change.id if change else None,
    )
