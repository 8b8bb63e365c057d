"""End to end against the replica: MOST crawled on day 0, crawled again idle, then on day 1."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from feeds import build_feeds
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import timeline
from replica.corpus.model import ADDED, REVISED, WITHDRAWN
from replica.server import ReplicaServer
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Change, Document, Version

HOST = "www.most.gov.cn"
FOLDERS = {
    "most_gfxwj": "/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/",
    "most_tztg": "/tztg/",
}
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "打印本页", "关闭窗口", "网站地图")


@dataclass
class Crawl:
    summary: dict[str, dict[str, Any]]
    paths: list[str]

    def detail_paths(self) -> set[str]:
        return {path for path in self.paths if "/t20" in path or "/t19" in path}


@dataclass
class Timeline:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl
    day2: Crawl


def _crawl(replica: ReplicaServer, env: dict[str, str]) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *FOLDERS)
    paths = [
        entry["path"]
        for entry in replica.requests
        if entry["host"] == HOST and entry["path"] != "/robots.txt"
    ]
    return Crawl(summary, paths)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'policywatch.db'}"
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
        day2 = _crawl(replica, env)
    finally:
        replica.set_day(0)
    return Timeline(db_url, day0, idle, day1, day2)


def _expected_paths(column: str, doc_ids: set[int], day: int) -> set[str]:
    return {
        FOLDERS[column] + doc.path for doc in timeline.documents(column, day) if doc.id in doc_ids
    }


@pytest.mark.parametrize("column", FOLDERS)
def test_day_zero_stores_every_listed_document(crawls: Timeline, column: str) -> None:
    counts = crawls.day0.summary[column]
    listed = timeline.documents(column, 0)
    assert counts["outcome"] == "ok" and counts["errors"] == 0
    assert counts["new"] == len(listed) == counts["detail_requests"]


def test_stored_documents_carry_real_urls_and_clean_metadata(crawls: Timeline) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        documents = session.scalars(select(Document)).all()
        by_url = {document.url: document for document in documents}
        for column, folder in FOLDERS.items():
            for doc in timeline.documents(column, 0):
                stored = by_url[f"https://{HOST}{folder}{doc.path}"]
                version: Version = stored.versions[0]
                assert version.title == doc.title
                assert version.issuer
                assert version.published_at is not None
                assert version.published_at.astimezone(CHINA).date() == doc.published.date()
                assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
                assert normalize_text(doc.paragraphs[0])[:20] in normalize_text(version.text)
                assert not any(word in version.text for word in FURNITURE)
                assert len(version.attachments) == len(doc.attachments)
    store.close()


def test_an_idle_crawl_fetches_no_detail_page_and_only_the_first_list_pages(
    crawls: Timeline,
) -> None:
    assert all(counts["detail_requests"] == 0 for counts in crawls.idle.summary.values())
    assert sorted(crawls.idle.paths) == sorted(folder + "index.html" for folder in FOLDERS.values())


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Timeline) -> None:
    expected: set[str] = set()
    for column in FOLDERS:
        added = {c.doc_id for c in timeline.changes(1) if c.column == column and c.kind == ADDED}
        revised = {
            c.doc_id for c in timeline.changes(1) if c.column == column and c.kind == REVISED
        }
        counts = crawls.day1.summary[column]
        assert (counts["new"], counts["revised"]) == (len(added), len(revised))
        expected |= _expected_paths(column, added | revised, 1)
    assert crawls.day1.detail_paths() == expected
    assert len(crawls.day1.paths) == len(set(crawls.day1.paths))


def test_feeds_after_the_crawls_hold_the_new_policies(crawls: Timeline, tmp_path: Path) -> None:
    import feedparser

    store = open_store(crawls.db_url)
    with store.session() as session:
        written = build_feeds(session, tmp_path)
    store.close()
    assert tmp_path / "policies.atom" in written
    parsed = feedparser.parse(str(tmp_path / "policies.atom"))
    assert parsed.bozo == 0
    titles = {entry.title for entry in parsed.entries}
    everything = {entry.title for entry in feedparser.parse(str(tmp_path / "all.atom")).entries}
    added = [c.doc_id for c in timeline.changes(1) if c.kind == ADDED]
    for doc in timeline.documents("most_gfxwj", 1) + timeline.documents("most_tztg", 1):
        if doc.id in added:
            assert (doc.title in titles) == doc.medical
            assert doc.title in everything
    revisions = feedparser.parse(str(tmp_path / "revisions.atom"))
    assert revisions.bozo == 0 and len(revisions.entries) == 1
    assert revisions.entries[0].id.endswith("/v2")


def test_corrupted_seed_text_is_stored_flagged_garbled_and_nothing_else_is(
    crawls: Timeline,
) -> None:
    [seed] = [doc for doc in timeline.documents("most_gfxwj", 0) if doc.seed == "003"]
    store = open_store(crawls.db_url)
    with store.session() as session:
        versions = session.scalars(select(Version)).all()
        flagged = [version.title for version in versions if "garbled" in version.flags]
    store.close()
    assert flagged == [seed.title]


def test_day_two_withdraws_the_document_that_vanished_and_404s(crawls: Timeline) -> None:
    [gone] = [c for c in timeline.changes(2) if c.kind == WITHDRAWN]
    assert crawls.day2.summary[gone.column]["withdrawn"] == 1
    assert sum(counts["withdrawn"] for counts in crawls.day2.summary.values()) == 1
    store = open_store(crawls.db_url)
    with store.session() as session:
        withdrawn = session.scalars(select(Change).where(Change.kind == "withdrawn")).all()
        assert [change.document.url.rsplit("_", 1)[-1] for change in withdrawn] == [
            f"{gone.doc_id}.html"
        ]
        assert withdrawn[0].document.status == "withdrawn"
    store.close()
