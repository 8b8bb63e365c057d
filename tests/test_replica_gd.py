"""The Guangdong replica over HTTP: NFCMS lists and pages, gkmlpt, the UA rule, the timeline."""

from __future__ import annotations

import http.client
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector, SelectorList

from replica.corpus.model import ADDED, REVISED
from replica.server import ReplicaServer
from replica.sites import guangdong
from replica.sites._gd_columns import GD_GKMLPT, GD_QBWJ, GDMPA_GZWJ, GDMPA_YLQX, LIST_FOLDERS

PORTAL = "www.gd.gov.cn"
MPA = "mpa.gd.gov.cn"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
NFCMS = (GD_QBWJ, GDMPA_GZWJ, GDMPA_YLQX)
PAGE_SIZE = 20
API_PAGE_SIZE = 100
ROW_LINKS = "div.viewList ul li span.name > a"
CHINA = ZoneInfo("Asia/Shanghai")


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

    def json(self) -> Any:
        return json.loads(self.text)


@pytest.fixture
def site(replica_day0: ReplicaServer) -> Iterator[ReplicaServer]:
    """The replica at day 0; faults and the day are put back afterwards."""
    yield replica_day0
    replica_day0.faults.clear()
    replica_day0.set_day(0)


def fetch(
    server: ReplicaServer, path: str, *, host: str = PORTAL, agent: str = BROWSER, **headers: str
) -> Fetched:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, "User-Agent": agent, **headers})
        response = connection.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        connection.close()


def list_path(source: str, page: int) -> str:
    return LIST_FOLDERS[source] + ("index.html" if page == 0 else f"index_{page + 1}.html")


def api_path(page: int, sid: str = "2") -> str:
    return f"/gkmlpt/api/all/5?page={page}&sid={sid}"


def host_of(source: str) -> str:
    return PORTAL if source == GD_QBWJ else MPA


# NFCMS lists and pages


@pytest.mark.parametrize("source", NFCMS)
def test_lists_page_from_index_2_and_end_in_a_404(site: ReplicaServer, source: str) -> None:
    docs = guangdong.documents(source, 0)
    pages = math.ceil(len(docs) / PAGE_SIZE)
    hrefs = []
    for page in range(pages):
        found = fetch(site, list_path(source, page), host=host_of(source))
        assert found.status == 200
        assert found.headers["Content-Type"] == "text/html; charset=utf-8"
        hrefs += found.css(ROW_LINKS).xpath("@href").getall()
        next_link = found.css("div.page a.next::attr(href)").get()
        assert (next_link is not None) == (page + 1 < pages)
    assert hrefs == [doc.url for doc in docs]
    assert fetch(site, list_path(source, pages), host=host_of(source)).status == 404
    assert fetch(site, LIST_FOLDERS[source] + "index_1.html", host=host_of(source)).status == 404


def test_a_list_row_has_name_wenhao_and_date_spans(site: ReplicaServer) -> None:
    doc = guangdong.documents(GD_QBWJ, 0)[0]
    row = fetch(site, list_path(GD_QBWJ, 0)).css("div.viewList ul li")[1]
    assert row.css("span.name > a::text").get() == doc.title
    assert row.css("span.wh::text").get() == doc.listed_wenhao
    assert row.css("span.date::text").get() == f"{doc.published:%Y-%m-%d}"


@pytest.mark.parametrize("source", NFCMS)
def test_a_client_without_a_browser_user_agent_gets_an_empty_list(
    site: ReplicaServer, source: str
) -> None:
    found = fetch(site, list_path(source, 0), host=host_of(source), agent="python-requests/2.32")
    assert found.status == 200
    assert found.css("div.viewList") and not found.css(ROW_LINKS)


def test_a_detail_page_has_the_introduce_block_body_attachments_and_furniture(
    site: ReplicaServer,
) -> None:
    doc = next(d for d in guangdong.documents(GD_QBWJ, 0) if d.attachments and d.wenhao)
    found = fetch(site, doc.path)
    assert found.status == 200
    labels = found.css("div.introduce div.col label::text").getall()
    assert labels == [
        "索引号：",
        "分类：",
        "发布机构：",
        "成文日期：",
        "标题：",
        "文号：",
        "发布日期：",
    ]
    values = dict(zip(labels, found.css("div.introduce div.col span::text").getall(), strict=True))
    assert values["标题："] == doc.title and values["文号："] == doc.wenhao
    assert (
        values["索引号："] == doc.index_no and values["发布日期："] == f"{doc.published:%Y-%m-%d}"
    )
    assert found.css("div.viewList.left > div.zw p::text").get() == doc.paragraphs[0]
    links = found.css("div.zw a::attr(href)").getall()
    assert links == [f"https://{PORTAL}{item.path}" for item in doc.attachments]
    assert "分享到" in found.text and "扫一扫在手机打开当前页" in found.text
    assert "网站标识码：4400000064" in found.text and "相关文件" in found.text
    for item in doc.attachments:
        attached = fetch(site, item.path)
        assert attached.status == 200 and attached.headers["Content-Type"] == item.media_type


