"""Webhooks: the outbox fills from changes and incidents, and drains to a flaky receiver."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.config import ConfigError
from policywatch.service.health_check import check_sources
from policywatch.service.outbox import OutboxSender
from policywatch.service.webhooks import (
    WebhookChannel,
    WebhookSettings,
    deliver_due,
    queue_changes,
    start_change_cursor,
)
from policywatch.settings import HealthSettings
from storage import Store, ensure_source, finish_run, ingest, start_run
from storage.models import Notification
from tests.support.receiver import Receiver, serve
from tests.test_storage import T0, record


@pytest.fixture
def flaky() -> Iterator[Receiver]:
    yield from serve(failures=2)


@pytest.fixture
def dead() -> Iterator[Receiver]:
    yield from serve(failures=1000)


def _settings(receiver: Receiver, **overrides: Any) -> WebhookSettings:
    return replace(WebhookSettings(urls=(receiver.url,), backoff=0, poll=0.1), **overrides)


def _sources(session: Session) -> None:
    for source_id in ("most_gfxwj", "most_tztg"):
        ensure_source(session, source_id, site="www.most.gov.cn", name=source_id, list_url="x")


def _store_changes(store: Store, first_text: str = "第一条 新的条款。") -> None:
    with store.session() as session, session.begin():
        _sources(session)
        ingest(session, record(), now=T0)
        ingest(session, record(text=first_text), now=T0 + timedelta(days=1))
        other = "https://www.most.gov.cn/xxgk/gfxwj/202603/t20260301_2.html"
        ingest(
            session, record(url=other, title="关于农机补贴的通知", wenhao=None, topics={}), now=T0
        )


def _open_incident(store: Store, settings: WebhookSettings) -> None:
    with store.session() as session, session.begin():
        _sources(session)
        for _ in range(2):
            run_id = start_run(session, "most_tztg", now=T0)
            finish_run(
                session, run_id, outcome="blocked", reason="412", counts={}, stats={}, now=T0
            )
    health = HealthSettings(incident_after_runs=1)
    assert check_sources(store, ["most_tztg"], health, settings, now=T0)


def _drain(store: Store, settings: WebhookSettings, passes: int = 10) -> None:
    for _ in range(passes):
        with store.session() as session, session.begin():
            queue_changes(session, settings)
        deliver_due(store, settings)


def _rows(store: Store) -> list[Notification]:
    with store.session() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def test_new_policies_revisions_and_incidents_are_posted_after_failures(
    store: Store, flaky: Receiver
) -> None:
    settings = _settings(flaky, topic="medical_equipment")
    with store.session() as session, session.begin():
        start_change_cursor(session)
    _store_changes(store)
    _open_incident(store, settings)
    _drain(store, settings)
    assert [(body["event"], body["id"].split("-")[0]) for body in flaky.received] == [
        ("incident_opened", "incident"),
        ("new", "change"),
        ("revised", "change"),
    ]
    new, revised = flaky.received[1:]
    assert (new["source"], new["version"], revised["version"]) == ("most_gfxwj", 1, 2)
    assert new["wenhao"] == "国科发资〔2026〕12号" and new["policy"] == revised["policy"]
    incident = flaky.received[0]
    assert (incident["source"], incident["status"], incident["reason"]) == (
        "most_tztg",
        "blocked",
        "412",
    )
    rows = _rows(store)
    assert [row.attempts for row in rows] == [3, 1, 1]
    assert all(row.delivered_at and row.last_error is None for row in rows)


def test_every_change_goes_out_without_a_topic(store: Store, flaky: Receiver) -> None:
    settings = _settings(flaky, events=frozenset({"new"}), topic=None)
    with store.session() as session, session.begin():
        start_change_cursor(session)
    _store_changes(store)
    _drain(store, settings)
    assert sorted(body["title"] for body in flaky.received) == [
        "关于农机补贴的通知",
        "关于印发《高端医疗器械创新发展行动方案》的通知",
    ]


def test_changes_before_the_cursor_started_are_not_sent(store: Store, flaky: Receiver) -> None:
    _store_changes(store)
    settings = _settings(flaky)
    _drain(store, settings)
    assert _rows(store) == []


def test_a_receiver_that_never_answers_is_given_up_on(store: Store, dead: Receiver) -> None:
    settings = _settings(dead, max_attempts=2)
    _open_incident(store, settings)
    _drain(store, settings, passes=4)
    (row,) = _rows(store)
    assert row.attempts == 2 and row.given_up_at is not None and "503" in (row.last_error or "")


def test_a_failure_waits_its_backoff(store: Store, dead: Receiver) -> None:
    settings = _settings(dead, backoff=60)
    _open_incident(store, settings)
    _drain(store, settings, passes=3)
    (row,) = _rows(store)
    assert row.attempts == 1 and row.next_attempt_at > row.created_at + timedelta(seconds=59)


def test_a_queued_notification_survives_until_a_sender_delivers_it(
    db_url: str, flaky: Receiver
) -> None:
    from storage import open_store

    settings = _settings(flaky)
    queued = open_store(db_url)
    _open_incident(queued, settings)
    queued.close()
    sender = OutboxSender(db_url, [WebhookChannel(settings)], poll=settings.poll)
    sender.start()
    deadline = time.monotonic() + 20
    while not flaky.received and time.monotonic() < deadline:
        time.sleep(0.1)
    sender.stop(timeout=5)
    assert [body["event"] for body in flaky.received] == ["incident_opened"]


def test_webhook_settings_refuse_bad_urls_and_events() -> None:
    with pytest.raises(ConfigError):
        WebhookSettings.from_config({"webhooks": {"urls": ["ftp://x"]}})
    with pytest.raises(ConfigError):
        WebhookSettings.from_config({"webhooks": {"events": ["deleted"]}})
