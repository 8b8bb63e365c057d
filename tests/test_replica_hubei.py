"""The Hubei replica over HTTP: 政府文件 lists and pages, the corpus and timeline, reposts."""

from __future__ import annotations

import http.client
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import pytest
from parsel import Selector, SelectorList

from crawler.metadata import label_values
from replica.corpus import ADDED, LAST_DAY, REVISED
from replica.server import ReplicaServer
from replica.sites import _nmpa_corpus
from replica.sites._hubei_corpus import (
    COLUMNS,
    FOLDERS,
    HUBEI_EZBF,
    HUBEI_EZF,
    changes,
    documents,
)
from replica.words import MEDICAL, words

WORDS = words("hubei")

HOST = "www.hubei.gov.cn"
PAGE_SIZE = 20
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PAGE_SCRIPT = re.compile(r'createPageHTML\((\d+), (\d+), "index", "shtml"\)')
ROW_LINKS = ".hbgov-bfc-block li > div > a[title]"


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


def fetch(server: ReplicaServer, path: str) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, "User-Agent": BROWSER})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def list_path(column: str, page: int) -> str:
    return FOLDERS[column] + ("index.shtml" if page == 0 else f"index_{page}.shtml")


def listed(server: ReplicaServer, column: str) -> Iterator[tuple[str, str]]:
    """(path, title attribute) of every row on every list page of the column."""
    page = 0
    while (found := fetch(server, list_path(column, page))).status == 200:
        base = f"https://{HOST}{list_path(column, page)}"
        for link in found.css(ROW_LINKS):
            path = urljoin(base, link.attrib["href"]).removeprefix(f"https://{HOST}")
            yield path, link.attrib["title"]
        page += 1


def meta_fields(found: Fetched) -> dict[str, str]:
    return label_values(found.css(".hbgov-article-meta .row > div").xpath("string()").getall())


@pytest.fixture
def day_one(replica_day0: ReplicaServer) -> Iterator[ReplicaServer]:
    replica_day0.set_day(1)
    yield replica_day0
    replica_day0.set_day(0)


@pytest.mark.parametrize("column", COLUMNS)
def test_list_pages_are_index_then_index_n_shtml_and_end_in_a_404(
    replica_day0: ReplicaServer, column: str
) -> None:
    docs = documents(column, 0)
    pages = math.ceil(len(docs) / PAGE_SIZE)
    for page in range(pages):
        found = fetch(replica_day0, list_path(column, page))
        assert found.status == 200
        match = PAGE_SCRIPT.search(found.text)
        assert match and (int(match[1]), int(match[2])) == (pages, page)
    assert list(listed(replica_day0, column)) == [(doc.path, doc.title) for doc in docs]
    assert fetch(replica_day0, list_path(column, pages)).status == 404
    assert fetch(replica_day0, FOLDERS[column] + "index_0.shtml").status == 404


