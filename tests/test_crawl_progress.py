"""What `crawl` shows while it runs: a line per source as it starts and ends, Scrapy's log
only with -v; and how the demo shares sources between its crawl processes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from policywatch.demo import split_by_site
from replica.server import ReplicaServer
from tests.support.replica import crawl_env
from tests.test_scheduling import _source

SOURCES = ("miit_zbys", "most_tztg")


def crawl(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policywatch.cli", *args, "crawl", *SOURCES],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_crawl_shows_each_source_and_no_log(replica_day0: ReplicaServer, tmp_path: Path) -> None:
    env = crawl_env(replica_day0, f"sqlite:///{tmp_path / 'progress.db'}")
    quiet = crawl(env)
    assert quiet.returncode == 0, quiet.stderr
    lines = quiet.stderr.splitlines()
    assert sorted(line for line in lines if line.endswith(": crawling")) == [
        "miit_zbys: crawling",
        "most_tztg: crawling",
    ]
    ended = [line for line in lines if not line.endswith(": crawling")]
    assert len(ended) == 2, quiet.stderr
    for line in ended:
        assert re.fullmatch(
            r"(miit_zbys|most_tztg): ok in \d+\.\d s, requests \d+, items \d+, new \d+, "
            r"revised 0, errors 0",
            line,
        ), line
    assert [line.split()[0] for line in quiet.stdout.splitlines()] == list(SOURCES)
    replica_day0.set_day(1)
    verbose = crawl(env, "-v")
    assert verbose.returncode == 0
    assert "INFO scrapy.core.engine: Spider opened" in verbose.stderr
    assert ": crawling" not in verbose.stderr


def test_the_demo_keeps_a_sites_sources_in_one_process() -> None:
    sources = [
        _source("a1", "every 1h", "a"),
        _source("a2", "every 1h", "a"),
        _source("a3", "every 1h", "a"),
        _source("b1", "every 1h", "b"),
        _source("c1", "every 1h", "c"),
        _source("c2", "every 1h", "c"),
    ]
    assert split_by_site(sources, 2) == [["a1", "a2", "a3"], ["c1", "c2", "b1"]]
    assert split_by_site(sources, 1) == [["a1", "a2", "a3", "c1", "c2", "b1"]]
    assert split_by_site(sources, 5) == [["a1", "a2", "a3"], ["c1", "c2"], ["b1"]]
