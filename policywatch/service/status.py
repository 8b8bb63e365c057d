"""`policywatch status`: each source's health, last success, last new document, open incident,
next run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from crawler.dates import CHINA
from crawler.schedule import make_trigger
from crawler.sources import SourceInfo
from policywatch.service.health_check import check_sources
from policywatch.service.webhooks import WebhookSettings
from policywatch.settings import HealthSettings
from storage import Store
from storage.health import source_health
from storage.incidents import open_incidents
from storage.models import Incident, Source


def check_stored_sources(store: Store, config: Mapping[str, Any]) -> None:
    """Bring the incident of every source that has run up to date, so that a stale one has one."""
    with store.session() as session:
        stored = list(session.scalars(select(Source.id)))
    check_sources(
        store, stored, HealthSettings.from_config(config), WebhookSettings.from_config(config)
    )


def status_rows(
    store: Store,
    sources: list[SourceInfo],
    *,
    stale_after: timedelta,
    next_runs: Mapping[str, datetime | None] | None = None,
) -> list[dict[str, Any]]:
    """One row per source that has run or is configured, with its open incident and its next
    run: as `next_runs` has it (the daemon's scheduler), else reckoned from its schedule and
    its last run."""
    by_id = {source.id: source for source in sources}
    rows = []
    with store.session() as session:
        report = {
            health.source_id: health for health in source_health(session, stale_after=stale_after)
        }
        incidents = open_incidents(session)
    for source_id in sorted(set(by_id) | set(report)):
        health = report.get(source_id)
        row: dict[str, Any] = (
            asdict(health) if health else {"source_id": source_id, "status": "unknown"}
        )
        row["incident"] = _incident(incidents.get(source_id))
        source = by_id.get(source_id)
        row["schedule"] = source.schedule if source else None
        if source is None:
            row["next_run_at"] = None
        elif next_runs is not None:
            row["next_run_at"] = next_runs.get(source_id)
        else:
            row["next_run_at"] = _next_run(source.schedule, health and health.last_run_at)
        rows.append(row)
    return rows


def _incident(incident: Incident | None) -> dict[str, Any] | None:
    if incident is None:
        return None
    return {
        "id": incident.id,
        "status": incident.status,
        "reason": incident.reason,
        "opened_at": incident.opened_at,
        "first_run_id": incident.first_run_id,
        "opened_run_id": incident.opened_run_id,
    }


def _next_run(schedule: str, last_start: datetime | None) -> datetime | None:
    now = datetime.now(CHINA)
    trigger = make_trigger(schedule, last_start=last_start)
    upcoming = trigger.get_next_fire_time(None, last_start or now)
    return max(upcoming, now) if upcoming else None