def test_a_detail_page_answers_only_under_its_own_folder(site: ReplicaServer) -> None:
    doc = guangdong.documents(GD_QBWJ, 0)[0]
    wrong = doc.path.replace(f"/{doc.folder}/", "/yfh/" if doc.folder != "yfh" else "/yf/")
    assert fetch(site, wrong).status == 404
    assert fetch(site, doc.path, host=MPA).status == 404
    assert fetch(site, "/attachment/0/1/1234/5678.pdf").status == 404


# gkmlpt


def test_the_gkmlpt_index_holds_the_sid(site: ReplicaServer) -> None:
    found = fetch(site, "/gkmlpt/index")
    assert found.status == 200
    assert "window._CONFIG = {\n    SID: '2'," in found.text


def test_the_api_pages_a_hundred_articles_and_then_answers_an_empty_page(
    site: ReplicaServer,
) -> None:
    docs = guangdong.documents(GD_GKMLPT, 0)
    pages = math.ceil(len(docs) / API_PAGE_SIZE)
    assert pages == 2
    articles = []
    for page in range(1, pages + 1):
        answer = fetch(site, api_path(page))
        assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
        data = answer.json()
        assert data["classify"]["post_count"] == len(docs)
        articles += data["articles"]
    assert [article["id"] for article in articles] == [doc.id for doc in docs]
    assert [article["url"] for article in articles] == [doc.url for doc in docs]
    past = fetch(site, api_path(pages + 1)).json()
    assert past["articles"] == [] and past["classify"]["post_count"] == len(docs)


def test_an_article_carries_the_fields_the_spiders_read(site: ReplicaServer) -> None:
    docs = guangdong.documents(GD_GKMLPT, 0)
    article = fetch(site, api_path(1)).json()["articles"][0]
    doc = docs[0]
    assert article["title"] == doc.title and article["publisher"] == doc.agency
    assert article["document_number"] == (doc.listed_wenhao or "")
    day = doc.published.replace(hour=0, minute=0, second=0, tzinfo=CHINA)
    assert article["date"] == int(day.timestamp())
    assert article["created_at"] == f"{doc.published:%Y-%m-%d %H:%M:%S}"
    assert article["identifier"] == doc.index_no
    assert set(article) >= {"id", "url", "attachment", "is_abolished", "classify_main"}


@pytest.mark.parametrize(
    ("path", "agent"),
    [
        (api_path(1, sid="755031"), BROWSER),
        ("/gkmlpt/api/all/0?page=1&sid=2", BROWSER),
        (api_path(1), "curl/8.5"),
    ],
)
def test_the_api_lists_nothing_for_another_sid_catalog_or_a_bot(
    site: ReplicaServer, path: str, agent: str
) -> None:
    answer = fetch(site, path, agent=agent).json()
    assert answer["articles"] == [] and answer["classify"]["post_count"] == 0


def test_gkmlpt_discloses_the_file_library_under_the_same_post_ids(site: ReplicaServer) -> None:
    library = {doc.id: doc for doc in guangdong.documents(GD_QBWJ, 0)}
    disclosed = {doc.id: doc for doc in guangdong.documents(GD_GKMLPT, 0)}
    assert set(library) < set(disclosed)
    doc = library[min(library)]
    mirror = disclosed[doc.id]
    assert (mirror.wenhao, mirror.paragraphs) == (doc.wenhao, doc.paragraphs)
    found = fetch(site, mirror.path)
    assert found.status == 200
    cells = found.css("div.classify td label::text").getall()
    assert cells == [
        "索引号：",
        "分类：",
        "发布机构：",
        "成文日期：",
        "名称：",
        "文号：",
        "发布日期：",
    ]
    assert found.css("div.article-content p::text").get() == doc.paragraphs[0]
    assert fetch(site, mirror.path.replace("/content/", "/content/9/")).status == 404


def test_some_older_gkmlpt_documents_are_abolished() -> None:
    abolished = [doc for doc in guangdong.documents(GD_GKMLPT, 0) if doc.abolished]
    assert len(abolished) == 4
    assert all(doc.wenhao and doc.published.year < 2023 for doc in abolished)


# The corpus


@pytest.mark.parametrize(
    ("source", "share"),
    [(GD_QBWJ, 0.4), (GD_GKMLPT, 0.4), (GDMPA_GZWJ, 0.7), (GDMPA_YLQX, 0.7)],
)
def test_each_source_is_large_enough_and_medical_in_its_share(source: str, share: float) -> None:
    docs = guangdong.documents(source, 0)
    assert len(docs) >= 18
    assert abs(sum(doc.medical for doc in docs) / len(docs) - share) < 0.05
    assert len({doc.title for doc in docs}) == len(docs)
    assert all(2021 <= doc.published.year <= 2026 for doc in docs)


