"""kill -9 of the daemon while a crawl child runs: the child dies with it, and the restarted
daemon publishes what the child stored (its stored build mark no longer matches)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import feedparser
from sqlalchemy import select

from policywatch.demo import LOOPBACK_SETTINGS
from replica.server import ReplicaServer
from storage import open_store
from storage.models import CrawlRun
from tests.support.db import stored_documents

SOURCE = "most_gfxwj"
WAIT_SECONDS = 60
SLOW_CRAWL = {"POLICYWATCH_DOWNLOAD_DELAY": "0.2", "POLICYWATCH_CONCURRENT_PER_HOST": "1"}


def _wait_for(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never got to: {what}")
        time.sleep(0.1)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(parent):
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running or sleeping: not gone, not a zombie left for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _run_outcomes(db_url: str) -> list[str]:
    store = open_store(db_url)
    with store.session() as session:
        outcomes = list(session.scalars(select(CrawlRun.outcome).order_by(CrawlRun.id)))
    store.close()
    return outcomes


def _entries(feeds: Path) -> int:
    return len(feedparser.parse((feeds / "all.atom").read_bytes()).entries)


def _start(db_url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "policywatch.cli", "--db", db_url, "run", SOURCE],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_a_killed_daemon_takes_its_crawl_along_and_the_next_one_publishes_what_it_stored(
    replica: ReplicaServer, tmp_path: Path
) -> None:
    replica.set_day(0)
    replica.faults.clear()
    feeds, log = tmp_path / "feeds", tmp_path / "policywatch.log"
    config = tmp_path / "policywatch.toml"
    config.write_text(
        f'[crawl]\nschedule = "every 1h"\n[daemon]\njitter = 0\nfeeds_dir = "{feeds}"\n'
        f'log_file = "{log}"\n[health]\nincident_after_runs = 5\n',
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS, **SLOW_CRAWL, "POLICYWATCH_REPLICA": replica.url}
    env["POLICYWATCH_CONFIG"] = str(config)

    daemon = _start(db_url, env)
    try:
        _wait_for("a crawl child", lambda: bool(_children(daemon.pid)))
        [crawl] = _children(daemon.pid)
        _wait_for("documents stored", lambda: stored_documents(db_url) >= 3)
        assert (feeds / "all.atom").is_file()
        daemon.kill()
        daemon.wait()
        _wait_for("the crawl child gone", lambda: not _alive(crawl))
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert _run_outcomes(db_url) == ["running"], "the crawl outlived the daemon and ended"
    stored = stored_documents(db_url)
    assert _entries(feeds) < stored

    restarted = _start(db_url, env)
    try:
        _wait_for("the feeds rebuilt", lambda: _entries(feeds) == stored)
        assert not _children(restarted.pid), "the restart crawled: its schedule was not due"
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(timeout=WAIT_SECONDS) == 0
    finally:
        if restarted.poll() is None:
            restarted.kill()
    assert stored_documents(db_url) == stored
    assert _run_outcomes(db_url) == ["interrupted"]
    assert "the database changed since the feeds were last built" in log.read_text()
