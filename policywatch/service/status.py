"""`policywatch status`: each source's health, last success, last new document, open incident,
next run."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from crawler.schedule import CHINA, make_trigger
from crawler.sources import SourceInfo
from policywatch.service.health_check import check_sources
from policywatch.service.webhooks import WebhookSettings
from policywatch.settings import HealthSettings
from storage import Store
from storage.health import source_health
from storage.incidents import open_incidents
from storage.models import Incident, Source
from storage.runs import last_run_started


def status_rows(
    store: Store, sources: list[SourceInfo], config: dict[str, Any]
) -> list[dict[str, Any]]:
    """One row per source that has run or is configured, with its open incident (brought up
    to date first, so that a stale source has one) and its next scheduled run."""
    health_settings = HealthSettings.from_config(config)
    by_id = {source.id: source for source in sources}
    with store.session() as session:
        stored = list(session.scalars(select(Source.id)))
    check_sources(store, stored, health_settings, WebhookSettings.from_config(config))
    rows = []
    with store.session() as session:
        report = {
            health.source_id: health
            for health in source_health(session, stale_after=health_settings.stale_after)
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
            row["next_run_at"] = (
                _next_run(source.schedule, last_run_started(session, source_id)) if source else None
            )
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


def format_moment(moment: datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment else "—"


def status_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table for the terminal."""
    header = (
        f"{'source':<18} {'status':<9} {'last success':<17} {'last new':<17} "
        f"{'incident':<24} {'next run':<17} why"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row['source_id']:<18} {row['status']:<9} "
            f"{format_moment(row.get('last_success_at')):<17} "
            f"{format_moment(row.get('last_new_at')):<17} "
            f"{_incident_cell(row.get('incident')):<24} "
            f"{format_moment(row.get('next_run_at')):<17} {row.get('reason') or ''}"
        )
    return "\n".join(lines)


def _incident_cell(incident: dict[str, Any] | None) -> str:
    if incident is None:
        return "—"
    return f"#{incident['id']} since {format_moment(incident['opened_at'])[5:]}"
