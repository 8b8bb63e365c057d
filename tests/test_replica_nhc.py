"""The NHC replica over HTTP: `list.shtml` paging, pages, files, corpus, timeline, its WAF."""

from __future__ import annotations

import http.client
import math
import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any
from urllib.parse import urljoin

import pytest
from parsel import Selector

from replica.corpus import ADDED, LAST_DAY, REVISED
from replica.server import ReplicaServer
from replica.sites._nhc_corpus import COLUMNS, NHC_GFXWJ, NHC_ZCJD, changes, documents
from replica.words import words
from storage.similarity import profile, same_policy

WORDS = words("nhc")

HOST = "www.nhc.gov.cn"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PAGE_SIZE = 24
FOLDERS = {NHC_GFXWJ: "/wjw/gfxwjj/", NHC_ZCJD: "/wjw/zcjd/"}
PAGE_SCRIPT = re.compile(r"createPageHTML\('page_div',(\d+), (\d+),'list','shtml',(\d+)\);")
MEDICAL_WORDS = ("医疗器械", "医疗装备", "医用设备", "体外诊断", "医学影像", "手术机器人")


@dataclass
class Fetched:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def css(self, query: str) -> Any:
        return Selector(text=self.text).css(query)


def fetch(server: ReplicaServer, path: str) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, "User-Agent": BROWSER})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def list_path(column: str, page: int) -> str:
    return FOLDERS[column] + ("list.shtml" if page == 1 else f"list_{page}.shtml")


@pytest.mark.parametrize("column", COLUMNS)
def test_list_pages_match_their_pagination_script(replica_day0: ReplicaServer, column: str) -> None:
    docs = documents(column, 0)
    pages = math.ceil(len(docs) / PAGE_SIZE)
    hrefs = []
    for page in range(1, pages + 1):
        found = fetch(replica_day0, list_path(column, page))
        assert found.status == 200
        match = PAGE_SCRIPT.search(found.text)
        assert match and match.groups() == (str(pages), str(page), str(len(docs)))
        rows = found.css("ul.zxxx_list > li")
        assert PAGE_SCRIPT.search(found.css("ul.zxxx_list > script").getall()[-1])
        assert len(rows) == min(PAGE_SIZE, len(docs) - (page - 1) * PAGE_SIZE)
        hrefs += rows.css("a[title]::attr(href)").getall()
    assert hrefs == [doc.path for doc in docs]
    assert fetch(replica_day0, list_path(column, pages + 1)).status == 404
    assert fetch(replica_day0, FOLDERS[column] + "list_1.shtml").status == 404


def test_gfxwj_spans_two_pages_and_rows_carry_full_titles(replica_day0: ReplicaServer) -> None:
    docs = documents(NHC_GFXWJ, 0)
    assert len(docs) > PAGE_SIZE
    rows = fetch(replica_day0, list_path(NHC_GFXWJ, 1)).css("ul.zxxx_list > li")
    assert rows[0].css("a::attr(title)").get() == docs[0].title
    assert rows[0].css("span.ml::text").get() == f"{docs[0].published:%Y-%m-%d}"
    assert all(row.css("a::text").get() == row.css("a::attr(title)").get() for row in rows)
    lined = [n for n, row in enumerate(rows, 1) if row.attrib.get("class") == "line"]
    assert lined == [6, 12, 18, 24]


def test_a_detail_page_has_its_meta_source_line_body_and_files(replica_day0: ReplicaServer) -> None:
    doc = next(d for d in documents(NHC_GFXWJ, 0) if len(d.attachments) == 2)
    page = fetch(replica_day0, doc.path)
    assert page.css("meta[name=ArticleTitle]::attr(content)").get() == doc.title
    published = page.css("meta[name=PubDate]::attr(content)").get()
    assert published == f"{doc.published:%Y-%m-%d %H:%M:%S}"
    assert page.css("meta[name=ContentSource]::attr(content)").get() == ""
    assert page.css("div.source > span").xpath("normalize-space()").getall() == [
        f"发布时间： {doc.published:%Y-%m-%d}",
        f"来源: {doc.source}",
    ]
    body = page.css("div.con#xw_box > p").xpath("normalize-space()").getall()
    assert body[1] == doc.listed_wenhao and doc.paragraphs[-1] in body
    assert len(page.css("div.con#xw_box > p")[1].css("font")) == 2
    assert body[-1] == f"{doc.written.year}年{doc.written.month}月{doc.written.day}日"
    assert not page.css("div.bdsharebuttonbox, div.xglj, div.print_close")
    for attachment, href in zip(
        doc.attachments, page.css("div#xw_box a[href*='/files/']::attr(href)").getall(), strict=True
    ):
        assert urljoin(f"https://{HOST}{doc.path}", href) == f"https://{HOST}{attachment.path}"
        served = fetch(replica_day0, attachment.path)
        assert served.status == 200
        assert served.headers["Content-Type"] == attachment.media_type
    missing = doc.attachments[0].path.rsplit("/", 1)[0] + "/" + "0" * 32 + ".pdf"
    assert fetch(replica_day0, missing).status == 404


