"""A hostile source served by the replica: the crawl fetches nothing it must not, stores no
secret, cuts what is too long, says it was hurt, and still stores the normal documents."""

from __future__ import annotations

import sqlite3
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.limits import CUT_MARK
from policywatch.demo import crawl_in_subprocess
from policywatch.publish import publish_feeds
from policywatch.settings import FeedSettings
from replica import hostile
from replica.corpus import timeline
from replica.server import ReplicaServer
from storage import open_store
from storage.models import CrawlRun, Document
from tests.hostile.conftest import Canary, running_canary
from tests.support.replica import crawl_env

SOURCE = "most_tztg"
FOLDER = "/tztg/"
MAXSIZE = 8 * 1024 * 1024


@dataclass(frozen=True)
class Crawl:
    summary: dict[str, Any]
    db: Path
    db_url: str
    stats: dict[str, Any]
    feeds: Path
    replica_hosts: list[str]


@pytest.fixture(scope="module")
def crawl(
    replica: ReplicaServer,
    canary: Canary,
    secret: tuple[Path, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Crawl:
    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "policywatch.db"
    db_url = f"sqlite:///{db}"
    replica.set_day(0)
    replica.faults.clear()
    replica.clear_requests()
    params = {"canary": canary.url, "secret": str(secret[0])}
    replica.faults.add(hostile.HOST, FOLDER, "hostile", params=params)
    try:
        env = crawl_env(replica, db_url, POLICYWATCH_DOWNLOAD_MAXSIZE=str(MAXSIZE))
        summary = crawl_in_subprocess(env, SOURCE)[SOURCE]
        hosts = [entry["host"] for entry in replica.requests]
    finally:
        replica.faults.clear()
    store = open_store(db_url)
    with store.session() as session:
        stats = session.scalars(select(CrawlRun.stats)).one()
    store.close()
    feeds = tmp / "feeds"
    publish_feeds(db_url, feeds, FeedSettings())
    return Crawl(summary, db, db_url, stats, feeds, hosts)


def test_the_canary_counts_what_reaches_it() -> None:
    with running_canary() as server:
        urllib.request.urlopen(f"{server.url}/probe", timeout=5).read()
        assert server.paths == ["/probe"]


def test_no_request_reaches_the_canary_or_the_metadata_address(
    crawl: Crawl, canary: Canary
) -> None:
    assert canary.paths == []
    contacted = {key for key in crawl.stats if key.startswith("downloader/host/")}
    assert contacted == {"downloader/host/www.most.gov.cn"}
    assert set(crawl.replica_hosts) == {hostile.HOST}


def test_each_hostile_link_is_refused_for_its_reason(crawl: Crawl) -> None:
    refused = {k: v for k, v in crawl.stats.items() if k.startswith("urlguard/refused/")}
    assert refused == {
        "urlguard/refused/scheme": 1,
        "urlguard/refused/link_local": 1,
        "urlguard/refused/loopback": 3,
    }
    assert crawl.stats["policywatch/failed/redirect_limit"] == 1
    assert crawl.stats["policywatch/failed/too_large"] == 1
    assert crawl.stats["policywatch/attachments/failed"] == 1


def test_the_run_says_what_failed(crawl: Crawl) -> None:
    failed = len(hostile.CASES) + 1 - len(hostile.STORED)
    assert crawl.summary["outcome"] == "degraded"
    assert crawl.summary["detail_failed"] == failed
    assert crawl.summary["reason"].startswith(f"{failed} of ")
    for reason in ("scheme 1", "link_local 1", "loopback 3", "redirect_limit 1", "too_large 1"):
        assert reason in crawl.summary["reason"]


def test_no_byte_of_the_secret_is_stored_or_published(
    crawl: Crawl, secret: tuple[Path, str]
) -> None:
    token = secret[1].encode()
    with sqlite3.connect(crawl.db) as connection:
        dump = "\n".join(connection.iterdump()).encode()
    assert token not in dump
    for path in crawl.db.parent.glob(f"{crawl.db.name}*"):
        assert token not in path.read_bytes()
    published = [path for path in crawl.feeds.rglob("*") if path.is_file()]
    assert published
    assert not [path for path in published if token in path.read_bytes()]


def test_the_long_title_is_cut_and_counted(crawl: Crawl) -> None:
    store = open_store(crawl.db_url)
    with store.session() as session:
        url = f"https://{hostile.HOST}{hostile.PAGES}{hostile.LONG_TITLE}"
        document = session.scalars(select(Document).where(Document.url == url)).one()
        title = document.current_version.title
    store.close()
    assert len(title) == 500 and title.endswith(CUT_MARK)
    assert hostile.long_title().startswith(title.removesuffix(CUT_MARK))
    assert crawl.stats["policywatch/cut/title"] == 1


def test_the_normal_documents_are_still_stored(crawl: Crawl) -> None:
    expected = {
        f"https://{hostile.HOST}{FOLDER}{doc.path}" for doc in timeline.documents(SOURCE, 0)
    }
    expected |= {f"https://{hostile.HOST}{hostile.PAGES}{case}" for case in hostile.STORED}
    store = open_store(crawl.db_url)
    with store.session() as session:
        stored = set(session.scalars(select(Document.url)))
    store.close()
    assert stored == expected
    assert crawl.summary["new"] == len(expected)
