"""Crawls on two Scrapyd nodes on loopback: the project egg deployed to both, the daemon's crawls
sent to them in turn and to the other when one is down, the archive on one PostgreSQL the same
as a local run."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from crawler.sources import select_sources
from policywatch.service.daemon import Daemon, DaemonSettings
from policywatch.settings import FeedSettings
from replica.server import ReplicaServer
from storage import open_store
from storage.models import CrawlRun, Document, Incident, Version
from tests.support.replica import crawl_env

pytest.importorskip("scrapyd")
requests = pytest.importorskip("requests")

from bench import scrapyd_nodes  # noqa: E402

SOURCES = ("miit_zbys", "most_tztg")


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's egg as `scrapyd-deploy --build-egg` builds it."""
    return scrapyd_nodes.build_egg(tmp_path_factory.mktemp("egg") / "policywatch.egg")


@pytest.fixture
def nodes(
    egg: Path, replica_day0: ReplicaServer, tmp_path: Path
) -> Iterator[list[tuple[subprocess.Popen[bytes], str]]]:
    """Two Scrapyd nodes, each in its own folder, the egg deployed to both."""
    env = scrapyd_nodes.node_env(crawl_env(replica_day0, "sqlite:///unused.db"))
    started = []
    try:
        for name in ("node1", "node2"):
            started.append(scrapyd_nodes.start_node(tmp_path / name, env))
        for _, url in started:
            assert scrapyd_nodes.deploy(url, egg) >= len(SOURCES)
        yield started
    finally:
        for node, _ in started:
            scrapyd_nodes.kill(node)


def _daemon(db_url: str, feeds: Path, urls: tuple[str, ...] = ()) -> Daemon:
    settings = DaemonSettings(feeds_dir=feeds, nodes=urls, jitter=None)
    daemon = Daemon(select_sources(SOURCES), settings, db_url=db_url, feeds=FeedSettings())
    if daemon.nodes:
        daemon.nodes.poll = 0.2
    return daemon


@pytest.fixture
def local_url(replica_day0: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database of a local run of the daemon's crawls over the replica (whose environment
    the test's daemons then run in), its feeds in `local-feeds`."""
    for name, value in crawl_env(replica_day0, "sqlite:///unused.db").items():
        monkeypatch.setenv(name, value)
    url = f"sqlite:///{tmp_path / 'local.db'}"
    _crawl_all(_daemon(url, tmp_path / "local-feeds"))
    return url


def _crawl_all(daemon: Daemon) -> None:
    threads = [threading.Thread(target=daemon.crawl, args=[source]) for source in daemon.sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)


def _archive(db_url: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str]]]:
    store = open_store(db_url)
    with store.session() as session:
        documents = session.execute(
            select(Document.url, Version.title, Version.number)
            .join(Version, Version.document_id == Document.id)
            .order_by(Document.url, Version.number)
        ).all()
        runs = session.execute(
            select(CrawlRun.source_id, CrawlRun.outcome).order_by(CrawlRun.source_id, CrawlRun.id)
        ).all()
    store.close()
    return [tuple(row) for row in documents], [tuple(row) for row in runs]


def _incidents(daemon: Daemon, db_url: str) -> list[tuple[str, str, bool]]:
    """The incidents of the archive after the daemon's health check: source, status, open."""
    daemon.check_health()
    store = open_store(db_url)
    with store.session() as session:
        rows = session.execute(
            select(Incident.source_id, Incident.status, Incident.closed_at.is_(None)).order_by(
                Incident.source_id, Incident.id
            )
        ).all()
    store.close()
    return [tuple(row) for row in rows]


@pytest.mark.postgres
def test_crawls_on_two_nodes_into_postgresql_archive_what_a_local_run_does(
    nodes: list[tuple[subprocess.Popen[bytes], str]],
    replica_day0: ReplicaServer,
    tmp_path: Path,
    pg_url: str,
    local_url: str,
) -> None:
    cluster_url = pg_url
    cluster = _daemon(cluster_url, tmp_path / "cluster-feeds", tuple(url for _, url in nodes))
    _crawl_all(cluster)
    local, cluster_archive = _archive(local_url), _archive(cluster_url)
    assert local[1] == [(source, "ok") for source in SOURCES]
    assert len(local[0]) > 20
    assert cluster_archive == local
    jobs = [requests.get(f"{url}/listjobs.json", timeout=5).json()["finished"] for _, url in nodes]
    assert sorted(job["spider"] for finished in jobs for job in finished) == list(SOURCES)
    assert all(len(finished) == 1 for finished in jobs)
    assert sorted(path.name for path in (tmp_path / "cluster-feeds").glob("*.atom")) == sorted(
        path.name for path in (tmp_path / "local-feeds").glob("*.atom")
    )
    replica_day0.set_day(1)
    try:
        local_daemon = _daemon(local_url, tmp_path / "local-feeds")
        _crawl_all(local_daemon)
        _crawl_all(cluster)
    finally:
        replica_day0.set_day(0)
    day_one = _archive(local_url)
    assert len(day_one[0]) > len(local[0]), "day 1 of the timeline added documents"
    assert _archive(cluster_url) == day_one
    assert _incidents(cluster, cluster_url) == _incidents(local_daemon, local_url)


def test_a_node_that_stops_answering_sends_its_crawls_to_the_other(
    nodes: list[tuple[subprocess.Popen[bytes], str]],
    replica_day0: ReplicaServer,
    tmp_path: Path,
) -> None:
    (first, first_url), (_, second_url) = nodes
    scrapyd_nodes.kill(first, signal.SIGKILL)
    db_url = f"sqlite:///{tmp_path / 'cluster.db'}"
    daemon = _daemon(db_url, tmp_path / "feeds", (first_url, second_url))
    _crawl_all(daemon)
    assert _archive(db_url)[1] == [(source, "ok") for source in SOURCES]
    assert daemon.nodes is not None
    assert set(daemon.nodes.down_until) == {first_url}
    finished = requests.get(f"{second_url}/listjobs.json", timeout=5).json()["finished"]
    assert sorted(job["spider"] for job in finished) == list(SOURCES)


@pytest.mark.postgres
def test_a_node_killed_mid_crawl_loses_nothing(
    nodes: list[tuple[subprocess.Popen[bytes], str]],
    replica_day0: ReplicaServer,
    tmp_path: Path,
    pg_url: str,
    local_url: str,
) -> None:
    first, _ = nodes[0]
    daemon = _daemon(pg_url, tmp_path / "feeds", tuple(url for _, url in nodes))
    source = next(source for source in daemon.sources if source.id == SOURCES[1])
    replica_day0.faults.add(str(urlsplit(source.list_url).hostname), "/", "slow", count=8)
    crawl = threading.Thread(target=daemon.crawl, args=[source])
    crawl.start()
    deadline = time.monotonic() + scrapyd_nodes.UP_WITHIN_SECONDS
    while _archive(pg_url)[1] != [(source.id, "running")] and time.monotonic() < deadline:
        time.sleep(0.1)
    scrapyd_nodes.kill(first, signal.SIGKILL)
    crawl.join(timeout=300)
    replica_day0.faults.clear()
    documents, runs = _archive(pg_url)
    assert runs == [(source.id, "interrupted"), (source.id, "ok")]
    host = urlsplit(source.list_url).hostname
    local = [row for row in _archive(local_url)[0] if urlsplit(row[0]).hostname == host]
    assert local
    assert documents == local