def test_an_unknown_page_is_404(replica_day0: ReplicaServer) -> None:
    assert fetch(replica_day0, "/yzygj/c100068/202101/" + "f" * 32 + ".shtml").status == 404
    assert fetch(replica_day0, "/wjw/gfxwjj/").status == 404


def test_the_ruishu_fault_answers_412_with_its_challenge(replica_day0: ReplicaServer) -> None:
    replica_day0.faults.add(HOST, "/wjw/", "ruishu", count=1)
    challenge = fetch(replica_day0, list_path(NHC_GFXWJ, 1))
    assert challenge.status == 412
    assert "$_ts" in challenge.text and "r='m'" in challenge.text
    assert challenge.headers.get_all("Set-Cookie")
    assert fetch(replica_day0, list_path(NHC_GFXWJ, 1)).status == 200


@pytest.mark.parametrize("kind", ["empty_list", "layout_changed"])
def test_list_faults_leave_no_rows_where_the_spider_looks(
    replica_day0: ReplicaServer, kind: str
) -> None:
    replica_day0.faults.add(HOST, "/wjw/", kind)
    found = fetch(replica_day0, list_path(NHC_GFXWJ, 1))
    assert found.status == 200
    assert not found.css("ul.zxxx_list > li")


# Corpus and timeline


def test_the_corpus_mixes_medical_and_other_health_policy() -> None:
    for column in COLUMNS:
        docs = documents(column, 0)
        assert len(docs) >= 20
        assert 0.3 <= sum(doc.medical for doc in docs) / len(docs) <= 0.45
        for doc in docs:
            text = doc.title + "".join(doc.paragraphs)
            medical = any(word in text for word in MEDICAL_WORDS)
            assert medical == doc.medical or doc.seed is not None, doc.title
    regulations = documents(NHC_GFXWJ, 0)
    assert all(doc.wenhao for doc in regulations)
    assert any(doc.agency == WORDS.general_office for doc in regulations)
    assert any(doc.listed_wenhao != doc.wenhao for doc in regulations)
    assert {doc.seed for doc in regulations + documents(NHC_ZCJD, 0)} >= {"002", "004"}


def test_no_two_interpretations_read_as_one_policy() -> None:
    docs = documents(NHC_ZCJD, LAST_DAY)
    profiles = [profile(doc.title, "\n".join(doc.paragraphs), None) for doc in docs]
    assert not any(same_policy(a, b) for a, b in combinations(profiles, 2))


def test_day_one_adds_to_both_columns_and_revises_one_in_each() -> None:
    day1 = changes(1)
    for column in COLUMNS:
        added = {c.doc_id for c in day1 if c.column == column and c.kind == ADDED}
        [revised] = [c.doc_id for c in day1 if c.column == column and c.kind == REVISED]
        assert {doc.id for doc in documents(column, 1)[: len(added)]} == added
        before = next(doc for doc in documents(column, 0) if doc.id == revised)
        after = next(doc for doc in documents(column, 1) if doc.id == revised)
        assert after.title != before.title
        assert any(clause in "".join(after.paragraphs) for clause in WORDS.revised_clauses)
        assert documents(column, 0).index(before) < PAGE_SIZE
    assert len([c for c in day1 if c.column == NHC_GFXWJ and c.kind == ADDED]) == 2


def test_later_days_add_one_document_each_then_stand_still() -> None:
    assert [len(documents(NHC_GFXWJ, day)) for day in range(6)] == [34, 36, 37, 37, 37, 37]
    assert [len(documents(NHC_ZCJD, day)) for day in range(6)] == [22, 23, 23, 24, 24, 24]
    assert changes(LAST_DAY + 1) == ()


def test_a_revised_page_is_served_on_its_day(replica: ReplicaServer) -> None:
    [revised] = [c for c in changes(1) if c.column == NHC_GFXWJ and c.kind == REVISED]
    doc = next(doc for doc in documents(NHC_GFXWJ, 1) if doc.id == revised.doc_id)
    try:
        replica.set_day(1)
        page = fetch(replica, doc.path)
        assert page.css("meta[name=ArticleTitle]::attr(content)").get() == doc.title
        assert WORDS.revised_clauses[0] in page.text
    finally:
        replica.set_day(0)
