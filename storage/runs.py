"""Sources and their crawl runs: registration, run bookkeeping, health status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CrawlRun, Source, utcnow

_COUNT_COLUMNS = (
    "requests",
    "detail_requests",
    "items",
    "new",
    "revised",
    "unchanged",
    "errors",
)


def ensure_source(
    session: Session,
    source_id: str,
    *,
    site: str,
    name: str,
    list_url: str,
    schedule: str | None = None,
    region: str = "national",
    city: str | None = None,
) -> Source:
    """The Source row for `source_id`, created or updated to match the spider."""
    source = session.get(Source, source_id)
    if source is None:
        source = Source(id=source_id, site=site, name=name, list_url=list_url)
        session.add(source)
    source.site, source.name, source.list_url = site, name, list_url
    source.region, source.city = region, city
    if schedule is not None:
        source.schedule = schedule
    session.flush()
    return source


def start_run(session: Session, source_id: str, *, now: datetime | None = None) -> int:
    """Open a CrawlRun for the source and return its id."""
    run = CrawlRun(source_id=source_id, started_at=now or utcnow(), outcome="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    outcome: str,
    reason: str | None,
    counts: Mapping[str, int],
    stats: Mapping[str, Any],
    now: datetime | None = None,
) -> CrawlRun:
    """Close a CrawlRun with its outcome and counts, and carry the outcome to its Source."""
    now = now or utcnow()
    run = session.get_one(CrawlRun, run_id)
    run.finished_at, run.outcome, run.reason = now, outcome, reason
    for column in _COUNT_COLUMNS:
        setattr(run, column, int(counts.get(column, 0)))
    run.stats = dict(stats)
    source = session.get_one(Source, run.source_id)
    if source.status != outcome:
        source.status, source.status_since = outcome, now
    if outcome == "ok":
        source.last_success_at = now
    session.flush()
    return run


def previous_run_outcome(
    session: Session, source_id: str, *, before_run_id: int | None = None
) -> str | None:
    """The outcome of the source's latest run before `before_run_id` (None: never ran)."""
    query = select(CrawlRun.outcome).where(CrawlRun.source_id == source_id)
    if before_run_id is not None:
        query = query.where(CrawlRun.id < before_run_id)
    return session.scalar(query.order_by(CrawlRun.id.desc()).limit(1))


def last_run_since(session: Session, source_id: str, since: datetime) -> CrawlRun | None:
    """The source's latest run started at or after `since` (None: none did)."""
    query = select(CrawlRun).where(CrawlRun.source_id == source_id, CrawlRun.started_at >= since)
    return session.scalar(query.order_by(CrawlRun.id.desc()).limit(1))


def interrupt_runs(
    session: Session,
    source_id: str,
    *,
    reason: str,
    started_since: datetime | None = None,
    now: datetime | None = None,
) -> int:
    """Mark the source's runs still running (killed) as interrupted, and those started since
    `started_since` whatever their outcome (a crawl that was ended closed its run itself);
    return how many."""
    now = now or utcnow()
    ended = CrawlRun.outcome == "running"
    if started_since is not None:
        ended |= CrawlRun.started_at >= started_since
    running = session.scalars(select(CrawlRun).where(CrawlRun.source_id == source_id, ended)).all()
    for run in running:
        run.finished_at = run.finished_at or now
        run.outcome, run.reason = "interrupted", reason
    session.flush()
    return len(running)


def last_run_started(session: Session, source_id: str) -> datetime | None:
    """When the source's latest run started (None: it never ran)."""
    return session.scalar(
        select(CrawlRun.started_at)
        .where(CrawlRun.source_id == source_id)
        .order_by(CrawlRun.id.desc())
        .limit(1)
    )
