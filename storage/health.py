"""Source health from recent runs: ok, quiet, empty, degraded, blocked, down, stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CrawlRun, Document, Source, utcnow

RECENT_RUNS = 10
COVERAGE_FIELDS = ("wenhao", "published", "body")
COVERAGE_DROP = 0.5
HEALTHY = frozenset({"ok", "quiet"})
_OUTCOME_STATUS = {
    "blocked": "blocked",
    "down": "down",
    "interrupted": "down",
    "empty": "empty",
    "failed": "degraded",
    "degraded": "degraded",
}


@dataclass(frozen=True)
class SourceHealth:
    """What an operator sees of one source."""

    source_id: str
    name: str
    status: str
    reason: str | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_new_at: datetime | None


def coverage(stats: dict[str, object], field: str) -> float | None:
    """Share of a run's items that had `field` (None when the run stored no item)."""
    items = int(stats.get("item_scraped_count", 0) or 0)
    if not items:
        return None
    return int(stats.get(f"policywatch/fields/{field}", 0) or 0) / items


def judge(runs: list[CrawlRun], *, now: datetime, stale_after: timedelta) -> tuple[str, str | None]:
    """The status of a source from its runs, newest first, and why it is not healthy."""
    finished = [run for run in runs if run.outcome not in ("running", "busy")]
    if not finished:
        return "unknown", "never crawled"
    last = finished[0]
    if last.outcome in _OUTCOME_STATUS:
        return _OUTCOME_STATUS[last.outcome], last.reason
    successes = [run.finished_at for run in finished if run.outcome == "ok" and run.finished_at]
    if not successes or now - max(successes) > stale_after:
        return "stale", f"no successful run for more than {stale_after}"
    if dropped := _coverage_drop(last, finished[1:]):
        return "degraded", dropped
    return ("ok", None) if last.new else ("quiet", None)


def _coverage_drop(last: CrawlRun, earlier: list[CrawlRun]) -> str | None:
    for field in COVERAGE_FIELDS:
        now_share = coverage(last.stats, field)
        usual = [share for run in earlier if (share := coverage(run.stats, field)) is not None]
        if now_share is None or not usual:
            continue
        typical = median(usual)
        if typical > 0 and now_share < typical * COVERAGE_DROP:
            return f"{field} found on {now_share:.0%} of pages, usually {typical:.0%}"
    return None


def recent_runs(session: Session, source_id: str, limit: int = RECENT_RUNS) -> list[CrawlRun]:
    """The source's latest `limit` runs, newest first."""
    return list(
        session.scalars(
            select(CrawlRun)
            .where(CrawlRun.source_id == source_id)
            .order_by(CrawlRun.id.desc())
            .limit(limit)
        )
    )


def source_health(
    session: Session, *, stale_after: timedelta = timedelta(hours=48), now: datetime | None = None
) -> list[SourceHealth]:
    """The health of every registered source, by id."""
    now = now or utcnow()
    report = []
    for source in session.scalars(select(Source).order_by(Source.id)):
        runs = recent_runs(session, source.id)
        status, reason = judge(runs, now=now, stale_after=stale_after)
        report.append(
            SourceHealth(
                source_id=source.id,
                name=source.name,
                status=status,
                reason=reason,
                last_run_at=runs[0].started_at if runs else None,
                last_success_at=source.last_success_at,
                last_new_at=_last_new(session, source.id),
            )
        )
    return report


def _last_new(session: Session, source_id: str) -> datetime | None:
    """When the source's newest document was first seen: one look-up in its index."""
    return session.scalar(
        select(func.max(Document.first_seen_at)).where(Document.source_id == source_id)
    )
