"""`policywatch run`: every source crawled on its own schedule, each crawl in its own process."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from crawler.schedule import CHINA, make_trigger
from crawler.sources import SourceInfo
from policywatch.publish import feeds_outdated, publish_feeds
from policywatch.service.children import die_with
from policywatch.service.control import ControlServer, open_control
from policywatch.service.health_check import check_sources
from policywatch.service.nodes import Nodes
from policywatch.service.notify import NotifySettings
from policywatch.service.outbox import outbox_sender
from policywatch.service.webhooks import WebhookSettings
from policywatch.settings import FeedSettings, HealthSettings

logger = logging.getLogger("policywatch.daemon")

CHANGE_COUNTS = ("new", "revised", "changed", "withdrawn")
STAGGER = timedelta(seconds=5)
ONE_SECOND = timedelta(seconds=1)
KILL_WAIT_SECONDS = 10


@dataclass(frozen=True)
class DaemonSettings:
    """The `[daemon]` table of policywatch.toml."""

    crawl_timeout: float = 1800.0
    grace: float = 60.0
    jitter: int | None = 30
    workers: int = 4
    feeds_dir: Path = Path("var/feeds")
    nodes: tuple[str, ...] = ()
    health: HealthSettings = field(default_factory=HealthSettings)
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DaemonSettings:
        table = config.get("daemon", {})
        return cls(
            crawl_timeout=float(table.get("crawl_timeout", cls.crawl_timeout)),
            grace=float(table.get("grace", cls.grace)),
            jitter=int(table["jitter"]) if table.get("jitter") else None,
            workers=int(table.get("workers", cls.workers)),
            feeds_dir=Path(table.get("feeds_dir", cls.feeds_dir)),
            nodes=tuple(table.get("nodes", ())),
            health=HealthSettings.from_config(config),
            webhooks=WebhookSettings.from_config(config),
            notify=NotifySettings.from_config(config),
        )


class Daemon:
    """Schedules one crawl job per source; crawls of one site never overlap.

    A job runs `policywatch crawl --json SOURCE` in a child process under a time limit, logs
    one line with its outcome and counts, opens or closes the source's incident, and rebuilds
    the feeds when the crawl changed something or an incident opened or closed; with `nodes`
    the crawl runs on a Scrapyd node instead (`policywatch.service.nodes`). Missed runs
    (the daemon was busy or stopped) run late, once. A periodic check finds stale sources;
    webhooks go out from a background thread.
    """

    def __init__(
        self,
        sources: list[SourceInfo],
        settings: DaemonSettings,
        *,
        db_url: str,
        feeds: FeedSettings,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.sources = sources
        self.settings = settings
        self.db_url = db_url
        self.feeds = feeds
        self.env = dict(env or os.environ)
        self.stopping = threading.Event()
        self.site_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self.feeds_lock = threading.Lock()
        self.health_lock = threading.Lock()
        self.webhooks = outbox_sender(db_url, settings.webhooks, settings.notify)
        self.children: set[subprocess.Popen[str]] = set()
        self.children_lock = threading.Lock()
        self.nodes = Nodes(list(settings.nodes)) if settings.nodes else None
        self.control: ControlServer | None = None
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(settings.workers)},
            job_defaults={"max_instances": 1, "coalesce": True, "misfire_grace_time": None},
            timezone=CHINA,
        )

    def start(self) -> None:
        from storage import interrupt_runs, last_run_started, open_store

        store = open_store(self.db_url)
        with store.session() as session, session.begin():
            for source in self.sources:
                stale = interrupt_runs(session, source.id, reason="the daemon stopped mid-crawl")
                if stale:
                    logger.warning(
                        "%s: %d crawl(s) left running by a previous daemon", source.id, stale
                    )
            plans = plan_first_runs(
                self.sources,
                {source.id: last_run_started(session, source.id) for source in self.sources},
                datetime.now(CHINA),
                jitter=self.settings.jitter,
            )
            for source, (trigger, first) in zip(self.sources, plans, strict=True):
                self.scheduler.add_job(
                    self.crawl,
                    trigger,
                    args=[source],
                    id=source.id,
                    name=f"crawl {source.id}",
                    next_run_time=first,
                )
                logger.info("%s: %s, next run %s", source.id, source.schedule, first.isoformat())
            if self.webhooks:
                self.webhooks.follow_from_now(session)
        store.close()
        if feeds_outdated(self.db_url, self.settings.feeds_dir):
            logger.info("the database changed since the feeds were last built: rebuilding them")
            self.rebuild_feeds()
        self.check_all()
        self.scheduler.add_job(
            self.check_all,
            "interval",
            seconds=self.settings.health.check_every,
            id="health",
            name="health check",
        )
        if self.webhooks:
            self.webhooks.start()
        self.scheduler.start()
        self.control = open_control(self.db_url, {"status": self.status})

    def crawl(self, source: SourceInfo) -> None:
        if self.stopping.is_set():
            return
        with self.site_locks[source.site]:
            if self.stopping.is_set():
                return
            summary = self._crawl_on_nodes(source) if self.nodes else self._crawl_in_child(source)
        changed = bool(summary and any(summary.get(key) for key in CHANGE_COUNTS))
        if self.check_health([source.id]) or changed:
            self.rebuild_feeds()
        if changed and self.webhooks:
            self.webhooks.wake()

    def check_health(self, source_ids: list[str] | None = None) -> bool:
        """Open or close incidents of these sources (all by default); whether any did."""
        from storage import open_store

        ids = source_ids or [source.id for source in self.sources]
        with self.health_lock:
            store = open_store(self.db_url)
            try:
                events = check_sources(store, ids, self.settings.health, self.settings.webhooks)
            finally:
                store.close()
        if events and self.webhooks:
            self.webhooks.wake()
        return bool(events)

    def status(self) -> list[dict[str, Any]]:
        """The `policywatch status` rows: incidents as its health checks left them (after each
        crawl and every `check_every` seconds), next runs as the scheduler holds them."""
        from policywatch.service.status import status_rows
        from storage import open_store

        next_runs = {job.id: job.next_run_time for job in self.scheduler.get_jobs()}
        store = open_store(self.db_url)
        try:
            return status_rows(
                store,
                self.sources,
                stale_after=self.settings.health.stale_after,
                next_runs=next_runs,
            )
        finally:
            store.close()

    def check_all(self) -> None:
        """The periodic check (stale sources): feeds rebuilt when an incident opened or closed."""
        if self.check_health():
            self.rebuild_feeds()

    def _crawl_in_child(self, source: SourceInfo) -> dict[str, Any] | None:
        command = [sys.executable, "-m", "policywatch.cli", "--db", self.db_url, "crawl", "--json"]
        child = subprocess.Popen(
            [*command, source.id],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=die_with(os.getpid()),
        )
        with self.children_lock:
            self.children.add(child)
        started = time.monotonic()
        launched = datetime.now(UTC)
        try:
            out, err = child.communicate(timeout=self.settings.crawl_timeout)
        except subprocess.TimeoutExpired:
            _end(child)
            reason = f"killed after {self.settings.crawl_timeout:.0f} s"
            self._record_interrupted(source, reason, started_since=launched)
            logger.error("%s: crawl killed after %.0f s", source.id, self.settings.crawl_timeout)
            return None
        finally:
            with self.children_lock:
                self.children.discard(child)
        elapsed = time.monotonic() - started
        try:
            summary: dict[str, Any] = json.loads(out)[source.id]
        except (json.JSONDecodeError, KeyError):
            tail = " | ".join(err.strip().splitlines()[-3:])
            logger.error(
                "%s: crawl exited %s without a summary: %s", source.id, child.returncode, tail
            )
            self._record_interrupted(source, f"crawl process exited {child.returncode}")
            return None
        _log_summary(source, summary, elapsed)
        return summary

    def _crawl_on_nodes(self, source: SourceInfo) -> dict[str, Any] | None:
        from crawler.extensions.crawl_run import run_counts
        from storage import last_run_since, open_store

        assert self.nodes is not None
        started = time.monotonic()
        launched = datetime.now(UTC)
        done = self.nodes.crawl(
            source.id,
            {"POLICYWATCH_DB_URL": self.db_url},
            deadline=started + self.settings.crawl_timeout,
            lost=lambda since: self._record_interrupted(
                source, "its crawl node stopped answering", started_since=since
            ),
        )
        if not done:
            self._record_interrupted(source, "no crawl node finished it", started_since=launched)
            return None
        store = open_store(self.db_url)
        with store.session() as session:
            run = last_run_since(session, source.id, launched)
            summary = run and {
                "outcome": run.outcome,
                "reason": run.reason,
                **run_counts(run.stats),
            }
        store.close()
        if summary is None:
            logger.error("%s: the node's crawl left no run", source.id)
            return None
        _log_summary(source, summary, time.monotonic() - started)
        return summary

    def _record_interrupted(
        self, source: SourceInfo, reason: str, *, started_since: datetime | None = None
    ) -> None:
        from storage import interrupt_runs, open_store

        store = open_store(self.db_url)
        with store.session() as session, session.begin():
            interrupt_runs(session, source.id, reason=reason, started_since=started_since)
        store.close()

    def rebuild_feeds(self) -> None:
        with self.feeds_lock:
            written = publish_feeds(self.db_url, self.settings.feeds_dir, self.feeds)
        logger.info("feeds rebuilt: %d files in %s", len(written), self.settings.feeds_dir)

    def stop(self) -> None:
        """Take no new crawl; let running ones finish within the grace period, then end them."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        if self.control:
            self.control.close()
        logger.info(
            "stopping: no new crawls; waiting up to %.0f s for running ones", self.settings.grace
        )
        self.scheduler.shutdown(wait=False)
        deadline = time.monotonic() + self.settings.grace
        while self._running() and time.monotonic() < deadline:
            time.sleep(0.2)
        with self.children_lock:
            left = list(self.children)
        for child in left:
            logger.warning("stopping a crawl that outlived the grace period (pid %d)", child.pid)
            _end(child)
        if self.webhooks:
            self.webhooks.stop(timeout=self.settings.webhooks.timeout + KILL_WAIT_SECONDS)

    def _running(self) -> bool:
        with self.children_lock:
            return bool(self.children)


