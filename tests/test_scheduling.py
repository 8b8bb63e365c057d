"""The daemon's scheduling: a restart continues each schedule from the stored runs, a run that
comes due while the scheduler is busy or paused still happens (once), a hung crawl is killed."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobSubmissionEvent
from sqlalchemy import select

from crawler.schedule import CHINA
from crawler.sources import SourceInfo
from policywatch.service.daemon import STAGGER, Daemon, DaemonSettings, plan_first_runs
from policywatch.settings import FeedSettings
from replica.server import ReplicaServer
from storage import open_store
from storage.models import CrawlRun
from tests.support.replica import crawl_env

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=CHINA)
WAIT_SECONDS = 10


def _source(source_id: str, schedule: str, site: str = "www.most.gov.cn") -> SourceInfo:
    return SourceInfo(
        id=source_id,
        site=site,
        site_name="科学技术部",
        column_name=source_id,
        list_url=f"https://{site}/{source_id}/",
        schedule=schedule,
        topic="medical_equipment",
        enabled=True,
    )


def _daemon(tmp_path: Path, sources: list[SourceInfo], **settings: object) -> Daemon:
    return Daemon(
        sources,
        DaemonSettings(jitter=None, feeds_dir=tmp_path / "feeds", **settings),
        db_url=f"sqlite:///{tmp_path / 'policywatch.db'}",
        feeds=FeedSettings(),
    )


def test_a_restart_continues_each_interval_from_its_last_run() -> None:
    sources = [
        _source("recent", "every 1h"),
        _source("never_ran", "every 1h"),
        _source("overdue", "every 1h"),
        _source("also_overdue", "every 4h"),
    ]
    last_starts = {
        "recent": NOW - timedelta(minutes=10),
        "overdue": NOW - timedelta(hours=3),
        "also_overdue": NOW - timedelta(days=2),
    }
    plans = plan_first_runs(sources, last_starts, NOW, jitter=None)
    firsts = {source.id: first for source, (_trigger, first) in zip(sources, plans, strict=True)}
    assert firsts["recent"] == NOW + timedelta(minutes=50)
    assert sorted(firsts[name] for name in ("never_ran", "overdue", "also_overdue")) == [
        NOW,
        NOW + STAGGER,
        NOW + 2 * STAGGER,
    ]


def test_a_crontab_schedule_waits_for_its_next_time_after_the_last_run() -> None:
    source = _source("cron", "30 9 * * *")
    [(_trigger, first)] = plan_first_runs(
        [source], {"cron": NOW - timedelta(minutes=30)}, NOW, jitter=None
    )
    assert first == NOW + timedelta(hours=23, minutes=30)


def test_a_run_due_while_the_only_worker_is_busy_runs_late(tmp_path: Path) -> None:
    daemon = _daemon(tmp_path, [], workers=1)
    busy_started, release_busy, due_submitted, due_ran = (threading.Event() for _ in range(4))
    ran: list[str] = []

    def busy() -> None:
        busy_started.set()
        release_busy.wait(WAIT_SECONDS)
        ran.append("busy")

    def due() -> None:
        ran.append("due")
        due_ran.set()

    def submitted(event: JobSubmissionEvent) -> None:
        if event.job_id == "due":
            due_submitted.set()

    daemon.scheduler.add_listener(submitted, EVENT_JOB_SUBMITTED)
    now = datetime.now(CHINA)
    daemon.scheduler.add_job(busy, "date", run_date=now)
    daemon.scheduler.add_job(due, "date", id="due", run_date=now + timedelta(seconds=0.2))
    daemon.scheduler.start()
    try:
        assert busy_started.wait(WAIT_SECONDS)
        assert due_submitted.wait(WAIT_SECONDS), "the due run was dropped while the worker was busy"
        assert ran == []
        release_busy.set()
        assert due_ran.wait(WAIT_SECONDS)
    finally:
        release_busy.set()
        daemon.scheduler.shutdown(wait=True)
    assert ran == ["busy", "due"]


def test_runs_missed_while_the_scheduler_was_paused_happen_once(tmp_path: Path) -> None:
    daemon = _daemon(tmp_path, [])
    executed = threading.Event()
    runs: list[datetime] = []

    def crawl() -> None:
        runs.append(datetime.now(CHINA))

    daemon.scheduler.add_listener(lambda _event: executed.set(), EVENT_JOB_EXECUTED)
    missed_since = datetime.now(CHINA) - timedelta(hours=3, minutes=30)
    job = daemon.scheduler.add_job(crawl, "interval", hours=1, next_run_time=missed_since)
    daemon.scheduler.start(paused=True)
    try:
        assert runs == []
        daemon.scheduler.resume()
        assert executed.wait(WAIT_SECONDS)
        assert job.next_run_time > datetime.now(CHINA)
    finally:
        daemon.scheduler.shutdown(wait=True)
    assert len(runs) == 1


def test_a_hung_crawl_is_killed_after_the_limit_and_recorded(
    replica_day0: ReplicaServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    replica_day0.faults.add("www.most.gov.cn", "/", "slow")
    daemon = _daemon(tmp_path, [], crawl_timeout=6)
    daemon.env = crawl_env(replica_day0, daemon.db_url)
    source = _source("most_gfxwj", "every 1h")
    started = time.monotonic()
    try:
        daemon.crawl(source)
    finally:
        replica_day0.faults.clear()
    assert time.monotonic() - started < 30
    store = open_store(daemon.db_url)
    with store.session() as session:
        [run] = session.scalars(select(CrawlRun).where(CrawlRun.source_id == source.id)).all()
    store.close()
    assert (run.outcome, run.reason) == ("interrupted", "killed after 6 s")
    assert "most_gfxwj: crawl killed after 6 s" in caplog.text
