"""End to end against the replica: NHC crawled on day 0, again idle, on day 1, and blocked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from crawler.extract import attachment_type
from feeds import build_feeds
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import ADDED, REVISED
from replica.server import ReplicaServer
from replica.sites._nhc_corpus import COLUMNS, NHC_GFXWJ, changes, documents
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Document, Version

HOST = "www.nhc.gov.cn"
FOLDERS = {"nhc_gfxwj": "/wjw/gfxwjj/", "nhc_zcjd": "/wjw/zcjd/"}
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "打印本页", "关闭窗口", "相关链接", "网站标识码", "发布时间")


@dataclass
class Crawl:
    summary: dict[str, dict[str, Any]]
    paths: list[str]

    def detail_paths(self) -> set[str]:
        return {
            path
            for path in self.paths
            if path.endswith(".shtml")
            and not path.startswith("/wjw/")
            and attachment_type(path) is None
        }


@dataclass
class Timeline:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl
    blocked: Crawl


def _crawl(replica: ReplicaServer, env: dict[str, str]) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *COLUMNS)
    paths = [
        entry["path"]
        for entry in replica.requests
        if entry["host"] == HOST and entry["path"] != "/robots.txt"
    ]
    return Crawl(summary, paths)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('e2e_nhc') / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS}
    env |= {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}
    replica.faults.clear()
    replica.set_day(0)
    try:
        day0 = _crawl(replica, env)
        idle = _crawl(replica, env)
        replica.set_day(1)
        day1 = _crawl(replica, env)
        replica.set_day(2)
        replica.faults.add(HOST, "/", "ruishu")
        blocked = _crawl(replica, env)
    finally:
        replica.faults.clear()
        replica.set_day(0)
    return Timeline(db_url, day0, idle, day1, blocked)


@pytest.mark.parametrize("column", COLUMNS)
def test_day_zero_stores_every_listed_document(crawls: Timeline, column: str) -> None:
    counts = crawls.day0.summary[column]
    listed = documents(column, 0)
    assert counts["outcome"] == "ok" and counts["errors"] == 0
    assert counts["new"] == len(listed) == counts["detail_requests"]


def test_day_zero_walks_both_list_pages_of_the_regulations(crawls: Timeline) -> None:
    lists = [path for path in crawls.day0.paths if path.startswith("/wjw/")]
    assert sorted(lists) == [
        "/wjw/gfxwjj/list.shtml",
        "/wjw/gfxwjj/list_2.shtml",
        "/wjw/zcjd/list.shtml",
    ]


def test_stored_documents_carry_real_urls_and_clean_metadata(crawls: Timeline) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        by_url = {document.url: document for document in session.scalars(select(Document))}
        for column in COLUMNS:
            for doc in documents(column, 0):
                stored = by_url[f"https://{HOST}{doc.path}"]
                assert stored.source_id == column
                version: Version = stored.versions[0]
                assert version.title == doc.title
                assert version.issuer == doc.agency
                assert version.published_at is not None
                assert version.published_at.astimezone(CHINA).date() == doc.published.date()
                assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
                assert normalize_text(doc.paragraphs[-1])[:20] in normalize_text(version.text)
                shown = "".join(doc.paragraphs)
                assert not any(w in version.text for w in FURNITURE if w not in shown)
                assert len(version.attachments) == len(doc.attachments)
    store.close()


def test_an_idle_crawl_fetches_no_detail_page_and_only_the_first_list_pages(
    crawls: Timeline,
) -> None:
    assert all(counts["detail_requests"] == 0 for counts in crawls.idle.summary.values())
    assert sorted(crawls.idle.paths) == sorted(f"{folder}list.shtml" for folder in FOLDERS.values())


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Timeline) -> None:
    expected: set[str] = set()
    for column in COLUMNS:
        added = {c.doc_id for c in changes(1) if c.column == column and c.kind == ADDED}
        revised = {c.doc_id for c in changes(1) if c.column == column and c.kind == REVISED}
        counts = crawls.day1.summary[column]
        assert (counts["new"], counts["revised"], counts["errors"]) == (len(added), len(revised), 0)
        expected |= {doc.path for doc in documents(column, 1) if doc.id in added | revised}
    assert crawls.day1.detail_paths() == expected
    assert len(crawls.day1.paths) == len(set(crawls.day1.paths))


def test_the_new_medical_regulation_is_in_the_policies_feed(
    crawls: Timeline, tmp_path: Path
) -> None:
    import feedparser

    store = open_store(crawls.db_url)
    with store.session() as session:
        build_feeds(session, tmp_path)
    store.close()
    titles = {entry.title for entry in feedparser.parse(str(tmp_path / "policies.atom")).entries}
    added = {c.doc_id for c in changes(1) if c.column == NHC_GFXWJ and c.kind == ADDED}
    new = [doc for doc in documents(NHC_GFXWJ, 1) if doc.id in added]
    assert sorted(doc.medical for doc in new) == [False, True]
    assert all((doc.title in titles) == doc.medical for doc in new)


def test_a_ruishu_challenge_ends_the_crawl_blocked_with_nothing_stored(crawls: Timeline) -> None:
    for counts in crawls.blocked.summary.values():
        assert counts["outcome"] == "blocked"
        assert counts["new"] == counts["detail_requests"] == 0
    assert crawls.blocked.detail_paths() == set()
