"""The NMPA replica over HTTP: device lists and pages, the corpus and timeline, its WAF."""

from __future__ import annotations

import http.client
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import pytest
from parsel import Selector, SelectorList

from replica.corpus import ADDED, LAST_DAY, REVISED
from replica.corpus.history import day_moment
from replica.server import ReplicaServer
from replica.sites._nmpa_corpus import (
    COLUMNS,
    FOLDERS,
    NMPA_YLQXFGWJ,
    NMPA_YLQXGGTG,
    changes,
    documents,
)
from replica.words import MEDICAL, words

WORDS = words("nmpa")

HOST = "www.nmpa.gov.cn"
PAGE_SIZE = 20
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PAGE_SCRIPT = re.compile(r'createPageHTML\((\d+), (\d+), "index", "html"\)')


@dataclass
class Fetched:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def css(self, query: str) -> SelectorList[Selector]:
        return Selector(text=self.text).css(query)


def fetch(server: ReplicaServer, path: str, **headers: str) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, "User-Agent": BROWSER, **headers})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def list_path(column: str, page: int) -> str:
    return FOLDERS[column] + ("index.html" if page == 0 else f"index_{page}.html")


def listed_paths(server: ReplicaServer, column: str) -> Iterator[str]:
    page = 0
    while (found := fetch(server, list_path(column, page))).status == 200:
        base = f"https://{HOST}{list_path(column, page)}"
        for href in found.css("div.list ul li a::attr(href)").getall():
            yield urljoin(base, href).removeprefix(f"https://{HOST}")
        page += 1


@pytest.fixture
def day_one(replica_day0: ReplicaServer) -> Iterator[ReplicaServer]:
    replica_day0.set_day(1)
    yield replica_day0
    replica_day0.set_day(0)


@pytest.mark.parametrize("column", COLUMNS)
def test_list_pages_match_their_pagination_script_and_end_in_a_404(
    replica_day0: ReplicaServer, column: str
) -> None:
    docs = documents(column, 0)
    pages = math.ceil(len(docs) / PAGE_SIZE)
    for page in range(pages):
        found = fetch(replica_day0, list_path(column, page))
        assert found.status == 200
        match = PAGE_SCRIPT.search(found.text)
        assert match and (int(match[1]), int(match[2])) == (pages, page)
        assert len(found.css("div.list ul li")) == min(PAGE_SIZE, len(docs) - page * PAGE_SIZE)
    assert list(listed_paths(replica_day0, column)) == [doc.path for doc in docs]
    assert fetch(replica_day0, list_path(column, pages)).status == 404


def test_the_column_folder_serves_its_first_page(replica_day0: ReplicaServer) -> None:
    folder = FOLDERS[NMPA_YLQXGGTG]
    assert fetch(replica_day0, folder).body == fetch(replica_day0, folder + "index.html").body


def test_rows_show_the_full_title_and_the_date(replica_day0: ReplicaServer) -> None:
    doc = documents(NMPA_YLQXFGWJ, 0)[0]
    row = fetch(replica_day0, list_path(NMPA_YLQXFGWJ, 0)).css("div.list ul li")[0]
    assert row.css("a::text").get() == doc.title
    assert row.css("span::text").get() == f"{doc.published:%Y-%m-%d}"
    hrefs = fetch(replica_day0, list_path(NMPA_YLQXGGTG, 0)).css("div.list a::attr(href)").getall()
    assert {href.split("/")[0] for href in hrefs} == {"..", "."}


def test_a_detail_page_carries_meta_tags_body_attachments_and_furniture(
    replica_day0: ReplicaServer,
) -> None:
    doc = next(d for d in documents(NMPA_YLQXGGTG, 0) if d.wenhao and len(d.attachments) == 2)
    found = fetch(replica_day0, doc.path)
    assert found.status == 200
    assert found.css("div.wenzhang h2.title").xpath("normalize-space()").get() == doc.title
    assert found.css("div.date::text").re_first(r"\d{4}-\d\d-\d\d") == f"{doc.published:%Y-%m-%d}"
    meta = {
        name: found.css(f"meta[name={name}]::attr(content)").get()
        for name in ("ArticleTitle", "PubDate", "ContentSource", "SiteIDCode")
    }
    assert meta == {
        "ArticleTitle": doc.title,
        "PubDate": f"{doc.published:%Y-%m-%d %H:%M}",
        "ContentSource": doc.agency,
        "SiteIDCode": "bm35000001",
    }
    text = found.css("div.text p").xpath("normalize-space()").getall()
    assert text[0] == doc.listed_wenhao and doc.paragraphs[-1] in text
    assert found.css("div.share img#btnPrint") and not found.css("div.text div.share")
    related = found.css("div.about li a::attr(title)").getall()
    assert found.css("div.about div.title::text").get() == "【相关链接】" and related
    assert doc.title not in related
    for attachment in doc.attachments:
        [href] = found.css(f"div.text a:contains('{attachment.name}')::attr(href)").getall()
        assert urljoin(f"https://{HOST}{doc.path}", href) == f"https://{HOST}{attachment.path}"
        served = fetch(replica_day0, attachment.path)
        assert served.status == 200
        assert served.headers["Content-Type"] == attachment.media_type
    assert fetch(replica_day0, "/directory/web/nmpa/images/bm8=.doc").status == 404


def test_a_page_is_only_served_in_its_own_column(replica_day0: ReplicaServer) -> None:
    doc = documents(NMPA_YLQXGGTG, 0)[0]
    assert fetch(replica_day0, doc.path.replace("ylqxggtg", "ylqxfgwj")).status == 404
    assert fetch(replica_day0, FOLDERS[NMPA_YLQXGGTG] + "20200101000000000.html").status == 404
    assert fetch(replica_day0, "/xxgk/ggtg/index.html").status == 404


