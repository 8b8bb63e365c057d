"""The gov.cn replica over HTTP: the search API and its paging, pages, files, corpus, timeline."""

from __future__ import annotations

import http.client
import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from crawler.extract import clean_label
from crawler.platforms.base import whole_page
from replica.corpus import ADDED, LAST_DAY, REVISED
from replica.server import ReplicaServer
from replica.sites import _nhc_corpus as nhc
from replica.sites._govcn_corpus import category_of, changes, documents, in_category
from replica.sites.govcn import uses_article_template
from replica.words import MEDICAL, words

GOVCN_WORDS = words("govcn")
NHC_WORDS = words("nhc")

HOST = "www.gov.cn"
SEARCH = "sousuo.www.gov.cn"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
LIBRARY = {"Referer": "https://sousuo.www.gov.cn/zcwjk/policyDocumentLibrary"}
SIZE = 10
CHINA = timezone(timedelta(hours=8))
MEDICAL_WORDS = (
    "医疗器械",
    "医疗装备",
    "医用设备",
    "体外诊断",
    "医学影像",
    "手术机器人",
    "康复辅助器具",
)


@dataclass
class Fetched:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    def css(self, query: str) -> Any:
        return whole_page(self.text).css(query)


def fetch(server: ReplicaServer, path: str, host: str = HOST, **headers: str) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, "User-Agent": BROWSER, **headers})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def search(server: ReplicaServer, **query: str | int) -> Fetched:
    defaults = {"t": "zhengcelibrary_gw_bm_gb", "q": "", "p": 1, "n": SIZE, "searchfield": "title"}
    path = "/search-gov/data?" + urlencode({**defaults, "sort": "pubtime", "sortType": 1, **query})
    return fetch(server, path, host=SEARCH, **LIBRARY)


def local(url: str) -> str:
    return urlsplit(url).path


# The search API


def test_the_api_refuses_a_client_without_the_library_referer(replica_day0: ReplicaServer) -> None:
    path = "/search-gov/data?t=zhengcelibrary_gw_bm_gb&q=&p=1&n=10"
    assert fetch(replica_day0, path, host=SEARCH).status == 403
    assert fetch(replica_day0, path, host=SEARCH, Referer="https://www.gov.cn/").status == 403
    no_browser = fetch(replica_day0, path, host=SEARCH, **LIBRARY, **{"User-Agent": "curl/8.5"})
    assert no_browser.status == 403
    answer = fetch(replica_day0, path, host=SEARCH, **LIBRARY)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.json()["code"] == 200


def test_each_category_pages_on_its_own_until_no_results(replica_day0: ReplicaServer) -> None:
    listed: dict[str, list[str]] = {GOVCN_WORDS.gongwen: [], GOVCN_WORDS.bumenfile: []}
    pages = math.ceil(len(in_category(GOVCN_WORDS.bumenfile, 0)) / SIZE)
    for page in range(1, pages + 1):
        answer = search(replica_day0, p=page).json()
        assert answer["code"] == 200
        found = answer["searchVO"]
        assert found["totalCount"] == found["totalpage"] == 0 and found["listVO"] is None
        assert set(found["catMap"]) == {
            GOVCN_WORDS.gongwen,
            GOVCN_WORDS.bumenfile,
            "otherfile",
            "gongbao",
        }
        for name, urls in listed.items():
            block = found["catMap"][name]
            assert block["totalCount"] == len(in_category(name, 0))
            assert block["currentNum"] == len(block["listVO"]) <= SIZE
            urls += [local(row["url"]) for row in block["listVO"]]
    for name, urls in listed.items():
        assert urls == [doc.path for doc in in_category(name, 0)]
    past = search(replica_day0, p=pages + 1).json()
    assert past["code"] == 1001 and past["searchVO"] is None


def test_page_zero_reads_as_the_first_page(replica_day0: ReplicaServer) -> None:
    assert search(replica_day0, p=0).body == search(replica_day0, p=1).body


def test_rows_carry_title_wenhao_agency_and_dates(replica_day0: ReplicaServer) -> None:
    rows = search(replica_day0, n=50).json()["searchVO"]["catMap"][GOVCN_WORDS.bumenfile]["listVO"]
    by_path = {doc.path: doc for doc in documents(0)}
    for row in rows:
        doc = by_path[local(row["url"])]
        assert row["url"] == f"https://{HOST}{doc.path}"
        assert row["title"] == doc.title
        assert row["pcode"] == doc.listed_wenhao
        assert row["puborg"] == doc.agency
        assert row["pubtimeStr"] == f"{doc.published:%Y.%m.%d}"
        assert row["pubtime"] == int(doc.published.replace(tzinfo=CHINA).timestamp() * 1000)
        written = datetime.fromtimestamp(row["ptime"] / 1000, CHINA).date()
        assert written == doc.written and row["index"] == "" and row["wenhao"] == ""
    assert any(row["pcode"] != by_path[local(row["url"])].wenhao for row in rows)


