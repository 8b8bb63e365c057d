"""The replica over real HTTP: routing, lists and pages, the timeline, validators, faults."""

from __future__ import annotations

import http.client
import json
import math
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin

import pytest
from parsel import Selector, SelectorList

from replica import corpus, dispatch
from replica.corpus import ADDED, MOST_GFXWJ, MOST_TZTG, REVISED, WITHDRAWN, Document
from replica.server import ReplicaServer

MOST = "www.most.gov.cn"
PAGE_SIZE = 20
FOLDERS = {MOST_GFXWJ: "/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/", MOST_TZTG: "/tztg/"}
ROW_LINKS = {MOST_GFXWJ: "ul#data_list > li > a[title]", MOST_TZTG: "div.list-main li a"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PAGE_SCRIPTS = (
    re.compile(r"pagination_script_config = \{\s*pageNumber: '(\d+)',\s*total: '(\d+)'"),
    re.compile(r"createPageHTML\((?P<total>\d+), (?P<page>\d+), \"index\", \"html\"\)"),
)


@dataclass
class Fetched:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(self.headers.get_content_charset() or "utf-8")

    def css(self, query: str) -> SelectorList[Selector]:
        return Selector(text=self.text).css(query)


def fetch(
    server: ReplicaServer,
    path: str,
    *,
    host: str = MOST,
    method: str = "GET",
    headers: dict[str, str] | None = None,
) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        sent = {"Host": host, "User-Agent": "policywatch-tests", **(headers or {})}
        connection.request(method, path, headers=sent)
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def list_path(column: str, page: int) -> str:
    return FOLDERS[column] + ("index.html" if page == 0 else f"index_{page}.html")


def detail_path(doc: Document) -> str:
    return FOLDERS[doc.column] + doc.path


def page_script(html: str) -> tuple[int, int]:
    """(current page, page count) as the list page's pagination script announces them."""
    if match := PAGE_SCRIPTS[0].search(html):
        return int(match[1]), int(match[2])
    match = PAGE_SCRIPTS[1].search(html)
    assert match, "no pagination script"
    return int(match["page"]), int(match["total"])


def listed(server: ReplicaServer, column: str) -> list[tuple[str, str]]:
    """(href, title) of every row on every list page of the column, in order."""
    rows: list[tuple[str, str]] = []
    page = 0
    while (found := fetch(server, list_path(column, page))).status == 200:
        rows += [
            (link.attrib["href"], link.attrib["title"]) for link in found.css(ROW_LINKS[column])
        ]
        page += 1
    return rows


def only(changes: tuple[corpus.Change, ...], kind: str) -> list[corpus.Change]:
    return [change for change in changes if change.kind == kind]


# Routing and the site's shape


def test_an_unknown_host_is_a_404_that_names_the_served_sites(replica_day0: ReplicaServer) -> None:
    found = fetch(replica_day0, "/tztg/index.html", host="www.example.org")
    assert found.status == 404
    assert "www.example.org" in found.text and MOST in found.text


def test_the_host_header_may_carry_a_port(replica_day0: ReplicaServer) -> None:
    assert fetch(replica_day0, "/tztg/index.html", host=f"{MOST}:443").status == 200


def test_a_latency_delays_every_answer_of_every_host() -> None:
    with ReplicaServer(port=0, challenge=False, latency=0.3) as slow:
        for host in (MOST, "www.example.org"):
            started = time.monotonic()
            fetch(slow, "/tztg/index.html", host=host)
            assert time.monotonic() - started >= 0.3
    with pytest.raises(ValueError, match="at least 0"):
        ReplicaServer(latency=-1)


def test_robots_txt_allows_everything(replica_day0: ReplicaServer) -> None:
    found = fetch(replica_day0, "/robots.txt")
    assert found.status == 200
    assert found.text == "User-agent: *\nAllow: /\n"


@pytest.mark.parametrize("column", corpus.COLUMNS)
def test_list_pages_match_their_pagination_script(replica_day0: ReplicaServer, column: str) -> None:
    docs = corpus.documents(column, 0)
    pages = math.ceil(len(docs) / PAGE_SIZE)
    hrefs = []
    for page in range(pages):
        found = fetch(replica_day0, list_path(column, page))
        assert found.status == 200
        assert found.headers["Content-Type"] == "text/html; charset=utf-8"
        assert page_script(found.text) == (page, pages)
        hrefs += found.css(ROW_LINKS[column]).xpath("@href").getall()
    assert hrefs == [f"./{doc.path}" for doc in docs]
    assert fetch(replica_day0, list_path(column, pages)).status == 404


def test_the_column_folder_serves_its_first_page(replica_day0: ReplicaServer) -> None:
    folder = FOLDERS[MOST_GFXWJ]
    assert fetch(replica_day0, folder).body == fetch(replica_day0, folder + "index.html").body


def test_disclosure_rows_carry_title_wenhao_and_date(replica_day0: ReplicaServer) -> None:
    doc = corpus.documents(MOST_GFXWJ, 0)[0]
    page = fetch(replica_day0, list_path(MOST_GFXWJ, 0))
    row = page.css("ul#data_list > li")[0]
    assert row.css("li > a::attr(title)").get() == doc.title
    assert len(row.css("div.list-main-li-item.tac")) == 2
    assert row.css("div.w_list_fwzh::text").get() == doc.listed_wenhao
    assert row.css("div.w_list_rq::text").get() == f"{doc.published:%Y年%m月%d日}"
    assert f"href='./{doc.path}' title='{doc.title}'" in page.text


def test_notice_rows_need_their_container_to_be_told_from_the_header_nav(
    replica_day0: ReplicaServer,
) -> None:
    page = fetch(replica_day0, list_path(MOST_TZTG, 0))
    rows = page.css("div.list-main li")
    assert len(rows) == PAGE_SIZE
    assert len(page.css("li > a[title]")) > len(rows)
    assert (
        rows[0].css("span::text").get() == f"{corpus.documents(MOST_TZTG, 0)[0].published:%Y-%m-%d}"
    )


@pytest.mark.parametrize("column", corpus.COLUMNS)
def test_relative_detail_links_resolve_to_their_pages(
    replica_day0: ReplicaServer, column: str
) -> None:
    base = f"https://{MOST}{list_path(column, 0)}"
    for link in fetch(replica_day0, list_path(column, 0)).css(ROW_LINKS[column]):
        path = urljoin(base, link.attrib["href"]).removeprefix(f"https://{MOST}")
        found = fetch(replica_day0, path)
        assert found.status == 200
        assert found.css("meta[name=ArticleTitle]::attr(content)").get() == link.attrib["title"]


def test_a_disclosure_page_has_its_table_body_attachments_and_furniture(
    replica_day0: ReplicaServer,
) -> None:
    doc = next(
        d for d in corpus.documents(MOST_GFXWJ, 0) if d.medical and d.attachments and not d.seed
    )
    found = fetch(replica_day0, detail_path(doc))
    cells = found.css("table.xxgk_detail_table1 td").xpath("normalize-space()").getall()
    assert cells[cells.index("发布日期：") + 1] == f"{doc.published:%Y年%m月%d日}"
    assert cells[cells.index("索 引 号：") + 1] == doc.index_no
    assert doc.wenhao in cells
    assert "标\u3000\u3000题：" in cells and "有 效 性：" in cells
    assert found.css("table.bd1.xxgk_detail_table1 td > b")
    zoom = found.css("div.xxgk_detail_content > div#Zoom")
    assert zoom.css("meta[name=ContentStart]") and zoom.css("meta[name=ContentEnd]")
    body = "".join(zoom.css("div.html-content-fun > div.TRS_UEDITOR ::text").getall())
    assert doc.paragraphs[-1] in body
    assert found.css("div.xxgk_title::text").get().strip() == doc.title
    sections = found.css("section.chnldesc-correlation::text").getall()
    assert [section.strip() for section in sections] == ["相关文档", "相关附件"]
    assert not zoom.css("ul.home_news_list2")
    assert found.css("meta[name=ContentSource]::attr(content)").get() == doc.agency.split()[0]
    for attachment in doc.attachments:
        assert found.css(f'div#Zoom a[href="./{attachment.path}"]')
        served = fetch(replica_day0, f"{FOLDERS[MOST_GFXWJ]}{doc.published:%Y%m}/{attachment.path}")
        assert served.status == 200
        assert served.headers["Content-Type"] == attachment.media_type
    assert fetch(replica_day0, f"{FOLDERS[MOST_GFXWJ]}{doc.published:%Y%m}/P0123.pdf").status == 404


def test_a_notice_page_has_a_title_and_an_editor_body_but_no_table(
    replica_day0: ReplicaServer,
) -> None:
    for doc in corpus.documents(MOST_TZTG, 0):
        found = fetch(replica_day0, detail_path(doc))
        assert found.css("#Title::text").get() == doc.title
        assert not found.css("table.xxgk_detail_table1")
        body = found.css("div.TRS_UEDITOR, div.trs_editor_view, div.TRS_Editor")
        assert doc.paragraphs[-1] in "".join(body.css("::text").getall())
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d", found.css("meta[name=PubDate]::attr(content)").get()
        )


