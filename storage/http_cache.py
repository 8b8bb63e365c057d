"""What HTTP told us to keep between crawls: list page validators and robots.txt per host."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from storage.models import ListPage, RobotsTxt, utcnow

ROBOTS_MAX_AGE = timedelta(days=1)
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Validators:
    """An ETag and a Last-Modified as a server sent them (either may be missing)."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class CachedRobots:
    """A robots.txt answer still within its lifetime."""

    status: int
    body: str


def list_validators(session: Session, url: str) -> Validators | None:
    """The validators the list page at `url` last answered with, if it sent any."""
    row = session.get(ListPage, url)
    if row is None:
        return None
    return Validators(row.etag, row.last_modified)


def keep_list_validators(session: Session, url: str, validators: Validators) -> None:
    """Remember the list page's validators; a page that sent none is forgotten."""
    row = session.get(ListPage, url)
    if validators.etag is None and validators.last_modified is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = ListPage(url=url)
        session.add(row)
    row.etag, row.last_modified, row.fetched_at = (
        validators.etag,
        validators.last_modified,
        utcnow(),
    )


def cached_robots(
    session: Session, host: str, *, now: datetime | None = None
) -> CachedRobots | None:
    """The host's robots.txt answer, unless it was never fetched or has expired."""
    row = session.get(RobotsTxt, host)
    if row is None or row.expires_at <= (now or utcnow()):
        return None
    return CachedRobots(row.status, row.body)


def keep_robots(
    session: Session,
    host: str,
    status: int,
    body: str,
    *,
    lifetime: timedelta = ROBOTS_MAX_AGE,
    now: datetime | None = None,
) -> None:
    """Cache the host's robots.txt answer for `lifetime`, never longer than a day."""
    fetched = now or utcnow()
    row = session.get(RobotsTxt, host)
    if row is None:
        row = RobotsTxt(host=host)
        session.add(row)
    row.status = status
    row.body = body[:ROBOTS_MAX_BYTES]
    row.fetched_at = fetched
    row.expires_at = fetched + min(lifetime, ROBOTS_MAX_AGE)
