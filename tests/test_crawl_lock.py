"""One crawl at a time per host on a shared PostgreSQL: the lock, a crawl that finds it held,
and crawls of two hosts finding reposts of one policy at the same moment."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, text

from crawler.catalogue import catalogue
from crawler.config import load_config
from replica.server import ReplicaServer
from storage import CrawlLock, Store, ensure_source, ingest, make_engine, open_store
from storage.models import CrawlRun, Document, Policy
from tests.support.db import _postgres_schema_url
from tests.support.replica import crawl_env

SOURCE = "most_tztg"


def test_a_held_lock_is_refused_until_released(db_url: str) -> None:
    engine = make_engine(db_url)
    first, second = CrawlLock(engine, "host:a.example"), CrawlLock(engine, "host:a.example")
    other = CrawlLock(engine, "host:b.example")
    try:
        assert first.acquire()
        assert other.acquire()
        assert second.acquire() is db_url.startswith("sqlite")
        first.release()
        assert CrawlLock(engine, "host:a.example").acquire()
    finally:
        for lock in (first, second, other):
            lock.release()
        engine.dispose()


@pytest.mark.postgres
def test_one_name_in_two_schemas_is_two_locks(pg_url: str) -> None:
    engines = make_engine(pg_url), make_engine(_postgres_schema_url("public"))
    locks = [CrawlLock(engine, "host:a.example") for engine in engines]
    try:
        assert all(lock.acquire() for lock in locks)
    finally:
        for lock in locks:
            lock.release()
        for engine in engines:
            engine.dispose()


def _start_crawl(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "policywatch.cli", "crawl", "--json", SOURCE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _summary(crawl: subprocess.Popen[str]) -> dict[str, object]:
    out, _ = crawl.communicate(timeout=300)
    summary: dict[str, dict[str, object]] = json.loads(out)
    return summary[SOURCE]


def _crawl(env: dict[str, str]) -> dict[str, object]:
    return _summary(_start_crawl(env))


def _outcomes(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(CrawlRun.outcome).order_by(CrawlRun.id)))


@pytest.mark.postgres
def test_a_crawl_of_a_host_being_crawled_ends_busy(
    pg_url: str, replica_day0: ReplicaServer
) -> None:
    host = urlsplit(catalogue(load_config())[SOURCE].list_url).hostname
    store = open_store(pg_url)
    held = CrawlLock(store.engine, f"host:{host}")
    try:
        assert held.acquire()
        busy = _crawl(crawl_env(replica_day0, pg_url))
    finally:
        held.release()
    assert (busy["outcome"], busy["requests"]) == ("busy", 0)
    assert busy["reason"] == "another crawl of this host holds its lock"
    ok = _crawl(crawl_env(replica_day0, pg_url))
    assert ok["outcome"] == "ok"
    assert _outcomes(store) == ["busy", "ok"]
    store.close()


@pytest.mark.postgres
def test_of_two_concurrent_crawls_of_one_host_the_second_ends_busy(
    pg_url: str, replica_day0: ReplicaServer
) -> None:
    host = urlsplit(catalogue(load_config())[SOURCE].list_url).hostname
    assert host is not None
    replica_day0.faults.add(host, "/", "slow", count=12)
    env = crawl_env(replica_day0, pg_url)
    store = open_store(pg_url)
    first = _start_crawl(env)
    try:
        deadline = time.monotonic() + 120
        while _outcomes(store) != ["running"] and time.monotonic() < deadline:
            time.sleep(0.1)
        second = _summary(_start_crawl(env))
        assert first.poll() is None
    finally:
        replica_day0.faults.clear()
        first_summary = _summary(first)
    assert (second["outcome"], second["requests"]) == ("busy", 0)
    assert first_summary["outcome"] == "ok"
    assert sorted(_outcomes(store)) == ["busy", "ok"]
    store.close()


def _repost(source: str, host: str) -> dict[str, object]:
    return {
        "source": source,
        "url": f"https://{host}/art/2026/3/1/art_1.html",
        "title": "关于印发医疗器械监督抽检工作方案的通知",
        "text": f"{host} 转发。各省、自治区、直辖市药品监督管理局：现将工作方案印发给你们。",
        "html": "",
        "wenhao": "国药监械管〔2026〕12号",
        "issuer": "国家药监局",
        "published_at": datetime(2026, 3, 1, 9, tzinfo=UTC),
    }


def _waiting_on_a_lock(store: Store, application: str) -> bool:
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
        "AND wait_event_type = 'Lock'"
    )
    with store.engine.connect() as connection:
        return bool(connection.scalar(query, {"name": application}))


@pytest.mark.postgres
def test_reposts_found_at_once_by_crawls_of_two_hosts_make_one_policy(pg_url: str) -> None:
    store = open_store(pg_url)
    second_store = open_store(f"{pg_url}&application_name=second_crawl")
    sources = {"nmpa_ylqxggtg": "www.nmpa.gov.cn", "gdmpa_ylqx": "mpa.gd.gov.cn"}
    with store.session() as session:
        for source, host in sources.items():
            ensure_source(session, source, site=host, name=source, list_url=f"https://{host}/")
        session.commit()
    (first_source, first_host), (second_source, second_host) = sources.items()
    second_done = threading.Event()

    def second_crawl() -> None:
        with second_store.session() as session:
            ingest(session, _repost(second_source, second_host))
            session.commit()
        second_done.set()

    with store.session() as session:
        ingest(session, _repost(first_source, first_host))
        worker = threading.Thread(target=second_crawl)
        worker.start()
        deadline = time.monotonic() + 20
        while not (second_done.is_set() or _waiting_on_a_lock(store, "second_crawl")):
            assert time.monotonic() < deadline, "the second ingest neither ended nor waited"
            time.sleep(0.02)
        session.commit()
    worker.join(timeout=20)
    with store.session() as session:
        policies = session.scalars(select(Policy.id)).all()
        documents = session.scalar(select(func.count()).where(Document.policy_id.in_(policies)))
    second_store.close()
    store.close()
    assert (len(policies), documents) == (1, 2)