def test_a_detail_url_with_the_wrong_date_is_a_404(replica_day0: ReplicaServer) -> None:
    doc = corpus.documents(MOST_GFXWJ, 0)[0]
    assert fetch(replica_day0, FOLDERS[MOST_GFXWJ] + doc.path.replace("/t", "/t1")).status == 404
    assert fetch(replica_day0, FOLDERS[MOST_TZTG] + doc.path).status == 404


def test_pages_before_2021_are_gb2312(replica_day0: ReplicaServer) -> None:
    doc = next(d for d in corpus.documents(MOST_GFXWJ, 0) if d.published.year < 2021 and not d.seed)
    found = fetch(replica_day0, detail_path(doc))
    assert found.headers["Content-Type"] == "text/html; charset=gb2312"
    with pytest.raises(UnicodeDecodeError):
        found.body.decode("utf-8")
    text = unescape(found.body.decode("gb2312"))
    assert '<meta charset="gb2312">' in text
    assert doc.title in text and doc.paragraphs[-1] in text


# The corpus


def test_the_corpus_is_large_enough_and_about_forty_percent_medical() -> None:
    for column, least in ((MOST_GFXWJ, 60), (MOST_TZTG, 25)):
        docs = corpus.documents(column, 0)
        assert len(docs) >= least
        assert 0.35 <= sum(doc.medical for doc in docs) / len(docs) <= 0.45
    every = [doc for column in corpus.COLUMNS for doc in corpus.documents(column, 0)]
    assert {doc.published.year for doc in every} >= set(range(2021, 2027))
    assert len({doc.id for doc in every}) == len(every)