def test_a_query_searches_titles_and_highlights_the_words(replica_day0: ReplicaServer) -> None:
    found = search(replica_day0, q="医疗器械", n=50).json()["searchVO"]
    titles = [row["title"] for block in found["catMap"].values() for row in block["listVO"]]
    expected = [doc for doc in documents(0) if "医疗器械" in doc.title]
    assert found["totalCount"] == 0
    assert len(titles) == sum(b["totalCount"] for b in found["catMap"].values()) == len(expected)
    assert all("<em>医疗器械</em>" in title for title in titles)
    assert search(replica_day0, q="没有这样的标题").json()["code"] == 1001


def test_one_library_answers_in_searchvo_listvo(replica_day0: ReplicaServer) -> None:
    found = search(replica_day0, t="zhengcelibrary_bm", n=50).json()["searchVO"]
    assert found["catMap"] is None
    assert [local(row["url"]) for row in found["listVO"]] == [
        doc.path for doc in in_category(GOVCN_WORDS.bumenfile, 0)
    ]


@pytest.mark.parametrize(("kind", "code"), [("empty_list", 1001), ("layout_changed", 200)])
def test_list_faults_empty_or_reshape_the_answer(
    replica_day0: ReplicaServer, kind: str, code: int
) -> None:
    replica_day0.faults.add(SEARCH, "/search-gov/", kind)
    answer = search(replica_day0).json()
    assert answer["code"] == code
    assert answer.get("searchVO") is None


# Pages and files


def test_every_listed_url_is_a_page_titled_as_its_row(replica_day0: ReplicaServer) -> None:
    found = search(replica_day0, n=50).json()["searchVO"]["catMap"]
    for row in found[GOVCN_WORDS.gongwen]["listVO"] + found[GOVCN_WORDS.bumenfile]["listVO"]:
        page = fetch(replica_day0, local(row["url"]))
        assert page.status == 200
        cells = page.css("div.policyLibraryOverview_header td").xpath("normalize-space()").getall()
        heading = page.css("h1#ti::text").get() or cells[1 + _label(cells, "标题")]
        assert heading == row["title"]
        assert page.css("#UCAP-CONTENT p")


def _label(cells: list[str], label: str) -> int:
    return [clean_label(cell) for cell in cells].index(label)


@pytest.mark.parametrize("category", [GOVCN_WORDS.gongwen, GOVCN_WORDS.bumenfile])
def test_a_table_page_has_labelled_cells_and_the_first_published_time(
    replica_day0: ReplicaServer, category: str
) -> None:
    doc = next(
        d
        for d in documents(0)
        if not uses_article_template(d) and d.wenhao and category_of(d) == category
    )
    page = fetch(replica_day0, doc.path)
    header = page.css("div.policyLibraryOverview_header")
    cells = header.css("td").xpath("normalize-space()").getall()
    assert cells[_label(cells, "发文字号") + 1] == doc.wenhao
    assert cells[_label(cells, "发文机关") + 1] == doc.agency
    assert cells[_label(cells, "成文日期") + 1] == f"{doc.written:%Y年%m月%d日}"
    if category == GOVCN_WORDS.gongwen:
        assert header.css("td b")
        assert cells[_label(cells, "索引号") + 1] == doc.index_no
        assert cells[_label(cells, "发布日期") + 1] == f"{doc.published:%Y年%m月%d日}"
    else:
        assert not header.css("td b") and "索引号" not in map(clean_label, cells)
        assert cells[_label(cells, "来源") + 1] == doc.source
    assert page.text.count("</html>") == 2
    body = page.css("div.pages_content div.trs_editor_view").xpath("normalize-space()").getall()
    assert len(body) == 2 and body[0] == body[1]
    published = page.css("meta[name=firstpublishedtime]::attr(content)").get()
    assert published == f"{doc.published:%Y-%m-%d-%H:%M:%S}"
    catalog = "国务院文件" if category_of(doc) == GOVCN_WORDS.gongwen else "国务院部门文件"
    assert page.css("title::text").get() == f"{doc.title}_{catalog}_中国政府网"
    assert page.css("div.share") and page.css("div.pages_print")


