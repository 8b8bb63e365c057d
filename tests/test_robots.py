"""robots.txt: fetched once per host and cached across crawls; a 403 means no rules."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crawler.downloadermiddlewares.robots import robots_lifetime
from replica.server import ReplicaServer
from storage.http_cache import cached_robots, keep_robots
from tests.support.replica import crawl_env

SOURCES = {"most_tztg": "www.most.gov.cn", "miit_zbys": "www.miit.gov.cn"}


def _crawl(replica: ReplicaServer, db_url: str) -> tuple[dict[str, dict[str, object]], str]:
    replica.clear_requests()
    done = subprocess.run(
        [sys.executable, "-m", "policywatch.cli", "-v", "crawl", "--json", *SOURCES],
        env=crawl_env(replica, db_url),
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    return json.loads(done.stdout), done.stderr


def test_robots_txt_is_cached_per_host_and_a_403_is_no_rules(
    replica_day0: ReplicaServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    first, log = _crawl(replica_day0, db_url)
    robots = [e for e in replica_day0.requests if e["path"] == "/robots.txt"]
    assert sorted((e["host"], e["status"]) for e in robots) == [
        ("www.miit.gov.cn", 403),
        ("www.most.gov.cn", 200),
    ]
    assert {source: summary["outcome"] for source, summary in first.items()} == dict.fromkeys(
        SOURCES, "ok"
    )
    assert "robots.txt of www.miit.gov.cn answered 403: the host publishes no rules" in log
    assert all(summary["new"] for summary in first.values())

    idle, _ = _crawl(replica_day0, db_url)
    served = replica_day0.requests
    assert not [e for e in served if e["path"] == "/robots.txt"]
    assert {source: summary["outcome"] for source, summary in idle.items()} == dict.fromkeys(
        SOURCES, "ok"
    )
    most = [e["status"] for e in served if e["host"] == "www.most.gov.cn"]
    assert most == [304]


def test_a_cached_answer_expires(session: Session) -> None:
    now = datetime(2026, 5, 1, 8, tzinfo=UTC)
    keep_robots(session, "www.nhc.gov.cn", 200, "User-agent: *\nDisallow: /x\n", now=now)
    assert cached_robots(session, "www.nhc.gov.cn", now=now + timedelta(hours=23)) is not None
    assert cached_robots(session, "www.nhc.gov.cn", now=now + timedelta(hours=24)) is None
    keep_robots(session, "www.nhc.gov.cn", 403, "", lifetime=timedelta(days=7), now=now)
    kept = cached_robots(session, "www.nhc.gov.cn", now=now + timedelta(hours=23))
    assert kept is not None and kept.status == 403
    assert cached_robots(session, "www.most.gov.cn", now=now) is None


@pytest.mark.parametrize(
    ("header", "lifetime"),
    [
        (None, timedelta(days=1)),
        (b"public, max-age=600", timedelta(minutes=10)),
        (b"max-age=604800", timedelta(days=1)),
        (b"no-cache", timedelta(days=1)),
    ],
)
def test_lifetime_is_max_age_at_most_a_day(header: bytes | None, lifetime: timedelta) -> None:
    assert robots_lifetime(header) == lifetime
