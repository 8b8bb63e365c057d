"""Webhook notifications of new policies, revisions and incidents, from a durable outbox.

Each notification is a row of the `notification` table before anything is sent: an incident's
in the transaction that opens or closes it, new policies and revisions by following the change
log with a stored cursor. A background thread of the daemon (`outbox.py`) sends what is due
and records the result, retrying with exponential backoff, so a crawl never waits on a
receiver and a killed daemon loses nothing. Delivery is at least once; each payload has a
stable `id` to dedupe on. Apprise messages (`notify.py`) go through the same outbox.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.request
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.config import ConfigError
from crawler.config_schema import is_web_url
from storage import Store
from storage.incidents import IncidentEvent
from storage.models import Change, Notification, OutboxCursor, Version, utcnow
from storage.relevance import is_relevant

logger = logging.getLogger("policywatch.webhooks")

EVENTS = frozenset({"new", "revised", "incident"})
CHANGE_CURSOR = "change"
CHANGE_BATCH = 500
DELIVERY_BATCH = 50
MAX_BACKOFF = timedelta(hours=6)
SETTLE = timedelta(seconds=5)


@dataclass(frozen=True)
class WebhookSettings:
    """The `[webhooks]` table of policywatch.toml."""

    urls: tuple[str, ...] = ()
    events: frozenset[str] = EVENTS
    topic: str | None = None
    timeout: float = 10.0
    backoff: float = 30.0
    max_attempts: int = 8
    poll: float = 5.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> WebhookSettings:
        table = config.get("webhooks", {})
        urls = tuple(table.get("urls", ()))
        events = frozenset(table.get("events", EVENTS))
        if bad := [url for url in urls if not is_web_url(url)]:
            raise ConfigError(f"[webhooks] urls must be http(s) URLs: {bad}")
        if unknown := events - EVENTS:
            raise ConfigError(
                f"[webhooks] unknown events {sorted(unknown)}; known: {sorted(EVENTS)}"
            )
        return cls(
            urls=urls,
            events=events,
            topic=table.get("topic") or None,
            timeout=float(table.get("timeout", cls.timeout)),
            backoff=float(table.get("backoff", cls.backoff)),
            max_attempts=int(table.get("max_attempts", cls.max_attempts)),
            poll=float(table.get("poll", cls.poll)),
        )


def queue_incident(session: Session, event: IncidentEvent, settings: WebhookSettings) -> None:
    """Put an incident's opening or closing in the outbox (in the caller's transaction)."""
    if "incident" not in settings.events:
        return
    incident = event.incident
    _queue(
        session,
        settings,
        event.key,
        f"incident_{event.kind}",
        {
            "source": incident.source_id,
            "status": incident.status,
            "reason": incident.reason,
            "opened_at": _iso(incident.opened_at),
            "closed_at": _iso(incident.closed_at),
            "closed_status": incident.closed_status,
            "runs": {
                "first": incident.first_run_id,
                "opened": incident.opened_run_id,
                "closed": incident.closed_run_id,
            },
        },
    )


def start_change_cursor(session: Session, name: str = CHANGE_CURSOR) -> None:
    """Follow the change log from its current end, unless already following it."""
    if session.get(OutboxCursor, name) is None:
        end = session.scalar(select(func.max(Change.id))) or 0
        session.add(OutboxCursor(name=name, position=end))
        session.flush()


def take_changes(
    session: Session, name: str = CHANGE_CURSOR, *, now: datetime | None = None
) -> Sequence[Change]:
    """The changes stored since cursor `name`, which is moved past them.

    Only changes at least SETTLE old are taken, so that a crawl's transaction still open with
    a lower change id (PostgreSQL hands out ids before commit) is not stepped over.
    """
    start_change_cursor(session, name)
    cursor = session.get_one(OutboxCursor, name)
    settled = (now or utcnow()) - SETTLE
    changes = session.scalars(
        select(Change)
        .where(Change.id > cursor.position, Change.detected_at <= settled)
        .order_by(Change.id)
        .limit(CHANGE_BATCH)
    ).all()
    if changes:
        cursor.position = changes[-1].id
    session.flush()
    return changes


def queue_changes(
    session: Session, settings: WebhookSettings, *, now: datetime | None = None
) -> int:
    """Put the changes stored since the cursor in the outbox and move the cursor past them."""
    queued = 0
    for change in take_changes(session, now=now):
        version = change.to_version
        if version is not None and wanted(change, version, settings.events, settings.topic):
            _queue(
                session,
                settings,
                f"change-{change.id}",
                change.kind,
                _change_facts(change, version),
            )
            queued += 1
    session.flush()
    return queued


def wanted(change: Change, version: Version, events: Collection[str], topic: str | None) -> bool:
    """A kind among `events`, relevant to `topic` (None: any); a `new` document only when it is
    its policy's primary (a repost is no new policy)."""
    if change.kind not in events:
        return False
    policy = change.policy or change.document.policy
    primary = policy.primary_document_id if policy else None
    if change.kind == "new" and primary not in (None, change.document_id):
        return False
    return topic is None or is_relevant(version.topics, topic)