def test_some_ministry_pages_are_news_style(replica_day0: ReplicaServer) -> None:
    styled = [doc for doc in documents(0) if uses_article_template(doc)]
    assert styled and all(category_of(doc) == GOVCN_WORDS.bumenfile for doc in styled)
    page = fetch(replica_day0, styled[0].path)
    assert not page.css("div.policyLibraryOverview_header")
    assert page.css("div.pages-date::text").get() == f"{styled[0].published:%Y-%m-%d %H:%M}"
    assert page.css("div.pages-date span.font::text").get() == f"来源： {styled[0].agency}网站"
    assert page.css("#UCAP-CONTENT #qr_container")


def test_a_pdf_only_notice_has_a_short_body_and_its_file(replica_day0: ReplicaServer) -> None:
    doc = next(d for d in documents(0) if d.attachments and len(d.paragraphs) == 4)
    page = fetch(replica_day0, doc.path)
    [attachment] = doc.attachments
    name = attachment.path.rsplit("/", 1)[-1]
    assert page.css(f'#UCAP-CONTENT a[href="{name}"]::text').get() == attachment.name
    served = fetch(replica_day0, attachment.path)
    assert served.status == 200 and served.body.startswith(b"%PDF-")
    assert served.headers["Content-Type"] == "application/pdf"
    folder = attachment.path.rsplit("/", 1)[0]
    assert fetch(replica_day0, f"{folder}/P0123.pdf").status == 404


def test_unknown_pages_are_404(replica_day0: ReplicaServer) -> None:
    assert fetch(replica_day0, "/zhengce/content/202101/content_1.htm").status == 404
    assert fetch(replica_day0, "/search-gov/other", host=SEARCH, **LIBRARY).status == 404


# Corpus and timeline


def test_the_corpus_is_mostly_unrelated_with_about_forty_percent_medical() -> None:
    docs = documents(0)
    assert len(docs) >= 20
    assert (
        len(in_category(GOVCN_WORDS.gongwen, 0)) > 0
        and len(in_category(GOVCN_WORDS.bumenfile, 0)) > SIZE
    )
    assert 0.35 <= sum(doc.medical for doc in docs) / len(docs) <= 0.45
    for doc in docs:
        text = doc.title + "".join(doc.paragraphs)
        assert doc.medical == any(word in text for word in MEDICAL_WORDS), doc.title
    assert {doc.published.year for doc in docs} >= {2021, 2022, 2023, 2024, 2025}


def test_nhc_documents_are_reposted_with_their_wenhao_and_body() -> None:
    for day in (0, 1):
        original = nhc.reposted(day)
        [repost] = [doc for doc in documents(day) if doc.wenhao == original.wenhao]
        assert repost.title != original.title and repost.title.endswith(original.title[-12:])
        assert repost.paragraphs == tuple(
            line for line in original.paragraphs[1:] if line != NHC_WORDS.disclosure
        )
        assert repost.published > original.published
    assert any(doc.seed == nhc.PLAN_SEED and doc.wenhao == nhc.PLAN_WENHAO for doc in documents(0))


def test_day_one_adds_two_documents_and_retitles_one() -> None:
    day1 = changes(1)
    added = [change.doc_id for change in day1 if change.kind == ADDED]
    [revised] = [change.doc_id for change in day1 if change.kind == REVISED]
    assert len(added) == 2
    newest = documents(1)[:2]
    assert {doc.id for doc in newest} == set(added)
    before = next(doc for doc in documents(0) if doc.id == revised)
    after = next(doc for doc in documents(1) if doc.id == revised)
    assert after.title != before.title and "修订" in after.title
    assert any(GOVCN_WORDS.revised_clauses[0] in line for line in after.paragraphs)
    assert after.version == 2


def test_later_days_add_one_each_and_then_stand_still() -> None:
    assert [len(documents(day)) for day in range(LAST_DAY + 3)] == [42, 44, 45, 46, 46, 46]
    assert all(len(changes(day)) == 1 for day in (2, 3))
    assert changes(LAST_DAY + 1) == ()
    assert documents(LAST_DAY) == documents(LAST_DAY + 5)


def test_added_documents_are_served_from_their_day_on(replica: ReplicaServer) -> None:
    [added] = [c.doc_id for c in changes(2) if c.kind == ADDED]
    doc = next(doc for doc in documents(2) if doc.id == added)
    try:
        replica.set_day(1)
        assert fetch(replica, doc.path).status == 404
        replica.set_day(2)
        assert fetch(replica, doc.path).status == 200
        rows = search(replica, n=50).json()["searchVO"]["catMap"][category_of(doc)]["listVO"]
        assert local(rows[0]["url"]) == doc.path
        assert doc.topic == MEDICAL
    finally:
        replica.set_day(0)
