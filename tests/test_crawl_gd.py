"""End to end against the replica: the Guangdong sources on day 0, again idle, then on day 1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from crawler.extract import attachment_type
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus.model import ADDED, REVISED
from replica.server import ReplicaServer
from replica.sites import guangdong
from replica.sites._gd_columns import GD_GKMLPT, GD_QBWJ, GDMPA_GZWJ, GDMPA_YLQX
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Document, Version
from storage.relevance import is_relevant

SOURCES = (GD_QBWJ, GD_GKMLPT, GDMPA_GZWJ, GDMPA_YLQX)
HOSTS = ("www.gd.gov.cn", "mpa.gd.gov.cn")
FIRST_PAGES = {
    ("www.gd.gov.cn", "/zwgk/wjk/qbwj/index.html"),
    ("www.gd.gov.cn", "/gkmlpt/index"),
    ("www.gd.gov.cn", "/gkmlpt/api/all/5?page=1&sid=2"),
    ("mpa.gd.gov.cn", "/zwgk/gzwj/index.html"),
    ("mpa.gd.gov.cn", "/zwgk/zcfg/fgjd/ylqx/index.html"),
}
TOPIC = "medical_equipment"
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "【打印】", "【关闭】", "网站标识码", "当前位置", "相关文件")


@dataclass
class Crawl:
    summary: dict[str, dict[str, Any]]
    fetched: list[tuple[str, str]]

    def details(self) -> set[str]:
        return {f"https://{host}{path}" for host, path in self.fetched if "/content/" in path}


@dataclass
class Timeline:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl


def _crawl(replica: ReplicaServer, env: dict[str, str]) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *SOURCES)
    fetched = [
        (entry["host"], entry["path"])
        for entry in replica.requests
        if entry["host"] in HOSTS and entry["path"] != "/robots.txt"
    ]
    return Crawl(summary, fetched)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Timeline]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('gd') / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS}
    env |= {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}
    replica.faults.clear()
    replica.set_day(0)
    try:
        day0 = _crawl(replica, env)
        idle = _crawl(replica, env)
        replica.set_day(1)
        day1 = _crawl(replica, env)
    finally:
        replica.set_day(0)
        replica.faults.clear()
    yield Timeline(db_url, day0, idle, day1)


@pytest.fixture(scope="module")
def stored(crawls: Timeline) -> Iterator[dict[str, Document]]:
    """The stored documents by URL, as the day-1 crawl left them."""
    store = open_store(crawls.db_url)
    with store.session() as session:
        yield {document.url: document for document in session.scalars(select(Document))}
    store.close()


@pytest.mark.parametrize("source", SOURCES)
def test_day_zero_stores_every_listed_document(crawls: Timeline, source: str) -> None:
    counts = crawls.day0.summary[source]
    listed = guangdong.documents(source, 0)
    assert counts["outcome"] == "ok" and counts["errors"] == 0
    assert counts["new"] == len(listed) == counts["detail_requests"]


@pytest.mark.parametrize("source", SOURCES)
def test_stored_documents_carry_real_urls_and_clean_metadata(
    stored: dict[str, Document], source: str
) -> None:
    for doc in guangdong.documents(source, 0):
        version: Version = stored[doc.url].versions[0]
        assert stored[doc.url].source_id == source
        assert (version.title, version.issuer, version.index_no) == (
            doc.title,
            doc.agency,
            doc.index_no,
        )
        assert version.published_at is not None
        assert version.published_at.astimezone(CHINA).date() == doc.published.date()
        assert version.written_on == doc.written
        assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
        assert normalize_text(doc.paragraphs[0])[:20] in normalize_text(version.text)
        assert not any(word in version.text for word in FURNITURE)
        assert [a.url for a in version.attachments] == [
            f"https://{doc.host}{item.path}" for item in doc.attachments
        ]
        assert is_relevant(version.topics, TOPIC) == doc.medical


def test_abolished_gkmlpt_documents_are_stored_flagged(stored: dict[str, Document]) -> None:
    flagged = {url for url, document in stored.items() if "abolished" in document.versions[0].flags}
    assert flagged == {doc.url for doc in guangdong.documents(GD_GKMLPT, 0) if doc.abolished}


def test_reposts_join_the_policy_of_their_wenhao(stored: dict[str, Document]) -> None:
    library = guangdong.documents(GD_QBWJ, 0)
    for doc in library:
        mirror = guangdong.document(GD_GKMLPT, doc.id, 0)
        assert mirror is not None
        assert stored[mirror.url].policy_id == stored[doc.url].policy_id
    by_wenhao = {doc.wenhao: doc for doc in library}
    reposts = [doc for doc in guangdong.documents(GDMPA_GZWJ, 0) if doc.wenhao in by_wenhao]
    assert len(reposts) == 2
    for repost in reposts:
        original = by_wenhao[repost.wenhao]
        assert stored[repost.url].policy_id == stored[original.url].policy_id


def test_an_idle_crawl_fetches_no_detail_page_and_only_the_first_list_pages(
    crawls: Timeline,
) -> None:
    assert all(counts["detail_requests"] == 0 for counts in crawls.idle.summary.values())
    assert all(counts["outcome"] == "ok" for counts in crawls.idle.summary.values())
    assert sorted(crawls.idle.fetched) == sorted(FIRST_PAGES)


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Timeline) -> None:
    expected: set[str] = set()
    for source in SOURCES:
        changed = [c for c in guangdong.changes(1) if c.column == source]
        added = {c.doc_id for c in changed if c.kind == ADDED}
        revised = {c.doc_id for c in changed if c.kind == REVISED}
        counts = crawls.day1.summary[source]
        assert counts["outcome"] == "ok" and counts["errors"] == 0
        assert (counts["new"], counts["revised"]) == (len(added), len(revised))
        expected |= {doc.url for doc in guangdong.documents(source, 1) if doc.id in added | revised}
    assert crawls.day1.details() == expected
    pages = [(host, path) for host, path in crawls.day1.fetched if attachment_type(path) is None]
    assert len(pages) == len(set(pages))