def test_some_list_rows_print_the_wenhao_with_other_brackets() -> None:
    printed = [doc.listed_wenhao or "" for doc in corpus.documents(MOST_GFXWJ, 0)]
    assert any(re.search(r"(\[|（|【)20\d\d(\]|）|】)", wenhao) for wenhao in printed)
    assert all(
        re.fullmatch(r"国科(发|办|办函)\w〔20\d\d〕\d+号", doc.wenhao)
        for doc in corpus.documents(MOST_GFXWJ, 0)
        if doc.wenhao and not doc.seed
    )


def test_every_seed_is_served_as_it_is_and_some_are_reposted(replica_day0: ReplicaServer) -> None:
    placed = [doc for column in corpus.COLUMNS for doc in corpus.documents(column, 0) if doc.seed]
    assert {doc.seed for doc in placed} == {"000", "001", "002", "003", "004"}
    assert len(placed) > len({doc.seed for doc in placed})
    by_seed = {doc.seed: doc for doc in placed}
    assert by_seed["004"].title == "优化医疗装备产业创新发展生态"
    assert by_seed["003"].title.startswith("Implementation plan for promoting high-quality")
    corrupted = fetch(replica_day0, detail_path(by_seed["003"]))
    assert "s%s.s%s,s%s" in corrupted.text and "Hotline" in corrupted.text


# The timeline


