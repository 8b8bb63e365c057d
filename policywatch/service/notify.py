"""Apprise notifications (e-mail, WeCom, DingTalk, Feishu, Telegram, Slack …) of new and
revised policies: a message per policy, or a digest per crawl or per day, through the outbox.

`[notify] urls` names Apprise URLs; each takes the table's `mode`, `topic` and `events`, or its
own when given as an inline table `{ url = "…", mode = "daily" }`. Messages are written into
the `notification` outbox (keys `change-<id>`, `crawl-<run id>`, `day-<YYYY-MM-DD>`) by the
daemon's outbox thread and sent from there, retried with backoff like the webhooks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import apprise
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawler.config import ConfigError
from crawler.dates import CHINA
from policywatch.service.notify_text import digest_message, policy_message
from policywatch.service.webhooks import SETTLE, deliver, start_change_cursor, take_changes, wanted
from storage import Store
from storage.models import Change, CrawlRun, Notification, OutboxCursor, utcnow

MODES = ("each", "crawl", "daily")
EVENTS = frozenset({"new", "revised"})
EACH_CURSOR = "notify-each"
CRAWL_CURSOR = "notify-crawl"
DAY_CURSOR = "notify-day"
RUN_BATCH = 200


@dataclass(frozen=True)
class Target:
    """One Apprise URL and what it is sent."""

    url: str
    mode: str = "each"
    topic: str | None = None
    events: frozenset[str] = EVENTS


@dataclass(frozen=True)
class NotifySettings:
    """The `[notify]` table of policywatch.toml."""

    targets: tuple[Target, ...] = ()
    backoff: float = 30.0
    max_attempts: int = 8

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(target.url for target in self.targets)

    def of_mode(self, mode: str) -> list[Target]:
        return [target for target in self.targets if target.mode == mode]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NotifySettings:
        table = config.get("notify", {})
        targets = tuple(_target(entry, table) for entry in table.get("urls", ()))
        return cls(
            targets=targets,
            backoff=float(table.get("backoff", cls.backoff)),
            max_attempts=int(table.get("max_attempts", cls.max_attempts)),
        )


def _target(entry: str | Mapping[str, Any], table: Mapping[str, Any]) -> Target:
    own = {"url": entry} if isinstance(entry, str) else dict(entry)
    if unknown := set(own) - {"url", "mode", "topic", "events"}:
        raise ConfigError(f"[notify] urls: unknown keys {sorted(unknown)}")
    url = own.get("url")
    if not isinstance(url, str) or not _knows(url):
        raise ConfigError(f"[notify] urls: {shown(str(url))} is no Apprise URL Apprise knows")
    mode = own.get("mode", table.get("mode", "each"))
    if mode not in MODES:
        raise ConfigError(f"[notify] mode must be one of {', '.join(MODES)}, got {mode!r}")
    events = frozenset(own.get("events", table.get("events", EVENTS)))
    if unknown_events := events - EVENTS:
        raise ConfigError(f"[notify] unknown events {sorted(unknown_events)}; known: new, revised")
    topic = own.get("topic", table.get("topic", "medical_equipment"))
    return Target(url=url, mode=mode, topic=topic or None, events=events)


def shown(url: str) -> str:
    """An Apprise URL as logged: its scheme only, as the rest may hold a token."""
    return f"{url.split('://', 1)[0]}://…"


def queue_messages(
    session: Session, settings: NotifySettings, *, now: datetime | None = None
) -> int:
    """Put in the outbox every message that is due: one per new change for `each` targets,
    a digest per finished crawl for `crawl` targets, per ended day for `daily` ones."""
    now = now or utcnow()
    queued = 0
    if each := settings.of_mode("each"):
        for change in take_changes(session, EACH_CURSOR, now=now):
            queued += _queue(session, each, f"change-{change.id}", change.kind, [change])
    if crawl := settings.of_mode("crawl"):
        queued += _queue_crawl_digests(session, crawl)
    if daily := settings.of_mode("daily"):
        queued += _queue_day_digests(session, daily, now)
    return queued


def follow_from_now(
    session: Session, settings: NotifySettings, *, now: datetime | None = None
) -> None:
    """Start every cursor at the present, unless it is already following."""
    start_change_cursor(session, EACH_CURSOR)
    _crawl_cursor(session)
    _day_cursor(session, now or utcnow())


def _crawl_cursor(session: Session) -> OutboxCursor:
    """The last crawl run digested; at first, the last one started."""
    return _cursor(session, CRAWL_CURSOR, session.scalar(select(func.max(CrawlRun.id))) or 0)


def _day_cursor(session: Session, now: datetime) -> OutboxCursor:
    """The last day digested (as a proleptic ordinal); at first, yesterday."""
    return _cursor(session, DAY_CURSOR, _china_day(now).toordinal() - 1)


def _cursor(session: Session, name: str, start: int) -> OutboxCursor:
    cursor = session.get(OutboxCursor, name)
    if cursor is None:
        cursor = OutboxCursor(name=name, position=start)
        session.add(cursor)
        session.flush()
    return cursor


def _queue_crawl_digests(session: Session, targets: list[Target]) -> int:
    """A digest of each finished crawl past the cursor; the cursor stops below the first crawl
    still running, and crawls digested beyond it are not digested again."""
    cursor = _crawl_cursor(session)
    runs = session.execute(
        select(CrawlRun.id, CrawlRun.finished_at, CrawlRun.source_id)
        .where(CrawlRun.id > cursor.position)
        .order_by(CrawlRun.id)
        .limit(RUN_BATCH)
    ).all()
    queued = 0
    running = False
    for run_id, finished_at, source_id in runs:
        if finished_at is None:
            running = True
            continue
        if not running:
            cursor.position = run_id
        changes = session.scalars(
            select(Change).where(Change.crawl_run_id == run_id).order_by(Change.id)
        ).all()
        queued += _queue(
            session,
            targets,
            f"crawl-{run_id}",
            "digest",
            changes,
            digest_of=f"{source_id} 本次抓取",
        )
    session.flush()
    return queued


def _queue_day_digests(session: Session, targets: list[Target], now: datetime) -> int:
    """A digest of each day (China Standard Time) that ended (SETTLE ago) since the cursor."""
    cursor = _day_cursor(session, now)
    yesterday = _china_day(now - SETTLE).toordinal() - 1
    queued = 0
    for ordinal in range(cursor.position + 1, yesterday + 1):
        day = date.fromordinal(ordinal)
        start = datetime.combine(day, time(), CHINA)
        changes = session.scalars(
            select(Change)
            .where(Change.detected_at >= start, Change.detected_at < start + timedelta(days=1))
            .order_by(Change.id)
        ).all()
        queued += _queue(
            session, targets, f"day-{day.isoformat()}", "digest", changes, digest_of=str(day)
        )
        cursor.position = ordinal
    session.flush()
    return queued


def _china_day(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def _queue(
    session: Session,
    targets: list[Target],
    key: str,
    event: str,
    changes: Iterable[Change],
    *,
    digest_of: str | None = None,
) -> int:
    """Queue for each target the message of the `changes` it wants, unless there are none or
    it was queued before."""
    changes = list(changes)
    done = set(
        session.scalars(
            select(Notification.url).where(
                Notification.key == key, Notification.url.in_([t.url for t in targets])
            )
        )
    )
    queued = 0
    for target in targets:
        chosen = [
            change
            for change in changes
            if change.to_version is not None
            and wanted(change, change.to_version, target.events, target.topic)
        ]
        if not chosen or target.url in done:
            continue
        title, body = digest_message(chosen, digest_of) if digest_of else policy_message(chosen[0])
        payload = {"id": key, "event": event, "title": title, "body": body}
        session.add(Notification(url=target.url, key=key, event=event, payload=payload))
        queued += 1
    session.flush()
    return queued


def _knows(url: str) -> bool:
    with _apprise_log():
        return apprise.Apprise().add(url)


def send_apprise(url: str, payload: Mapping[str, Any]) -> str | None:
    """Send one message through Apprise; None when it was delivered, else why not."""
    notifier = apprise.Apprise()
    with _apprise_log() as captured:
        if not notifier.add(url):
            return "not an Apprise URL"
        sent = notifier.notify(
            title=payload["title"], body=payload["body"], body_format=apprise.NotifyFormat.TEXT
        )
    if sent:
        return None
    lines = captured.getvalue().strip().splitlines()
    return lines[-1].strip() if lines else "Apprise could not deliver the message"


@contextmanager
def _apprise_log() -> Iterator[StringIO]:
    """Apprise's warnings kept from the log (the outbox logs each failure once), captured."""
    library = logging.getLogger("apprise")
    library.propagate = False
    try:
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
            yield captured
    finally:
        library.propagate = True


class NotifyChannel:
    """Apprise messages as a channel of the outbox thread."""

    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings

    def follow_from_now(self, session: Session) -> None:
        follow_from_now(session, self.settings)

    def queue(self, session: Session) -> int:
        return queue_messages(session, self.settings)

    def deliver(self, store: Store) -> int:
        return deliver(store, self.settings, send_apprise, shown=shown)
