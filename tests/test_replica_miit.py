"""The MIIT replica over HTTP: shells, the unit and search APIs, articles, timeline, UA check."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector

from crawler.platforms.jpaas import unit_query
from replica.corpus.model import ADDED, REVISED, Document
from replica.server import ReplicaServer
from replica.sites import _miit_corpus as miit
from replica.sites._miit_api import SEARCH_PATH, UNIT_PATH
from replica.sites._miit_columns import (
    COLUMNS,
    MIIT_TZ,
    MIIT_ZBYS,
    MIIT_ZCJD,
    SOURCES,
    TPL_SET_ID,
    UNIT_TAG,
    WEB_ID,
)
from replica.words import words
from storage.identity import normalize_wenhao

WORDS = words("miit")

HOST = "www.miit.gov.cn"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHINA = ZoneInfo("Asia/Shanghai")
COLUMN_OF = {column.source: column for column in COLUMNS.values() if column.source}
UNIT_SOURCES = (MIIT_TZ, MIIT_ZBYS, MIIT_ZCJD)


def fetch(server: ReplicaServer, path: str, *, user_agent: str = BROWSER) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": HOST, "User-Agent": user_agent})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def unit_path(source: str, page: int = 1, **extra: str) -> str:
    query = {
        "webId": WEB_ID,
        "pageId": COLUMN_OF[source].page_id or "",
        "tplSetId": TPL_SET_ID,
        "pageType": "column",
        "tagId": UNIT_TAG,
        "editType": "null",
        "parseType": "buildstatic",
    }
    if page > 1:
        query["paramJson"] = json.dumps({"pageNo": page, "pageSize": "24"})
    return f"{UNIT_PATH}?{urlencode(query | extra)}"


def search_path(page: int = 1, **extra: str) -> str:
    query = {"websiteid": "110000000000000", "scope": "basic", "q": "", "pg": "10", "p": str(page)}
    return f"{SEARCH_PATH}?{urlencode(query | {'cateid': '196'} | extra)}"


def unit(server: ReplicaServer, source: str, page: int = 1) -> tuple[dict[str, Any], Selector]:
    status, body = fetch(server, unit_path(source, page))
    assert status == 200
    payload = json.loads(body)
    return payload, Selector(text=payload["data"]["html"])


def search(server: ReplicaServer, page: int = 1, **extra: str) -> dict[str, Any]:
    status, body = fetch(server, search_path(page, **extra))
    assert status == 200
    return json.loads(body)


def unit_pages(server: ReplicaServer, source: str) -> Iterator[Selector]:
    page = 1
    while True:
        _, fragment = unit(server, source, page)
        pager = fragment.css("div.pagination")
        yield fragment
        if page * int(pager.attrib["rows"]) >= int(pager.attrib["count"]):
            return
        page += 1


@pytest.mark.parametrize("source", UNIT_SOURCES)
def test_column_pages_are_shells_that_name_their_unit(
    replica_day0: ReplicaServer, source: str
) -> None:
    column = COLUMN_OF[source]
    for path in (column.folder, column.folder + "index.html"):
        status, body = fetch(replica_day0, path)
        html = body.decode()
        assert status == 200 and "/art/" not in html
        script = Selector(text=html).css("script[querydata]")
        querydata = json.loads(script.attrib["querydata"].replace("'", '"'))
        assert querydata["pageId"] == column.page_id and querydata["tagId"] == UNIT_TAG
        assert script.attrib["parsetype"] == "buildstatic" and script.attrib["url"] == UNIT_PATH


@pytest.mark.parametrize(
    "path",
    [
        "/zwgk/zcwj/wjfb/tz/index.html",
        unit_path(MIIT_TZ),
        search_path(),
        miit.documents(MIIT_TZ, 0)[0].path,
    ],
)
def test_a_client_without_a_browser_user_agent_gets_403(
    replica_day0: ReplicaServer, path: str
) -> None:
    assert fetch(replica_day0, path, user_agent="python-requests/2.32")[0] == 403
    assert fetch(replica_day0, path, user_agent="")[0] == 403
    assert fetch(replica_day0, path)[0] == 200


@pytest.mark.parametrize("source", UNIT_SOURCES)
def test_unit_pages_list_every_document_once_newest_first(
    replica_day0: ReplicaServer, source: str
) -> None:
    expected = miit.documents(source, 0)
    listed: list[tuple[str, str, str]] = []
    for number, fragment in enumerate(unit_pages(replica_day0, source), 1):
        pager = fragment.css("div.pagination")
        assert (pager.attrib["count"], pager.attrib["rows"]) == (str(len(expected)), "24")
        assert pager.attrib["pageno"] == str(number)
        rows = fragment.css("div.page-content ul li.cf")
        assert 0 < len(rows) <= 24
        for row in rows:
            link = row.css("a.fl")
            text = link.css("::text").get() or ""
            assert text == link.attrib["title"] or text.endswith("…")
            listed.append(
                (link.attrib["href"], link.attrib["title"], row.css("span.fr::text").get())
            )
    assert listed == [(doc.path, doc.title, f"{doc.published:%Y-%m-%d}") for doc in expected]
    assert len(expected) >= 20


def test_tz_spans_several_api_pages_and_past_the_end_the_list_is_empty(
    replica_day0: ReplicaServer,
) -> None:
    assert len(list(unit_pages(replica_day0, MIIT_TZ))) >= 2
    payload, fragment = unit(replica_day0, MIIT_TZ, 40)
    assert payload["success"] is True and payload["code"] == "200"
    assert not fragment.css("li.cf") and fragment.css("div.pagination").attrib["pageno"] == "40"


def test_the_unit_api_refuses_unknown_units_and_bad_paging(replica_day0: ReplicaServer) -> None:
    for path in (
        unit_path(MIIT_TZ, pageId="0" * 32),
        unit_path(MIIT_TZ, webId="0" * 32),
        unit_path(MIIT_TZ, paramJson="{pageNo"),
    ):
        status, body = fetch(replica_day0, path)
        assert status == 200 and json.loads(body)["success"] is False


def test_search_pages_cover_the_policy_library(replica_day0: ReplicaServer) -> None:
    groups = miit.library(0)
    seen: list[dict[str, Any]] = []
    page = 1
    while len(seen) < len(groups):
        result = search(replica_day0, page)["data"]["searchResult"]
        assert result["totalCount"] == len(groups) and 0 < len(result["dataResults"]) <= 10
        seen += result["dataResults"]
        page += 1
    assert [entry["groupData"][0]["data"]["url"] for entry in seen] == [g[0].path for g in groups]
    for entry, group in zip(seen, groups, strict=True):
        record, doc = entry["groupData"][0]["data"], group[0]
        deployed = datetime.fromtimestamp(int(record["deploytime"]) / 1000, CHINA)
        assert deployed.strftime("%Y-%m-%d") == record["jsearch_date"]
        assert record["title"] == doc.title and record["publishgroupname"] == doc.source
        assert normalize_wenhao(record["filenumbername"]) == normalize_wenhao(doc.wenhao)
    assert any("〔" not in entry["groupData"][0]["data"]["filenumbername"] for entry in seen)
    [repost] = [entry for entry in seen if len(entry["groupData"]) > 1]
    first, second = (member["data"] for member in repost["groupData"])
    assert second["url"].startswith("/jgsj/zbys/wjfb/art/")
    assert normalize_wenhao(first["filenumbername"]) == normalize_wenhao(second["filenumbername"])
    past = search(replica_day0, page + 5)["data"]["searchResult"]
    assert past["dataResults"] == [] and past["totalCount"] == len(groups)


def test_search_categories_and_keywords_narrow_the_results(replica_day0: ReplicaServer) -> None:
    library = search(replica_day0, pg="100")["data"]["searchResult"]
    wjfb = search(replica_day0, pg="100", cateid="58")["data"]["searchResult"]
    urls = [entry["groupData"][0]["data"]["url"] for entry in wjfb["dataResults"]]
    assert 0 < wjfb["totalCount"] < library["totalCount"]
    assert all(url.startswith("/zwgk/zcwj/wjfb/") for url in urls)
    assert search(replica_day0, cateid="1")["data"]["searchResult"]["totalCount"] == 0
    medical = search(replica_day0, pg="100", q="医疗装备")["data"]["searchResult"]["dataResults"]
    assert medical and all("医疗装备" in e["groupData"][0]["data"]["title"] for e in medical)
    status, body = fetch(replica_day0, f"{SEARCH_PATH}?q=&p=1")
    assert status == 200 and json.loads(body)["success"] is False


def _article(server: ReplicaServer, doc: Document) -> Selector:
    status, body = fetch(server, doc.path)
    assert status == 200
    return Selector(text=body.decode())


@pytest.mark.parametrize("source", SOURCES)
def test_every_listed_article_and_its_attachments_are_served(
    replica_day0: ReplicaServer, source: str
) -> None:
    for doc in miit.documents(source, 0):
        page = _article(replica_day0, doc)
        assert page.css("h1#con_title::text").get() == doc.title
        assert page.css("#con_time::text").get() == f"发布时间：{doc.published:%Y-%m-%d %H:%M}"
        assert page.css(".cinfo span::text").getall()[1] == f"来源：{doc.source}"
        content = page.css("div#con_con.ccontent")
        assert len(content.css("p")) == len(doc.paragraphs) + len(doc.attachments)
        for attachment in doc.attachments:
            assert content.css(f'a[href="{attachment.path}"]')
            status, body = fetch(replica_day0, attachment.path)
            assert status == 200 and body[:4] in (b"%PDF", b"PK\x03\x04")


def test_an_article_carries_its_own_unitbuild_script_and_a_later_pubdate(
    replica_day0: ReplicaServer,
) -> None:
    doc = miit.documents(MIIT_TZ, 0)[0]
    _, body = fetch(replica_day0, doc.path)
    page = Selector(text=body.decode())
    [script] = page.css("script[querydata][url]")
    assert json.loads(script.attrib["querydata"])["pageType"] == "article"
    assert unit_query(body.decode()) is None
    pub_date = page.css("meta[name=PubDate]::attr(content)").get() or ""
    assert pub_date > f"{doc.published:%Y-%m-%d %H:%M}"


def test_unknown_pages_are_404(replica_day0: ReplicaServer) -> None:
    doc = miit.documents(MIIT_TZ, 0)[0]
    for path in (
        doc.path.replace(doc.id, "0" * 32),
        doc.path.replace("/tz/", "/gg/"),
        "/zwgk/zcwj/wjfb/yj/index.html",
        "/cms_files/filemanager/1226211233/attach/20261/missing.pdf",
    ):
        assert fetch(replica_day0, path)[0] == 404


def test_the_corpus_mixes_medical_and_unrelated_documents_with_a_seed_and_a_repost() -> None:
    for source in SOURCES:
        listed = miit.documents(source, 0)
        share = sum(doc.medical for doc in listed) / len(listed)
        assert len(listed) >= 20 and 0.3 <= share <= 0.5
        assert all(2021 <= doc.published.year <= 2026 for doc in listed)
    assert {doc.seed for doc in miit.documents(MIIT_ZCJD, 0)} >= {"002", "004"}
    [repost] = [doc for doc in miit.documents(MIIT_ZBYS, 0) if doc.repost_of]
    [original] = [doc for doc in miit.documents(MIIT_TZ, 0) if doc.id == repost.repost_of]
    assert original.medical and repost.wenhao == original.wenhao
    assert repost.paragraphs == original.paragraphs and repost.path != original.path


def test_day_one_adds_to_every_source_and_revises_a_document_on_the_first_pages(
    replica_day0: ReplicaServer,
) -> None:
    changes = miit.changes(1)
    [revised] = [change for change in changes if change.kind == REVISED]
    for source in SOURCES:
        before = {doc.id for doc in miit.documents(source, 0)}
        after = miit.documents(source, 1)
        added = [doc for doc in after if doc.id not in before]
        assert 1 <= len(added) <= 2 and added == after[: len(added)]
    assert all(change.kind == ADDED for change in changes if change.doc_id != revised.doc_id)
    new = miit.timeline().at_path(
        next(d.path for d in miit.documents(MIIT_TZ, 1) if d.id == revised.doc_id), 1
    )
    assert new is not None and new.version == 2 and "修订" in new.title
    replica_day0.set_day(1)
    try:
        _, fragment = unit(replica_day0, MIIT_TZ)
        assert new.title in fragment.css("a.fl::attr(title)").getall()
        first = search(replica_day0)["data"]["searchResult"]["dataResults"]
        assert new.title in [entry["groupData"][0]["data"]["title"] for entry in first]
        assert WORDS.revised_clause in "".join(
            _article(replica_day0, new).css("#con_con ::text").getall()
        )
    finally:
        replica_day0.set_day(0)
    assert WORDS.revised_clause not in "".join(
        _article(replica_day0, new).css("#con_con ::text").getall()
    )


def test_days_after_the_last_repeat_it() -> None:
    for source in SOURCES:
        assert miit.documents(source, 9) == miit.documents(source, miit.LAST_DAY)
    assert miit.changes(9) == () and miit.changes(0) == ()


def test_list_faults_empty_or_reshape_the_api_answers(replica_day0: ReplicaServer) -> None:
    try:
        replica_day0.faults.add(HOST, UNIT_PATH, "empty_list")
        replica_day0.faults.add(HOST, SEARCH_PATH, "empty_list")
        payload, fragment = unit(replica_day0, MIIT_TZ)
        assert payload["success"] and not fragment.css("li.cf")
        assert search(replica_day0)["data"]["searchResult"]["dataResults"] == []
        replica_day0.faults.clear()
        replica_day0.faults.add(HOST, UNIT_PATH, "layout_changed")
        replica_day0.faults.add(HOST, SEARCH_PATH, "layout_changed")
        _, fragment = unit(replica_day0, MIIT_TZ)
        assert not fragment.css("div.page-content li.cf") and len(fragment.css("dl dd a")) == 24
        assert "dataResults" not in search(replica_day0)["data"]["searchResult"]
    finally:
        replica_day0.faults.clear()
