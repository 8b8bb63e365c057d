"""End to end against the replica: MIIT's four sources on day 0, crawled again idle, then day 1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus.model import ADDED, REVISED
from replica.corpus.model import Document as ReplicaDocument
from replica.server import ReplicaServer
from replica.sites import _miit_corpus as miit
from replica.sites._miit_api import SEARCH_PATH, UNIT_PATH
from replica.sites._miit_columns import COLUMNS, SOURCES
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Document, Version

HOST = "www.miit.gov.cn"
SITE = f"https://{HOST}"
SHELLS = {f"{c.folder}index.html" for c in COLUMNS.values() if c.source}
TZ_PAGE_ID = COLUMNS["tz"].page_id
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "打印本页", "关闭窗口", "网站地图", "相关链接", "字号")


@dataclass
class Crawl:
    summary: dict[str, dict[str, Any]]
    paths: list[str]

    def detail_paths(self) -> list[str]:
        return [path for path in self.paths if "/art/" in path]

    def api_calls(self) -> list[tuple[str, dict[str, list[str]]]]:
        return [
            (urlsplit(path).path, parse_qs(urlsplit(path).query))
            for path in self.paths
            if path.startswith((UNIT_PATH, SEARCH_PATH))
        ]


@dataclass
class Timeline:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl


def _crawl(replica: ReplicaServer, env: dict[str, str]) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *SOURCES)
    paths = [
        entry["path"]
        for entry in replica.requests
        if entry["host"] == HOST and entry["path"] != "/robots.txt"
    ]
    return Crawl(summary, paths)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Timeline]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('miit') / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS}
    env |= {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}
    replica.faults.clear()
    replica.set_day(0)
    try:
        day0 = _crawl(replica, env)
        idle = _crawl(replica, env)
        replica.set_day(1)
        day1 = _crawl(replica, env)
        yield Timeline(db_url, day0, idle, day1)
    finally:
        replica.set_day(0)
        replica.faults.clear()


def _listed(day: int) -> dict[str, ReplicaDocument]:
    return {doc.path: doc for source in SOURCES for doc in miit.documents(source, day)}


def test_day_zero_fetches_and_stores_every_listed_document_once(crawls: Timeline) -> None:
    listed = _listed(0)
    assert all(c["outcome"] == "ok" and c["errors"] == 0 for c in crawls.day0.summary.values())
    assert sorted(crawls.day0.detail_paths()) == sorted(listed)
    assert sum(c["new"] for c in crawls.day0.summary.values()) == len(listed)
    assert sum(c["detail_requests"] for c in crawls.day0.summary.values()) == len(listed)
    tz_calls = [q for _, q in crawls.day0.api_calls() if q.get("pageId") == [TZ_PAGE_ID]]
    assert len(tz_calls) >= 2 and sum(1 for q in tz_calls if "paramJson" in q) == len(tz_calls) - 1


def test_stored_documents_carry_real_urls_and_clean_metadata(crawls: Timeline) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        stored = {document.url: document for document in session.scalars(select(Document))}
        for path, doc in _listed(0).items():
            document = stored[SITE + path]
            version: Version = document.versions[0]
            assert version.title == doc.title
            unit = doc.source if doc.source.endswith("司") else None
            assert (version.issuer, version.department) == ("工业和信息化部", unit)
            assert version.published_at is not None
            assert version.published_at.astimezone(CHINA).replace(tzinfo=None) == doc.published
            assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
            assert normalize_text(doc.paragraphs[0])[:20] in normalize_text(version.text)
            assert not any(word in version.text for word in FURNITURE)
            assert [a.url for a in version.attachments] == [SITE + a.path for a in doc.attachments]
            expected = "miit_search" if doc.in_library and not doc.repost_of else None
            assert expected is None or document.source_id == expected
        [repost] = [doc for doc in miit.documents("miit_zbys", 0) if doc.repost_of]
        [original] = [doc for doc in miit.documents("miit_tz", 0) if doc.id == repost.repost_of]
        assert stored[SITE + repost.path].policy_id == stored[SITE + original.path].policy_id
    store.close()


def test_an_idle_crawl_fetches_no_detail_page_and_only_the_first_list_calls(
    crawls: Timeline,
) -> None:
    assert all(c["detail_requests"] == 0 for c in crawls.idle.summary.values())
    assert all(c["outcome"] == "ok" for c in crawls.idle.summary.values())
    calls = crawls.idle.api_calls()
    assert sorted(path for path, _ in calls) == sorted([SEARCH_PATH, *[UNIT_PATH] * 3])
    assert all("paramJson" not in query and query.get("p", ["1"]) == ["1"] for _, query in calls)
    pages = [path for path in crawls.idle.paths if not path.startswith((UNIT_PATH, SEARCH_PATH))]
    assert sorted(pages) == sorted(SHELLS)


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Timeline) -> None:
    changes = miit.changes(1)
    keys = {change.doc_id for change in changes}
    expected = {path for path, doc in _listed(1).items() if doc.id in keys}
    assert sorted(crawls.day1.detail_paths()) == sorted(expected)
    summary = crawls.day1.summary.values()
    assert sum(c["new"] for c in summary) == sum(1 for c in changes if c.kind == ADDED)
    assert sum(c["revised"] for c in summary) == sum(1 for c in changes if c.kind == REVISED) == 1
    assert all(c["outcome"] == "ok" and c["errors"] == 0 for c in summary)


@pytest.mark.parametrize(
    ("extra", "fault", "outcome"),
    [
        ({"POLICYWATCH_USER_AGENT": "policywatch/0.1"}, None, "blocked"),
        ({}, "layout_changed", "empty"),
    ],
)
def test_a_refused_client_or_a_reshaped_list_is_reported_not_stored(
    replica: ReplicaServer,
    tmp_path: Path,
    extra: dict[str, str],
    fault: str | None,
    outcome: str,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS, **extra}
    env |= {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}
    replica.set_day(0)
    replica.faults.clear()
    if fault:
        replica.faults.add(HOST, UNIT_PATH, fault)
    try:
        counts = crawl_in_subprocess(env, "miit_tz")["miit_tz"]
    finally:
        replica.faults.clear()
    assert (counts["outcome"], counts["new"], counts["detail_requests"]) == (outcome, 0, 0)
