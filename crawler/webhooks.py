"""Webhook notifications of new policies, revisions and incidents, from a durable outbox.

Each notification is a row of the `notification` table before anything is sent: an incident's
in the transaction that opens or closes it, new policies and revisions by following the change
log with a stored cursor. A background thread of the daemon posts what is due and records the
result, retrying with exponential backoff, so a crawl never waits on a receiver and a killed
daemon loses nothing. Delivery is at least once; each payload has a stable `id` to dedupe on.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawler.config import ConfigError
from storage import Store, open_store
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
        if bad := [url for url in urls if not url.startswith(("http://", "https://"))]:
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


def start_change_cursor(session: Session) -> None:
    """Follow the change log from its current end, unless already following it."""
    if session.get(OutboxCursor, CHANGE_CURSOR) is None:
        end = session.scalar(select(func.max(Change.id))) or 0
        session.add(OutboxCursor(name=CHANGE_CURSOR, position=end))
        session.flush()


def queue_changes(
    session: Session, settings: WebhookSettings, *, now: datetime | None = None
) -> int:
    """Put the changes stored since the cursor in the outbox and move the cursor past them.

    Only changes at least SETTLE old are taken, so that a crawl's transaction still open with
    a lower change id (PostgreSQL hands out ids before commit) is not stepped over.
    """
    start_change_cursor(session)
    cursor = session.get_one(OutboxCursor, CHANGE_CURSOR)
    settled = (now or utcnow()) - SETTLE
    changes = session.scalars(
        select(Change)
        .where(Change.id > cursor.position, Change.detected_at <= settled)
        .order_by(Change.id)
        .limit(CHANGE_BATCH)
    ).all()
    queued = 0
    for change in changes:
        version = change.to_version
        if version is not None and _wanted(change, version, settings):
            _queue(
                session,
                settings,
                f"change-{change.id}",
                change.kind,
                _change_facts(change, version),
            )
            queued += 1
    if changes:
        cursor.position = changes[-1].id
    session.flush()
    return queued


def _wanted(change: Change, version: Version, settings: WebhookSettings) -> bool:
    """A wanted kind, on the topic; a `new` document only when it is its policy's primary
    (a repost is no new policy)."""
    if change.kind not in settings.events:
        return False
    policy = change.policy or change.document.policy
    primary = policy.primary_document_id if policy else None
    if change.kind == "new" and primary not in (None, change.document_id):
        return False
    return settings.topic is None or is_relevant(version.topics, settings.topic)


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


def deliver_due(store: Store, settings: WebhookSettings, *, now: datetime | None = None) -> int:
    """POST the notifications that are due; return how many were delivered.

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
        error = post_json(url, payload, timeout=settings.timeout)
        with store.session() as session, session.begin():
            _record_attempt(session.get_one(Notification, notification_id), error, settings)
        if error:
            failing.add(url)
        else:
            delivered += 1
    return delivered


def _record_attempt(row: Notification, error: str | None, settings: WebhookSettings) -> None:
    now = utcnow()
    row.attempts += 1
    if error is None:
        row.delivered_at, row.last_error = now, None
        return
    row.last_error = error
    if row.attempts >= settings.max_attempts:
        row.given_up_at = now
        logger.error(
            "webhook %s to %s given up after %d attempts: %s", row.key, row.url, row.attempts, error
        )
        return
    delay = min(timedelta(seconds=settings.backoff * 2 ** (row.attempts - 1)), MAX_BACKOFF)
    row.next_attempt_at = now + delay
    logger.warning(
        "webhook %s to %s failed (attempt %d, next in %.0f s): %s",
        row.key,
        row.url,
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


class WebhookSender:
    """The daemon's background thread: fills the outbox from the change log, posts what is due."""

    def __init__(self, db_url: str, settings: WebhookSettings) -> None:
        self.db_url = db_url
        self.settings = settings
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        store = open_store(self.db_url)
        try:
            while not self._stopping.is_set():
                try:
                    self.send_once(store)
                except SQLAlchemyError:
                    logger.exception("webhook outbox pass failed; retrying at the next poll")
                self._wake.wait(self.settings.poll)
                self._wake.clear()
        finally:
            store.close()

    def send_once(self, store: Store) -> int:
        """One pass: queue new changes, then deliver what is due."""
        with store.session() as session, session.begin():
            queue_changes(session, self.settings)
        return deliver_due(store, self.settings)