def test_most_documents_are_about_devices_and_the_rest_about_drugs_or_cosmetics() -> None:
    for column in COLUMNS:
        docs = documents(column, 0)
        assert len(docs) >= 20
        assert 0.7 <= sum(doc.medical for doc in docs) / len(docs) <= 0.8
        others = [doc for doc in docs if not doc.medical]
        assert {doc.topic for doc in others} <= {"drug", "cosmetics"}
        assert not any("医疗器械" in doc.title for doc in others)
        assert all(2021 <= doc.published.year <= 2026 for doc in docs)
    wenhao = [doc.wenhao for column in COLUMNS for doc in documents(column, 0) if doc.wenhao]
    assert any(re.fullmatch(r"国药监械[注管]?〔20\d\d〕\d+号", number) for number in wenhao)
    assert any(re.fullmatch(r"药监综械[注管]?〔20\d\d〕\d+号", number) for number in wenhao)
    shown = {doc.listed_wenhao for column in COLUMNS for doc in documents(column, 0)}
    assert any(number and "〔" not in number for number in shown)


def test_a_notice_is_listed_in_both_columns_with_one_wenhao_and_body() -> None:
    notices = {doc.wenhao: doc for doc in documents(NMPA_YLQXGGTG, 0) if doc.wenhao}
    [(notice, rules)] = [
        (notices[doc.wenhao], doc) for doc in documents(NMPA_YLQXFGWJ, 0) if doc.wenhao in notices
    ]
    assert notice.path != rules.path and notice.title == rules.title
    assert notice.paragraphs == rules.paragraphs and notice.medical


def test_a_seed_text_is_reposted_on_the_rules_column(replica_day0: ReplicaServer) -> None:
    [seeded] = [doc for doc in documents(NMPA_YLQXFGWJ, 0) if doc.seed]
    assert seeded.wenhao == "工信部联规〔2021〕208号"
    found = fetch(replica_day0, seeded.path)
    body = found.css("div.text p").xpath("string()").getall()
    assert body[: len(seeded.paragraphs)] == list(seeded.paragraphs)
    assert found.css("div.position a::text").getall() == ["首页", "医疗器械", "医疗器械法规文件"]


def test_day_one_adds_notices_on_top_and_revises_one_per_column(day_one: ReplicaServer) -> None:
    for column in COLUMNS:
        made = [change for change in changes(1) if change.column == column]
        added = [change.doc_id for change in made if change.kind == ADDED]
        [revised] = [change.doc_id for change in made if change.kind == REVISED]
        assert 1 <= len(added) <= 2
        listed = documents(column, 1)
        assert {doc.id for doc in listed[: len(added)]} == set(added)
        before = next(doc for doc in documents(column, 0) if doc.id == revised)
        after = next(doc for doc in listed if doc.id == revised)
        assert (after.title, after.published) != (before.title, before.published)
        assert after.path == before.path and after.version == 2
        page = fetch(day_one, after.path)
        assert any(clause in page.text for clause in WORDS.revised_clauses)
        row = fetch(day_one, list_path(column, 0)).css(f"div.list li:contains('{after.title}')")
        assert row.css("span::text").get() == f"{after.published:%Y-%m-%d}"
        assert page.headers["Last-Modified"] and after.modified == day_moment(1)


def test_later_days_add_one_each_and_days_past_the_last_repeat_it() -> None:
    assert [len(changes(day)) for day in (2, 3)] == [1, 1]
    assert all(change.kind == ADDED for day in (2, 3) for change in changes(day))
    assert changes(LAST_DAY + 4) == ()
    for column in COLUMNS:
        assert documents(column, LAST_DAY + 4) == documents(column, LAST_DAY)
    assert documents(NMPA_YLQXGGTG, 2)[0].topic == "cosmetics"
    assert documents(NMPA_YLQXFGWJ, 3)[0].topic == MEDICAL


def test_a_ruishu_fault_answers_412_with_its_challenge(replica_day0: ReplicaServer) -> None:
    replica_day0.faults.add(HOST, "/ylqx/", "ruishu", count=1)
    blocked = fetch(replica_day0, list_path(NMPA_YLQXGGTG, 0))
    assert blocked.status == 412
    assert "$_ts" in blocked.text and "r='m'" in blocked.text
    cookies = blocked.headers.get_all("Set-Cookie") or []
    assert {cookie.split("=", 1)[0][-1] for cookie in cookies} == {"S", "T"}
    assert fetch(replica_day0, list_path(NMPA_YLQXGGTG, 0)).status == 200


@pytest.mark.parametrize(("kind", "rows"), [("empty_list", 0), ("layout_changed", 0)])
def test_list_faults_leave_the_rows_out_of_div_list(
    replica_day0: ReplicaServer, kind: str, rows: int
) -> None:
    replica_day0.faults.add(HOST, FOLDERS[NMPA_YLQXFGWJ], kind)
    found = fetch(replica_day0, list_path(NMPA_YLQXFGWJ, 0))
    assert found.status == 200 and len(found.css("div.list li")) == rows
    assert bool(found.css("div.news-table a")) == (kind == "layout_changed")


def test_a_list_page_answers_a_conditional_get_with_304(replica_day0: ReplicaServer) -> None:
    first = fetch(replica_day0, list_path(NMPA_YLQXGGTG, 0))
    again = fetch(
        replica_day0, list_path(NMPA_YLQXGGTG, 0), **{"If-None-Match": first.headers["ETag"]}
    )
    assert again.status == 304