def test_rows_truncate_long_titles_and_show_the_date(replica_day0: ReplicaServer) -> None:
    doc = next(doc for doc in documents(HUBEI_EZF, 0) if len(doc.title) > 30)
    page = 0
    while doc not in documents(HUBEI_EZF, 0)[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        page += 1
    found = fetch(replica_day0, list_path(HUBEI_EZF, page))
    [row] = found.css(f".hbgov-bfc-block li:contains('{doc.title[:30]}')")
    assert row.css("a::text").get() == doc.title[:30] + "…"
    assert row.css("span::text").get() == f"{doc.published:%Y-%m-%d}"
    assert found.css(".hbgov-sidebar-nav li a") and not found.css(".hbgov-sidebar-nav a[title]")


def test_the_disclosure_block_reads_with_the_metadata_labels(replica_day0: ReplicaServer) -> None:
    doc = next(
        d
        for d in documents(HUBEI_EZF, 0)
        if d.medical and d.attachments and d.published.year > 2022
    )
    found = fetch(replica_day0, doc.path)
    assert found.status == 200
    assert meta_fields(found) == {
        "index_no": doc.index_no,
        "category": "卫生、体育/医药管理",
        "agency": "湖北省人民政府",
        "written_on": f"{doc.written:%Y年%m月%d日}",
        "title": doc.title,
        "wenhao": doc.listed_wenhao,
        "published": f"{doc.published:%Y-%m-%d}",
    }
    label = found.css(".hbgov-article-meta-wj strong::text").get()
    assert label == "文    号："
    body = found.css(".hbgov-article-content .TRS_UEDITOR p").xpath("string()").getall()
    assert body == list(doc.paragraphs)
    for attachment in doc.attachments:
        links = found.css(f".hbgov-att-list-block a:contains('{attachment.name}')::attr(href)")
        [href] = links.getall()
        assert urljoin(f"https://{HOST}{doc.path}", href) == f"https://{HOST}{attachment.path}"
        served = fetch(replica_day0, attachment.path)
        assert served.status == 200
        assert served.headers["Content-Type"] == attachment.media_type


def test_pages_before_2022_have_the_editor_block_without_the_content_wrapper(
    replica_day0: ReplicaServer,
) -> None:
    doc = next(d for d in documents(HUBEI_EZBF, 0) if d.published.date() < date(2022, 1, 1))
    found = fetch(replica_day0, doc.path)
    assert not found.css(".hbgov-article-content")
    assert found.css("div.article-box > div.TRS_UEDITOR p")


def test_a_page_is_only_served_under_its_own_path(replica_day0: ReplicaServer) -> None:
    doc = documents(HUBEI_EZBF, 0)[0]
    assert fetch(replica_day0, doc.path.replace("/ezbf/", "/ezf/")).status == 404
    assert fetch(replica_day0, doc.path.replace("_", "_9")).status == 404


def test_about_a_third_of_the_documents_are_about_medical_equipment() -> None:
    for column in COLUMNS:
        docs = documents(column, 0)
        assert len(docs) >= 20
        assert 0.3 <= sum(doc.medical for doc in docs) / len(docs) <= 0.4
        assert all(2021 <= doc.published.year <= 2026 for doc in docs)
    prefixes = {HUBEI_EZF: "鄂政发〔", HUBEI_EZBF: "鄂政办发〔"}
    for column, prefix in prefixes.items():
        numbers = [doc.wenhao for doc in documents(column, 0) if doc.wenhao]
        assert sum(number.startswith(prefix) for number in numbers) == len(numbers) - (
            column == HUBEI_EZBF
        )
        assert len(set(numbers)) == len(numbers)


def test_the_office_reposts_a_national_device_policy_under_its_wenhao(
    replica_day0: ReplicaServer,
) -> None:
    national = _nmpa_corpus.reposted_in_hubei()
    [repost] = [doc for doc in documents(HUBEI_EZBF, 0) if doc.wenhao == national.wenhao]
    assert repost.medical and repost.listed_wenhao is None
    assert repost.paragraphs[-len(national.paragraphs) :] == national.paragraphs
    assert national.wenhao in repost.paragraphs[1]
    found = fetch(replica_day0, repost.path)
    assert "wenhao" not in meta_fields(found)
    assert national.paragraphs[2] in found.css(".hbgov-article-content").xpath("string()").get()


def test_the_seed_article_is_listed_with_the_sites_own_page(replica_day0: ReplicaServer) -> None:
    [seeded] = [doc for doc in documents(HUBEI_EZF, 0) if doc.seed]
    assert seeded.title == "优化医疗装备产业创新发展生态"
    found = fetch(replica_day0, seeded.path)
    assert found.css(".hbgov-article-title h1::text").get() == seeded.title
    assert found.css(".hbgov-share-block") and found.css(".hbgov-breadcrumb")


def test_day_one_adds_documents_on_top_and_revises_one_per_column(day_one: ReplicaServer) -> None:
    for column in COLUMNS:
        made = [change for change in changes(1) if change.column == column]
        added = [change.doc_id for change in made if change.kind == ADDED]
        [revised] = [change.doc_id for change in made if change.kind == REVISED]
        assert 1 <= len(added) <= 2
        listed_now = documents(column, 1)
        assert {doc.id for doc in listed_now[: len(added)]} == set(added)
        before = next(doc for doc in documents(column, 0) if doc.id == revised)
        after = next(doc for doc in listed_now if doc.id == revised)
        assert (after.title, after.published) != (before.title, before.published)
        assert after.path == before.path
        found = fetch(day_one, after.path)
        assert any(clause in found.text for clause in WORDS.revised_clauses)
        assert meta_fields(found)["published"] == f"{after.published:%Y-%m-%d}"
        rows = dict(listed(day_one, column))
        assert rows[after.path] == after.title


def test_later_days_add_one_each_and_days_past_the_last_repeat_it() -> None:
    assert [len(changes(day)) for day in (2, 3)] == [1, 1]
    assert changes(LAST_DAY + 2) == ()
    for column in COLUMNS:
        assert documents(column, LAST_DAY + 2) == documents(column, LAST_DAY)
    assert documents(HUBEI_EZF, 2)[0].topic == "energy"
    assert documents(HUBEI_EZBF, 3)[0].topic == MEDICAL


def test_a_ruishu_fault_answers_412(replica_day0: ReplicaServer) -> None:
    replica_day0.faults.add(HOST, "/zfwj/", "ruishu", count=1)
    assert fetch(replica_day0, list_path(HUBEI_EZBF, 0)).status == 412
    assert fetch(replica_day0, list_path(HUBEI_EZBF, 0)).status == 200


def test_a_changed_layout_drops_the_row_block(replica_day0: ReplicaServer) -> None:
    replica_day0.faults.add(HOST, FOLDERS[HUBEI_EZF], "layout_changed")
    found = fetch(replica_day0, list_path(HUBEI_EZF, 0))
    assert not found.css(ROW_LINKS) and found.css(".hbgov-doc-list dd a")