def _log_summary(source: SourceInfo, summary: dict[str, Any], elapsed: float) -> None:
    """One line of a crawl's outcome and counts."""
    logger.log(
        logging.INFO if summary["outcome"] == "ok" else logging.WARNING,
        "%s: %s in %.1f s, new %d, revised %d, changed %d, withdrawn %d, unchanged %d, "
        "requests %d, errors %d%s",
        source.id,
        summary["outcome"],
        elapsed,
        summary["new"],
        summary["revised"],
        summary.get("changed", 0),
        summary.get("withdrawn", 0),
        summary["unchanged"],
        summary["requests"],
        summary["errors"],
        f" ({summary['reason']})" if summary.get("reason") else "",
    )


def plan_first_runs(
    sources: list[SourceInfo],
    last_starts: Mapping[str, datetime | None],
    now: datetime,
    *,
    jitter: int | None,
) -> list[tuple[BaseTrigger, datetime]]:
    """Each source's trigger and first run: its schedule continued from its last stored run,
    or soon when it never ran or is overdue, overdue ones `STAGGER` apart."""
    plans = []
    overdue = 0
    for source in sources:
        last = last_starts.get(source.id)
        trigger = make_trigger(source.schedule, jitter=jitter, last_start=last)
        first = trigger.get_next_fire_time(None, last + ONE_SECOND if last else now)
        if last is None or first is None or first <= now:
            first = now + STAGGER * overdue
            overdue += 1
        plans.append((trigger, first))
    return plans


def _end(child: subprocess.Popen[str]) -> None:
    """SIGTERM the crawl's process group (Scrapy then closes cleanly), SIGKILL if it lingers."""
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=KILL_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    except ProcessLookupError:
        return


def run_daemon(daemon: Daemon) -> int:
    """Run until SIGTERM or SIGINT; exit status 0 after a clean stop."""
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    daemon.start()
    logger.info("policywatch daemon running %d sources", len(daemon.sources))
    while not stop.wait(1.0):
        pass
    daemon.stop()
    logger.info("policywatch daemon stopped")
    return 0
