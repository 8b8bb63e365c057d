"""A stored document over time: when to look at it again, and what its absence means."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.identity import canonical_url
from storage.models import Change, Document, Version, utcnow

MIN_RECHECK = timedelta(hours=6)
MAX_RECHECK = timedelta(days=30)
RECHECK_SHARE_OF_AGE = 0.25


def recheck_interval(first_seen: datetime, now: datetime) -> timedelta:
    """How long until a document is fetched again: a quarter of its age, 6 hours to 30 days.

    Pages change most in their first days (corrections, added attachments) and rarely
    after months, so young documents are looked at often and old ones seldom.
    """
    return min(MAX_RECHECK, max(MIN_RECHECK, (now - first_seen) * RECHECK_SHARE_OF_AGE))


def schedule_recheck(document: Document, now: datetime) -> None:
    """Record that the document was checked at `now` and when it is due next."""
    document.last_checked_at = now
    document.next_check_at = now + recheck_interval(document.first_seen_at, now)


@dataclass(frozen=True)
class KnownDocument:
    """What a re-check request needs: the URL, validators, and what the list last showed."""

    url: str
    title: str
    published_at: datetime | None
    wenhao: str | None
    listing_fingerprint: str | None
    etag: str | None
    last_modified: str | None


def due_documents(
    session: Session, source_id: str, *, now: datetime | None = None, limit: int = 200
) -> list[KnownDocument]:
    """The source's active documents whose re-check is due, most overdue first."""
    query = (
        select(Document, Version)
        .join(Version, Version.id == Document.current_version_id)
        .where(
            Document.source_id == source_id,
            Document.status == "active",
            Document.next_check_at <= (now or utcnow()),
        )
        .order_by(Document.next_check_at)
        .limit(limit)
    )
    return [_known(document, version) for document, version in session.execute(query)]


def listed_between(
    session: Session,
    source_id: str,
    after: date,
    before: date | None,
    *,
    exclude: Iterable[str],
) -> list[KnownDocument]:
    """Active documents published strictly between two days (`before` None: no upper bound)
    that are not among `exclude`.

    A list page shows every document of its date range (the first page: everything newer
    than its oldest row); a stored one inside the range that the page no longer shows has
    vanished from the list and is due a look at once.
    """
    excluded = {canonical_url(url) for url in exclude}
    query = (
        select(Document, Version)
        .join(Version, Version.id == Document.current_version_id)
        .where(
            Document.source_id == source_id,
            Document.status == "active",
            Version.published_at >= _start_of(after + timedelta(days=1)),
        )
    )
    if before is not None:
        query = query.where(Version.published_at < _start_of(before))
    return [
        _known(document, version)
        for document, version in session.execute(query)
        if document.url not in excluded
    ]


def confirm_unchanged(session: Session, url: str, *, now: datetime | None = None) -> bool:
    """A conditional re-check answered 304: the document was seen and is due again later."""
    document = _document(session, url)
    if document is None:
        return False
    now = now or utcnow()
    document.last_seen_at = now
    schedule_recheck(document, now)
    return True


def withdraw(
    session: Session,
    url: str,
    *,
    crawl_run_id: int | None = None,
    now: datetime | None = None,
) -> Change | None:
    """The page answers 404/410: mark the document withdrawn with a `withdrawn` Change.

    Returns None when the URL is unknown or already withdrawn.
    """
    document = _document(session, url)
    if document is None or document.status == "withdrawn":
        return None
    now = now or utcnow()
    document.status, document.withdrawn_at = "withdrawn", now
    document.last_checked_at, document.next_check_at = now, None
    change = Change(
        kind="withdrawn",
        document_id=document.id,
        policy_id=document.policy_id,
        from_version_id=document.current_version_id,
        to_version_id=document.current_version_id,
        crawl_run_id=crawl_run_id,
        detected_at=now,
    )
    session.add(change)
    session.flush()
    return change


def _document(session: Session, url: str) -> Document | None:
    return session.scalar(select(Document).where(Document.url == canonical_url(url)))


def _known(document: Document, version: Version) -> KnownDocument:
    return KnownDocument(
        url=document.url,
        title=version.title,
        published_at=version.published_at,
        wenhao=version.wenhao,
        listing_fingerprint=document.listing_fingerprint,
        etag=document.etag,
        last_modified=document.last_modified,
    )


_CHINA_OFFSET = timedelta(hours=8)


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - _CHINA_OFFSET