def test_day_one_adds_three_documents_and_retitles_one(replica_day0: ReplicaServer) -> None:
    changes = corpus.changes(1)
    added = only(changes, ADDED)
    assert [change.column for change in added] == [MOST_GFXWJ, MOST_GFXWJ, MOST_TZTG]
    (revised,) = only(changes, REVISED)
    before = corpus.document(revised.column, revised.doc_id, 0)
    after = corpus.document(revised.column, revised.doc_id, 1)
    assert before and after and (before.version, after.version) == (1, 2)
    assert after.title != before.title and after.paragraphs != before.paragraphs

    old_page = fetch(replica_day0, detail_path(before))
    replica_day0.set_day(1)
    new_page = fetch(replica_day0, detail_path(after))
    assert new_page.headers["ETag"] != old_page.headers["ETag"]
    assert new_page.css("meta[name=ArticleTitle]::attr(content)").get() == after.title
    newest = corpus.documents(MOST_GFXWJ, 1)[:2]
    assert {doc.id for doc in newest} == {change.doc_id for change in added[:2]}
    rows = listed(replica_day0, MOST_GFXWJ)
    assert rows[:2] == [(f"./{doc.path}", doc.title) for doc in newest]
    assert (f"./{after.path}", after.title) in rows
    assert len(corpus.documents(MOST_GFXWJ, 1)) == len(corpus.documents(MOST_GFXWJ, 0)) + 2
    assert len(corpus.documents(MOST_TZTG, 1)) == len(corpus.documents(MOST_TZTG, 0)) + 1


def test_day_two_withdraws_a_document(replica_day0: ReplicaServer) -> None:
    (withdrawn,) = only(corpus.changes(2), WITHDRAWN)
    doc = corpus.document(withdrawn.column, withdrawn.doc_id, 1)
    assert doc is not None and corpus.document(withdrawn.column, withdrawn.doc_id, 2) is None
    replica_day0.set_day(2)
    assert fetch(replica_day0, detail_path(doc)).status == 404
    assert f"./{doc.path}" not in dict(listed(replica_day0, withdrawn.column))
    assert len(only(corpus.changes(2), ADDED)) == 1
    replica_day0.set_day(1)
    assert fetch(replica_day0, detail_path(doc)).status == 200


def test_day_two_corrects_a_title_and_keeps_the_body(replica_day0: ReplicaServer) -> None:
    (retitled,) = only(corpus.changes(2), corpus.RETITLED)
    before = corpus.document(retitled.column, retitled.doc_id, 1)
    after = corpus.document(retitled.column, retitled.doc_id, 2)
    assert before and after and after.title != before.title
    assert (after.paragraphs, after.attachments) == (before.paragraphs, before.attachments)
    replica_day0.set_day(2)
    assert (f"./{after.path}", after.title) in listed(replica_day0, retitled.column)


def test_day_two_replaces_an_attachment_at_the_same_url(replica_day0: ReplicaServer) -> None:
    (replaced,) = only(corpus.changes(2), corpus.REPLACED)
    before = corpus.document(replaced.column, replaced.doc_id, 1)
    after = corpus.document(replaced.column, replaced.doc_id, 2)
    assert before and after and (before.title, before.paragraphs) == (after.title, after.paragraphs)
    file = FOLDERS[after.column] + f"{after.published:%Y%m}/{after.attachments[0].path}"
    replica_day0.set_day(1)
    old_file, old_page = fetch(replica_day0, file), fetch(replica_day0, detail_path(before))
    replica_day0.set_day(2)
    new_file, new_page = fetch(replica_day0, file), fetch(replica_day0, detail_path(after))
    assert old_file.status == new_file.status == 200 and old_file.body != new_file.body
    assert old_page.body == new_page.body
    assert old_page.headers["ETag"] != new_page.headers["ETag"]
    etag = {"If-None-Match": old_page.headers["ETag"]}
    assert fetch(replica_day0, detail_path(after), headers=etag).status == 200


def test_day_three_restores_the_withdrawn_document(replica_day0: ReplicaServer) -> None:
    (restored,) = only(corpus.changes(3), corpus.RESTORED)
    (withdrawn,) = only(corpus.changes(2), WITHDRAWN)
    assert restored.doc_id == withdrawn.doc_id
    before = corpus.document(restored.column, restored.doc_id, 1)
    after = corpus.document(restored.column, restored.doc_id, 3)
    assert before and after and (before.title, before.paragraphs) == (after.title, after.paragraphs)
    replica_day0.set_day(3)
    assert fetch(replica_day0, detail_path(after)).status == 200
    assert (f"./{after.path}", after.title) in listed(replica_day0, restored.column)


