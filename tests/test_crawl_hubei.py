"""End to end against the replica: Hubei's 政府文件 lists on day 0, idle, then on day 1."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from crawler.dates import CHINA
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import ADDED, REVISED
from replica.server import ReplicaServer
from replica.sites._hubei_corpus import FOLDERS, changes, documents
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Document, Version

HOST = "www.hubei.gov.cn"
SOURCES = tuple(FOLDERS)
DETAIL = re.compile(r"/zfwj/\w+/\d{6}/t\d{8}_\d+\.shtml")
FURNITURE = ("分享到", "扫一扫", "【打印】", "【关闭】", "相关文件", "上一篇", "网站标识码")


@dataclass
class Crawl:
    summary: dict[str, dict[str, Any]]
    paths: list[str]

    def detail_paths(self) -> set[str]:
        return {path for path in self.paths if DETAIL.fullmatch(path)}


@dataclass
class Crawls:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl


def _env(replica: ReplicaServer, db_url: str) -> dict[str, str]:
    env = {**os.environ, **LOOPBACK_SETTINGS}
    return env | {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}


def _crawl(replica: ReplicaServer, env: dict[str, str], *sources: str) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *sources)
    paths = [
        entry["path"]
        for entry in replica.requests
        if entry["host"] == HOST and entry["path"] != "/robots.txt"
    ]
    return Crawl(summary, paths)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('hubei') / 'policywatch.db'}"
    env = _env(replica, db_url)
    replica.faults.clear()
    replica.set_day(0)
    try:
        day0 = _crawl(replica, env, *SOURCES)
        idle = _crawl(replica, env, *SOURCES)
        replica.set_day(1)
        day1 = _crawl(replica, env, *SOURCES)
    finally:
        replica.set_day(0)
        replica.faults.clear()
    return Crawls(db_url, day0, idle, day1)


@pytest.mark.parametrize("source", SOURCES)
def test_day_zero_stores_every_listed_document(crawls: Crawls, source: str) -> None:
    counts = crawls.day0.summary[source]
    assert counts["outcome"] == "ok" and counts["errors"] == 0
    assert counts["new"] == len(documents(source, 0)) == counts["detail_requests"]


def test_stored_documents_carry_real_urls_and_clean_metadata(crawls: Crawls) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        by_url = {document.url: document for document in session.scalars(select(Document))}
        for source in SOURCES:
            for doc in documents(source, 0):
                version: Version = by_url[f"https://{HOST}{doc.path}"].versions[0]
                assert version.title == doc.title
                assert version.issuer == doc.agency
                assert version.published_at is not None
                assert version.published_at.astimezone(CHINA).date() == doc.published.date()
                assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
                assert version.index_no == doc.index_no
                assert version.written_on == doc.written
                assert normalize_text(doc.paragraphs[0])[:20] in normalize_text(version.text)
                assert not any(word in version.text for word in FURNITURE)
                assert len(version.attachments) == len(doc.attachments)
    store.close()


def test_an_idle_crawl_fetches_no_detail_page_and_only_the_first_list_pages(
    crawls: Crawls,
) -> None:
    assert all(counts["detail_requests"] == 0 for counts in crawls.idle.summary.values())
    assert all(counts["outcome"] == "ok" for counts in crawls.idle.summary.values())
    assert sorted(crawls.idle.paths) == sorted(
        folder + "index.shtml" for folder in FOLDERS.values()
    )


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Crawls) -> None:
    expected: set[str] = set()
    for source in SOURCES:
        made = [change for change in changes(1) if change.column == source]
        added = {change.doc_id for change in made if change.kind == ADDED}
        revised = {change.doc_id for change in made if change.kind == REVISED}
        counts = crawls.day1.summary[source]
        assert (counts["new"], counts["revised"]) == (len(added), len(revised))
        expected |= {doc.path for doc in documents(source, 1) if doc.id in added | revised}
    assert crawls.day1.detail_paths() == expected
    assert len(crawls.day1.paths) == len(set(crawls.day1.paths))
