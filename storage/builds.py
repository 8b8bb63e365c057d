"""Feed build marks: what the database held when the feeds of a folder were last built."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Change, FeedBuild, Incident


def content_mark(session: Session) -> str:
    """A mark that changes whenever something the feeds show changes: a new change event,
    an incident opened or closed."""
    changes = session.scalar(select(func.max(Change.id))) or 0
    incidents = session.scalar(select(func.max(Incident.id))) or 0
    closed = session.scalar(
        select(func.count()).select_from(Incident).where(Incident.closed_at.is_not(None))
    )
    return f"change {changes}, incident {incidents}, closed {closed}"


def built_mark(session: Session, folder: Path) -> str | None:
    """The content mark the feeds in `folder` were last built from."""
    return session.scalar(select(FeedBuild.mark).where(FeedBuild.folder == _key(folder)))


def record_build(session: Session, folder: Path, mark: str) -> None:
    """Remember that the feeds in `folder` now show what `mark` stands for."""
    session.merge(FeedBuild(folder=_key(folder), mark=mark, built_at=datetime.now(UTC)))


def _key(folder: Path) -> str:
    return str(folder.resolve())
