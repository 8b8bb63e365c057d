"""Incidents: opened when a source stays unhealthy for more than N runs, closed on recovery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.health import HEALTHY, RECENT_RUNS, judge, recent_runs
from storage.models import CrawlRun, Incident, utcnow

OPENED = "opened"
CLOSED = "closed"


@dataclass(frozen=True)
class IncidentEvent:
    """An incident that was just opened or closed."""

    kind: str
    incident: Incident

    @property
    def key(self) -> str:
        """A stable id of the event: `incident-<id>/opened` or `incident-<id>/closed`."""
        return f"incident-{self.incident.id}/{self.kind}"


def open_incident(session: Session, source_id: str) -> Incident | None:
    """The source's open incident, if any."""
    return session.scalar(
        select(Incident).where(Incident.source_id == source_id, Incident.closed_at.is_(None))
    )


def open_incidents(session: Session) -> dict[str, Incident]:
    """Every open incident, by source id."""
    found = session.scalars(select(Incident).where(Incident.closed_at.is_(None)))
    return {incident.source_id: incident for incident in found}


def recent_incidents(session: Session, limit: int) -> list[Incident]:
    """The incidents most recently opened or closed, with their sources."""
    latest = select(Incident).options(selectinload(Incident.source))
    opened = latest.order_by(Incident.opened_at.desc()).limit(limit)
    closed = latest.where(Incident.closed_at.is_not(None))
    closed = closed.order_by(Incident.closed_at.desc()).limit(limit)
    found = {incident.id: incident for incident in session.scalars(opened)}
    found.update((incident.id, incident) for incident in session.scalars(closed))
    return sorted(found.values(), key=lambda incident: incident.id, reverse=True)


def update_incident(
    session: Session,
    source_id: str,
    *,
    after_runs: int,
    stale_after: timedelta,
    now: datetime | None = None,
) -> IncidentEvent | None:
    """Open or close the source's incident from its runs; return what happened, if anything.

    An incident opens when the last `after_runs + 1` finished runs were all unhealthy (or the
    source went stale), and closes at the first healthy status after that. Opening an incident
    another session opened meanwhile raises IntegrityError (one open incident per source).
    """
    now = now or utcnow()
    runs = [
        run
        for run in recent_runs(session, source_id, RECENT_RUNS + after_runs + 1)
        if run.outcome != "running"
    ]
    status, reason = judge(runs, now=now, stale_after=stale_after)
    current = open_incident(session, source_id)
    if current is not None:
        if status not in HEALTHY:
            return None
        current.closed_at, current.closed_status = now, status
        current.closed_run_id = runs[0].id
        session.flush()
        return IncidentEvent(CLOSED, current)
    if status in HEALTHY or status == "unknown":
        return None
    streak = _unhealthy_streak(runs, stale_after)
    if status != "stale" and len(streak) <= after_runs:
        return None
    incident = Incident(
        source_id=source_id,
        status=status,
        reason=reason,
        opened_at=now,
        first_run_id=streak[-1].id if streak else None,
        opened_run_id=runs[0].id if runs else None,
    )
    session.add(incident)
    session.flush()
    return IncidentEvent(OPENED, incident)


def _unhealthy_streak(runs: list[CrawlRun], stale_after: timedelta) -> list[CrawlRun]:
    """The newest runs, newest first, after which the source was not ok or quiet."""
    streak = []
    for index, run in enumerate(runs):
        status, _ = judge(
            runs[index:], now=run.finished_at or run.started_at, stale_after=stale_after
        )
        if status in HEALTHY:
            break
        streak.append(run)
    return streak