def _change_facts(change: Change, version: Version) -> dict[str, Any]:
    policy = change.policy or change.document.policy
    return {
        "source": change.document.source_id,
        "url": change.document.url,
        "policy": policy.key if policy else None,
        "version": version.number,
        "title": version.title,
        "wenhao": version.wenhao,
        "issuer": version.issuer,
        "department": version.department,
        "published_on": version.published_on and version.published_on.isoformat(),
        "published_at": _iso(version.published_at),
        "detected_at": _iso(change.detected_at),
        "topics": version.topics,
    }


def _queue(
    session: Session, settings: WebhookSettings, key: str, event: str, facts: dict[str, Any]
) -> None:
    for url in settings.urls:
        payload = {"id": key, "event": event, **facts}
        session.add(Notification(url=url, key=key, event=event, payload=payload))
    session.flush()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


class Delivery(Protocol):
    """What delivering a channel's notifications needs from its settings."""

    @property
    def urls(self) -> tuple[str, ...]: ...
    @property
    def backoff(self) -> float: ...
    @property
    def max_attempts(self) -> int: ...


Send = Callable[[str, dict[str, Any]], "str | None"]


def deliver_due(store: Store, settings: WebhookSettings, *, now: datetime | None = None) -> int:
    """POST the webhook notifications that are due; return how many were delivered."""
    return deliver(
        store,
        settings,
        lambda url, payload: post_json(url, payload, timeout=settings.timeout),
        now=now,
    )


def deliver(
    store: Store,
    settings: Delivery,
    send: Send,
    *,
    shown: Callable[[str], str] = str,
    now: datetime | None = None,
) -> int:
    """Send the notifications to `settings.urls` that are due; return how many were
    delivered. `shown` is how a URL appears in the log.

    A URL that fails is not tried again in the same pass; its notifications wait their turn.
    """
    now = now or utcnow()
    with store.session() as session:
        due = session.execute(
            select(Notification.id, Notification.url, Notification.payload)
            .where(
                Notification.delivered_at.is_(None),
                Notification.given_up_at.is_(None),
                Notification.next_attempt_at <= now,
                Notification.url.in_(settings.urls),
            )
            .order_by(Notification.id)
            .limit(DELIVERY_BATCH)
        ).all()
    failing: set[str] = set()
    delivered = 0
    for notification_id, url, payload in due:
        if url in failing:
            continue
        error = send(url, payload)
        with store.session() as session, session.begin():
            row = session.get_one(Notification, notification_id)
            _record_attempt(row, error, settings, shown(url))
        if error:
            failing.add(url)
        else:
            delivered += 1
    return delivered


def _record_attempt(
    row: Notification, error: str | None, settings: Delivery, shown_url: str
) -> None:
    now = utcnow()
    row.attempts += 1
    if error is None:
        row.delivered_at, row.last_error = now, None
        return
    row.last_error = error
    if row.attempts >= settings.max_attempts:
        row.given_up_at = now
        logger.error(
            "notification %s to %s given up after %d attempts: %s",
            row.key,
            shown_url,
            row.attempts,
            error,
        )
        return
    delay = min(timedelta(seconds=settings.backoff * 2 ** (row.attempts - 1)), MAX_BACKOFF)
    row.next_attempt_at = now + delay
    logger.warning(
        "notification %s to %s failed (attempt %d, next in %.0f s): %s",
        row.key,
        shown_url,
        row.attempts,
        delay.total_seconds(),
        error,
    )


def post_json(url: str, payload: dict[str, Any], *, timeout: float) -> str | None:
    """POST `payload` as JSON; None on a 2xx answer, else what went wrong."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "policywatch"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except (OSError, http.client.HTTPException) as error:
        return str(error) or type(error).__name__
    return None


class WebhookChannel:
    """Webhooks as a channel of the outbox thread."""

    def __init__(self, settings: WebhookSettings) -> None:
        self.settings = settings

    def follow_from_now(self, session: Session) -> None:
        start_change_cursor(session)

    def queue(self, session: Session) -> int:
        return queue_changes(session, self.settings)

    def deliver(self, store: Store) -> int:
        return deliver_due(store, self.settings)