def test_the_seed_plan_is_in_the_library_and_reposted_by_the_drug_administration() -> None:
    [library] = [doc for doc in guangdong.documents(GD_QBWJ, 0) if doc.seed]
    [repost] = [doc for doc in guangdong.documents(GDMPA_GZWJ, 0) if doc.seed]
    assert library.wenhao == repost.wenhao == "粤办函〔2021〕366号"
    assert repost.paragraphs[1:-1] == library.paragraphs
    assert "转载" in repost.paragraphs[0] and "来源" in repost.paragraphs[-1]


def test_a_generated_medical_notice_is_reposted_with_its_wenhao() -> None:
    library = {doc.wenhao: doc for doc in guangdong.documents(GD_QBWJ, 0) if doc.seed is None}
    reposts = [
        doc
        for doc in guangdong.documents(GDMPA_GZWJ, 0)
        if doc.seed is None and doc.wenhao in library
    ]
    [repost] = reposts
    original = library[repost.wenhao]
    assert repost.medical and repost.title == original.title
    assert repost.paragraphs[1:-1] == original.paragraphs


def test_wenhao_are_unique_but_for_reposts_and_some_rows_use_other_brackets() -> None:
    listed = [doc for source in NFCMS for doc in guangdong.documents(source, 0) if doc.wenhao]
    assert len({doc.wenhao for doc in listed}) == len(listed) - 2
    assert any(doc.listed_wenhao != doc.wenhao for doc in listed)


# The timeline


def _changed(day: int, source: str, kind: str) -> list[int]:
    return [c.doc_id for c in guangdong.changes(day) if c.column == source and c.kind == kind]


def test_day_one_adds_to_every_source_and_revises_three_pages(site: ReplicaServer) -> None:
    for source in (GD_QBWJ, GD_GKMLPT, GDMPA_GZWJ, GDMPA_YLQX):
        added = _changed(1, source, ADDED)
        assert 1 <= len(added) <= 2
        assert {doc.id for doc in guangdong.documents(source, 1)[: len(added)]} == set(added)
    revised = [(c.column, c.doc_id) for c in guangdong.changes(1) if c.kind == REVISED]
    assert [source for source, _ in revised] == [GD_QBWJ, GD_GKMLPT, GDMPA_GZWJ]
    site.set_day(1)
    for source, doc_id in revised:
        before = guangdong.document(source, doc_id, 0)
        after = guangdong.document(source, doc_id, 1)
        assert before is not None and after is not None
        assert after.title != before.title and "2026年修订" in after.title
        assert after.paragraphs != before.paragraphs and after.published == before.published
        page = fetch(site, after.path, host=after.host)
        assert after.title in page.text and before.title not in page.text


def test_the_list_shows_the_new_title_of_the_revised_document(site: ReplicaServer) -> None:
    [doc_id] = _changed(1, GD_QBWJ, REVISED)
    site.set_day(1)
    titles = fetch(site, list_path(GD_QBWJ, 0)).css(ROW_LINKS + "::text").getall()
    revised = guangdong.document(GD_QBWJ, doc_id, 1)
    assert revised is not None and revised.title in titles
    [article] = [a for a in fetch(site, api_path(1)).json()["articles"] if a["id"] == doc_id]
    assert article["title"] == revised.title


def test_later_days_add_one_document_and_days_after_three_equal_day_three() -> None:
    assert [(c.column, c.kind) for c in guangdong.changes(2)] == [
        (GD_QBWJ, ADDED),
        (GD_GKMLPT, ADDED),
    ]
    assert [(c.column, c.kind) for c in guangdong.changes(3)] == [(GDMPA_GZWJ, ADDED)]
    assert guangdong.changes(4) == ()
    for source in (GD_QBWJ, GD_GKMLPT, GDMPA_GZWJ, GDMPA_YLQX):
        assert guangdong.documents(source, 7) == guangdong.documents(source, guangdong.LAST_DAY)


def test_list_pages_carry_validators_and_answer_304(site: ReplicaServer) -> None:
    first = fetch(site, list_path(GD_QBWJ, 0))
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert fetch(site, list_path(GD_QBWJ, 0), **{"If-None-Match": etag}).status == 304
    site.set_day(1)
    assert fetch(site, list_path(GD_QBWJ, 0), **{"If-None-Match": etag}).status == 200


# Faults


@pytest.mark.parametrize("kind", ["empty_list", "layout_changed"])
def test_list_faults_leave_no_rows_where_the_spiders_look(site: ReplicaServer, kind: str) -> None:
    site.faults.add(PORTAL, "/", kind)
    assert not fetch(site, list_path(GD_QBWJ, 0)).css(ROW_LINKS)
    assert not fetch(site, api_path(1)).json().get("articles")