def test_day_three_revises_a_body_but_not_its_list_row(replica_day0: ReplicaServer) -> None:
    changes = corpus.changes(3)
    assert len(only(changes, ADDED)) == 1
    (revised,) = only(changes, REVISED)
    before = corpus.document(revised.column, revised.doc_id, 2)
    after = corpus.document(revised.column, revised.doc_id, 3)
    assert before and after and after.title == before.title
    assert after.paragraphs != before.paragraphs and after.version == before.version + 1

    def row(day: int) -> str:
        replica_day0.set_day(day)
        docs = corpus.documents(revised.column, day)
        page = [doc.id for doc in docs].index(revised.doc_id) // PAGE_SIZE
        found = fetch(replica_day0, list_path(revised.column, page))
        return found.css(f"li:has(a[href='./{after.path}'])").get()

    assert row(2) == row(3)
    replica_day0.set_day(3)
    assert (
        after.paragraphs[len(after.paragraphs) // 2] in fetch(replica_day0, detail_path(after)).text
    )


def test_days_after_the_last_equal_the_last() -> None:
    for column in corpus.COLUMNS:
        assert corpus.documents(column, corpus.LAST_DAY + 4) == corpus.documents(
            column, corpus.LAST_DAY
        )
    assert corpus.changes(corpus.LAST_DAY + 1) == ()
    with pytest.raises(ValueError):
        corpus.documents(MOST_GFXWJ, -1)


# Conditional GET


def test_validators_answer_304_until_the_page_changes(replica_day0: ReplicaServer) -> None:
    path = list_path(MOST_GFXWJ, 0)
    first = fetch(replica_day0, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert fetch(replica_day0, path, headers={"If-None-Match": etag}).status == 304
    assert fetch(replica_day0, path, headers={"If-Modified-Since": modified}).status == 304
    assert fetch(replica_day0, path, headers={"If-None-Match": '"stale"'}).status == 200
    replica_day0.set_day(1)
    assert fetch(replica_day0, path, headers={"If-None-Match": etag}).status == 200
    assert fetch(replica_day0, path, headers={"If-Modified-Since": modified}).status == 200


# Faults


def add_fault(server: ReplicaServer, kind: str, count: int | None = None) -> str:
    server.faults.add(MOST, "/tztg/", kind, count)
    return list_path(MOST_TZTG, 0)


@pytest.mark.parametrize(
    ("kind", "status", "marker"),
    [
        ("http_500", 500, "500 Internal Server Error"),
        ("ruishu", 412, "$_ts=window['$_ts']"),
        ("jsl", 521, "document.cookie=('__jsl_clearance_s=')"),
        ("forbidden_non_browser", 403, "403 Forbidden"),
        ("redirect_loop", 302, "302 Found"),
    ],
)
def test_a_fault_answers_instead_of_the_page(
    replica_day0: ReplicaServer, kind: str, status: int, marker: str
) -> None:
    path = add_fault(replica_day0, kind)
    found = fetch(replica_day0, path)
    assert (found.status, marker in found.text) == (status, True)
    assert fetch(replica_day0, list_path(MOST_GFXWJ, 0)).status == 200
    assert replica_day0.requests[0]["fault"] == kind


def test_the_ruishu_page_looks_like_ruishu(replica_day0: ReplicaServer) -> None:
    found = fetch(replica_day0, add_fault(replica_day0, "ruishu"))
    token = found.css("meta[id]::attr(content)").get()
    assert token and len(token) > 1000
    assert "<script type=\"text/javascript\" r='m'>" in found.text
    cookies = [value.split("=", 1)[0] for value in found.headers.get_all("Set-Cookie")]
    assert {name[-1] for name in cookies} == {"S", "T"}


def test_the_jsl_page_sets_its_cookie(replica_day0: ReplicaServer) -> None:
    found = fetch(replica_day0, add_fault(replica_day0, "jsl"))
    assert found.headers["Set-Cookie"].startswith("__jsluid_s=")


def test_a_browser_user_agent_passes_the_non_browser_block(replica_day0: ReplicaServer) -> None:
    path = add_fault(replica_day0, "forbidden_non_browser")
    assert fetch(replica_day0, path, headers={"User-Agent": BROWSER}).status == 200
    assert fetch(replica_day0, path).status == 403


def test_a_redirect_loop_points_at_itself(replica_day0: ReplicaServer) -> None:
    path = add_fault(replica_day0, "redirect_loop") + "?a=1"
    found = fetch(replica_day0, path)
    assert found.headers["Location"] == path
    assert found.headers["Set-Cookie"]


def test_a_slow_answer_comes_late(
    replica_day0: ReplicaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dispatch, "SLOW_SECONDS", 0.3)
    path = add_fault(replica_day0, "slow")
    started = time.monotonic()
    assert fetch(replica_day0, path).status == 200
    assert time.monotonic() - started >= 0.3


def test_a_truncated_body_is_shorter_than_announced(replica_day0: ReplicaServer) -> None:
    with pytest.raises(http.client.IncompleteRead):
        fetch(replica_day0, add_fault(replica_day0, "truncated"))


def test_a_wrong_charset_declares_gb2312_for_utf8_bytes(replica_day0: ReplicaServer) -> None:
    found = fetch(replica_day0, add_fault(replica_day0, "wrong_charset"))
    assert found.headers["Content-Type"] == "text/html; charset=gb2312"
    text = found.body.decode("utf-8")
    assert '<meta charset="gb2312">' in text
    assert corpus.documents(MOST_TZTG, 0)[0].title in text


@pytest.mark.parametrize("column", corpus.COLUMNS)
@pytest.mark.parametrize("kind", ["empty_list", "layout_changed"])
def test_broken_lists_match_no_rows(replica_day0: ReplicaServer, column: str, kind: str) -> None:
    replica_day0.faults.add(MOST, FOLDERS[column], kind)
    found = fetch(replica_day0, list_path(column, 0))
    assert found.status == 200
    assert not found.css(ROW_LINKS[column])
    assert page_script(found.text) == (0, math.ceil(len(corpus.documents(column, 0)) / PAGE_SIZE))
    title_shown = corpus.documents(column, 0)[0].title in found.text
    assert title_shown == (kind == "layout_changed")


def test_a_counted_fault_stops_after_its_count(replica_day0: ReplicaServer) -> None:
    path = add_fault(replica_day0, "http_500", count=2)
    assert [fetch(replica_day0, path).status for _ in range(3)] == [500, 500, 200]


def test_an_unknown_fault_kind_is_refused(replica_day0: ReplicaServer) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        replica_day0.faults.add(MOST, "/", "meteor")


# Control endpoints and the server object


def control(server: ReplicaServer, method: str, path: str) -> tuple[int, object]:
    found = fetch(server, f"/__replica__/{path}", host="anything.example", method=method)
    return found.status, json.loads(found.body)


def test_control_endpoints_set_the_day_and_faults(replica_day0: ReplicaServer) -> None:
    assert control(replica_day0, "GET", "day") == (200, {"day": 0})
    assert control(replica_day0, "POST", "day?n=2") == (200, {"day": 2})
    assert replica_day0.day == 2
    status, _ = control(replica_day0, "POST", f"fault?host={MOST}&path=/tztg/&kind=jsl&count=1")
    assert status == 200
    assert [fetch(replica_day0, "/tztg/").status for _ in range(2)] == [521, 200]
    control(replica_day0, "POST", f"fault?host={MOST}&path=/&kind=http_500")
    assert control(replica_day0, "POST", "reset") == (200, {"faults": 0})
    assert fetch(replica_day0, "/tztg/").status == 200
    assert control(replica_day0, "POST", "fault?host=x&path=/&kind=meteor")[0] == 400
    assert control(replica_day0, "POST", "day")[0] == 400
    assert control(replica_day0, "GET", "nothing")[0] == 404


def test_the_request_log_records_every_request(replica_day0: ReplicaServer) -> None:
    fetch(replica_day0, "/tztg/index.html?x=1")
    status, log = control(replica_day0, "GET", "requests")
    assert status == 200
    assert log == replica_day0.requests[:1]
    assert log[0] | {"user_agent": ""} == {
        "host": MOST,
        "path": "/tztg/index.html?x=1",
        "method": "GET",
        "status": 200,
        "user_agent": "",
        "day": 0,
        "fault": None,
    }
    replica_day0.clear_requests()
    assert replica_day0.requests == []


def test_a_server_binds_a_free_port_and_stops() -> None:
    with ReplicaServer(port=0, day=1) as server:
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert fetch(server, "/__replica__/day").body == b'{\n "day": 1\n}'
    with pytest.raises(ConnectionRefusedError):
        fetch(server, "/__replica__/day")


def test_python_m_replica_explains_itself() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "replica", "--help"], capture_output=True, text=True, check=True
    )
    assert "--port" in done.stdout and "--day" in done.stdout
