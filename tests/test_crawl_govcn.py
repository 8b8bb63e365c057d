"""End to end against the replica: the policy library crawled on day 0, idle, and on day 1."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from crawler.extract import attachment_type
from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import ADDED, REVISED
from replica.server import ReplicaServer
from replica.sites import _nhc_corpus as nhc
from replica.sites._govcn_corpus import GOVCN_ZCWJK, category_of, changes, documents
from replica.sites.govcn import uses_article_template
from replica.words import words
from storage import open_store
from storage.identity import normalize_text, normalize_wenhao
from storage.models import Document, Policy, Version

WORDS = words("govcn")

HOST = "www.gov.cn"
SEARCH = "sousuo.www.gov.cn"
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "我要打印", "关闭窗口", "责任编辑", "相关稿件", "字体", "来源")


@dataclass
class Crawl:
    summary: dict[str, Any]
    requests: list[dict[str, Any]]

    def api_pages(self) -> list[str]:
        return [
            parse_qs(urlsplit(entry["path"]).query)["p"][0]
            for entry in self.requests
            if entry["host"] == SEARCH and entry["path"] != "/robots.txt"
        ]

    def detail_paths(self) -> set[str]:
        return {
            entry["path"]
            for entry in self.requests
            if entry["host"] == HOST
            and entry["path"] != "/robots.txt"
            and attachment_type(entry["path"]) is None
        }


@dataclass
class Timeline:
    db_url: str
    day0: Crawl
    idle: Crawl
    day1: Crawl


def _crawl(replica: ReplicaServer, env: dict[str, str], *sources: str) -> Crawl:
    replica.clear_requests()
    summary = crawl_in_subprocess(env, *sources)
    return Crawl(summary, replica.requests)


@pytest.fixture(scope="module")
def crawls(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('e2e_govcn') / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS}
    env |= {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": db_url}
    replica.faults.clear()
    replica.set_day(0)
    try:
        day0 = _crawl(replica, env, GOVCN_ZCWJK)
        idle = _crawl(replica, env, GOVCN_ZCWJK)
        replica.set_day(1)
        day1 = _crawl(replica, env, GOVCN_ZCWJK, nhc.NHC_GFXWJ)
    finally:
        replica.set_day(0)
    return Timeline(db_url, day0, idle, day1)


def test_day_zero_stores_every_listed_document(crawls: Timeline) -> None:
    counts = crawls.day0.summary[GOVCN_ZCWJK]
    assert counts["outcome"] == "ok" and counts["errors"] == 0
    assert counts["new"] == len(documents(0)) == counts["detail_requests"]
    assert crawls.day0.api_pages() == ["1", "2"]
    assert all(entry["status"] == 200 for entry in crawls.day0.requests)


def test_stored_documents_carry_real_urls_and_clean_metadata(crawls: Timeline) -> None:
    store = open_store(crawls.db_url)
    with store.session() as session:
        by_url = {document.url: document for document in session.scalars(select(Document))}
        for doc in documents(0):
            version: Version = by_url[f"https://{HOST}{doc.path}"].versions[0]
            assert version.title == doc.title
            assert doc.agency.split()[0] in (version.issuer, version.department)
            assert version.published_at is not None
            assert version.published_at.astimezone(CHINA).replace(tzinfo=None) == doc.published
            assert normalize_wenhao(version.wenhao) == normalize_wenhao(doc.wenhao)
            if not uses_article_template(doc):
                shown_index = doc.index_no if category_of(doc) == WORDS.gongwen else None
                assert version.index_no == shown_index
                assert version.written_on == doc.written
            assert normalize_text(doc.paragraphs[-1])[:20] in normalize_text(version.text)
            shown = "".join(doc.paragraphs)
            assert not any(w in version.text for w in FURNITURE if w not in shown)
            assert len(version.attachments) == len(doc.attachments)
    store.close()


def test_an_idle_crawl_asks_the_api_once_and_fetches_no_page(crawls: Timeline) -> None:
    assert crawls.idle.summary[GOVCN_ZCWJK]["detail_requests"] == 0
    assert crawls.idle.api_pages() == ["1"]
    assert crawls.idle.detail_paths() == set()


def test_day_one_fetches_exactly_the_new_and_revised_pages(crawls: Timeline) -> None:
    added = {c.doc_id for c in changes(1) if c.kind == ADDED}
    revised = {c.doc_id for c in changes(1) if c.kind == REVISED}
    counts = crawls.day1.summary[GOVCN_ZCWJK]
    assert (counts["new"], counts["revised"], counts["errors"]) == (len(added), len(revised), 0)
    expected = {doc.path for doc in documents(1) if doc.id in added | revised}
    assert crawls.day1.detail_paths() == expected


def test_nhc_documents_and_their_gov_cn_reposts_are_one_policy(crawls: Timeline) -> None:
    shared = {nhc.PLAN_WENHAO, nhc.reposted(0).wenhao, nhc.reposted(1).wenhao}
    store = open_store(crawls.db_url)
    with store.session() as session:
        for wenhao in shared:
            policy = session.scalars(
                select(Policy).where(Policy.wenhao_key == normalize_wenhao(wenhao))
            ).one()
            hosts = sorted(urlsplit(document.url).hostname or "" for document in policy.documents)
            assert hosts == [HOST, "www.nhc.gov.cn"]
    store.close()
