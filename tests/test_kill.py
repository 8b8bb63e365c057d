"""kill -9 of a crawl at several points: the database stays consistent, the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from feeds import build_feeds
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import timeline
from replica.server import ReplicaServer
from storage import open_store
from storage.models import Change, CrawlRun, Document, Version

SOURCE = "most_gfxwj"
DETAIL_MARK = "/t20"


def _details_served(replica: ReplicaServer) -> int:
    return sum(1 for entry in replica.requests if DETAIL_MARK in entry["path"])


@pytest.mark.parametrize("kill_after", [1, 20, 45])
def test_a_crawl_killed_mid_way_is_completed_by_the_next_without_duplicates(
    replica: ReplicaServer, tmp_path: Path, kill_after: int
) -> None:
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": replica.url}
    env |= {"POLICYWATCH_DB_URL": db_url, "POLICYWATCH_CONCURRENT_PER_HOST": "1"}
    env["POLICYWATCH_DOWNLOAD_DELAY"] = "0.02"
    replica.set_day(0)
    replica.faults.clear()
    replica.clear_requests()
    child = subprocess.Popen(
        [sys.executable, "-m", "policywatch.cli", "crawl", SOURCE],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _details_served(replica) < kill_after and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    summary = crawl_in_subprocess(env, SOURCE)[SOURCE]
    listed = len(timeline.documents(SOURCE, 0))
    store = open_store(db_url)
    with store.session() as session:

        def count(model: type, *where: object) -> int:
            return session.scalar(select(func.count()).select_from(model).where(*where))

        assert count(Document) == listed
        assert count(Version) == listed
        assert count(Change, Change.kind == "new") == listed
        assert count(CrawlRun, CrawlRun.outcome == "running") == 1
        written = build_feeds(session, tmp_path / "feeds", topic=None)
    store.close()
    assert summary["outcome"] == "ok"
    assert summary["new"] + summary["unchanged"] <= listed
    all_atom = next(path for path in written if path.name == "all.atom")
    ids = [line for line in all_atom.read_text(encoding="utf-8").splitlines() if "<id>" in line]
    assert len(ids) == len(set(ids))
