"""Check sources' health: open or close incidents and queue their webhooks in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from policywatch.service.webhooks import WebhookSettings, queue_incident
from policywatch.settings import HealthSettings
from storage import Store
from storage.incidents import OPENED, IncidentEvent, update_incident

logger = logging.getLogger("policywatch.health")


def check_sources(
    store: Store,
    source_ids: Iterable[str],
    health: HealthSettings,
    webhooks: WebhookSettings,
    *,
    now: datetime | None = None,
) -> list[IncidentEvent]:
    """Bring each source's incident up to date with its runs; return the openings and closings."""
    events = []
    for source_id in source_ids:
        try:
            with store.session() as session, session.begin():
                event = update_incident(
                    session,
                    source_id,
                    after_runs=health.incident_after_runs,
                    stale_after=health.stale_after,
                    now=now,
                )
                if event:
                    queue_incident(session, event, webhooks)
        except IntegrityError:
            logger.debug("%s: its incident was opened by another process meanwhile", source_id)
            continue
        if event:
            _log(event)
            events.append(event)
    return events


def _log(event: IncidentEvent) -> None:
    incident = event.incident
    if event.kind == OPENED:
        logger.warning(
            "%s: incident %d opened: %s (%s)",
            incident.source_id,
            incident.id,
            incident.status,
            incident.reason or "no reason given",
        )
    else:
        logger.info(
            "%s: incident %d closed: %s again",
            incident.source_id,
            incident.id,
            incident.closed_status,
        )
