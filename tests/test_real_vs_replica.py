"""The replica serves what the real sites serve: one spider reads the same kinds of fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields

import pytest
import scrapy
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.items import PolicyItem
from crawler.listing import LISTING, ListingRow
from crawler.platforms.base import PolicySpider
from crawler.platforms.gkmlpt import GkmlptSpider
from crawler.platforms.jpaas import JPaaSUnitSpider
from crawler.spider_loader import source_spider
from replica.server import ReplicaServer
from tests.support.pages import FILES
from tests.support.replica import replica_response

GdGkmlptSpider = source_spider("gd_gkmlpt")
GovcnZcwjkSpider = source_spider("govcn_zcwjk")
MiitTzSpider = source_spider("miit_tz")
MiitZcjdSpider = source_spider("miit_zcjd")
MostGfxwjSpider = source_spider("most_gfxwj")
NhcGfxwjSpider = source_spider("nhc_gfxwj")
NmpaYlqxggtgSpider = source_spider("nmpa_ylqxggtg")

DETAIL_FIELDS = (
    "title", "html", "published_at", "written_on", "wenhao", "issuer", "index_no", "attachments",
)  # fmt: skip
DETAILS_TRIED = 15
PER_DOCUMENT = frozenset({"wenhao", "attachments", "index_no"})
"""Fields a page has or not by what the document is, not by the site's layout (gov.cn shows a
索引号 for 国务院文件 only)."""
PAGER = "pages"

RowsReader = Callable[[ReplicaServer, PolicySpider], TextResponse]


def list_page(server: ReplicaServer, spider: PolicySpider) -> TextResponse:
    """The first list page of a column whose list URL is the list itself (TRS, NHC)."""
    return replica_response(server, spider.list_url, page=0)


def search_page(server: ReplicaServer, spider: PolicySpider) -> TextResponse:
    assert isinstance(spider, GovcnZcwjkSpider)
    return _follow(server, [spider.list_request(0)])


def unit_page(server: ReplicaServer, spider: PolicySpider) -> TextResponse:
    assert isinstance(spider, JPaaSUnitSpider)
    shell = replica_response(server, spider.list_url)
    return _follow(server, spider.parse_shell(shell))


def gkmlpt_page(server: ReplicaServer, spider: PolicySpider) -> TextResponse:
    assert isinstance(spider, GkmlptSpider)
    index = replica_response(server, spider.index_url, page=0)
    return _follow(server, spider.parse_index(index))


def _follow(server: ReplicaServer, requests: Iterable[scrapy.Request]) -> TextResponse:
    [request] = list(requests)
    headers = {key.decode(): value[0].decode() for key, value in request.headers.items()}
    return replica_response(server, request.url, headers, **request.meta)


@dataclass(frozen=True)
class Site:
    name: str
    spider: type[PolicySpider]
    real_list: tuple[str, str] | None
    real_detail: tuple[str, str] | None
    replica_list: RowsReader
    detail_spider: type[PolicySpider] | None = None
    trimmed: frozenset[str] = frozenset()
    """Row fields (or its pager, `pages`) the saved sample lost upstream, as its header says."""


SITES = [
    Site(
        "nhc",
        NhcGfxwjSpider,
        ("nhc_list.html", "https://www.nhc.gov.cn/fzs/c100048/new_list.shtml"),
        (
            "nhc_detail.html",
            "https://www.nhc.gov.cn/fzs/c100048/202607/b774a0e2dc8f46b38eb21c01de26c35e.shtml",
        ),
        list_page,
    ),
    Site(
        "nmpa",
        NmpaYlqxggtgSpider,
        ("nmpa_list.html", "https://www.nmpa.gov.cn/xxgk/fgwj/gzwj/gzwjyp/index.html"),
        ("nmpa_detail.html", "https://www.nmpa.gov.cn/xxgk/zhcjd/zhcjdhzhp/20260729120327100.html"),
        list_page,
        trimmed=frozenset({PAGER}),
    ),
    Site(
        "govcn",
        GovcnZcwjkSpider,
        ("govcn_search_api.json", "https://sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary&n=5"),
        (
            "govcn_zhengceku_detail.html",
            "https://www.gov.cn/zhengce/zhengceku/202609/content_7082302.htm",
        ),
        search_page,
    ),
    Site(
        "most",
        MostGfxwjSpider,
        None,
        (
            "most_detail.html",
            "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/gfxwj2026/202602/"
            "t20260228_195992.html",
        ),
        list_page,
    ),
    Site(
        "miit",
        MiitTzSpider,
        (
            "zhejiang_jpaas_unit_api.json",
            "https://fzggw.zj.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit",
        ),
        (
            "miit_zcjd_detail.html",
            "https://www.miit.gov.cn/zwgk/zcjd/art/2026/art_ef24128ee7304a63b6777d7023631e94.html",
        ),
        unit_page,
        detail_spider=MiitZcjdSpider,
    ),
    Site(
        "gkmlpt",
        GdGkmlptSpider,
        (
            "gkmlpt_api.json",
            "https://www.zhaoqing.gov.cn/zqhjj/gkmlpt/api/all/21023?page=1&sid=758019",
        ),
        None,
        gkmlpt_page,
        trimmed=frozenset({"wenhao"}),
    ),
]
WITH_LISTS = [site for site in SITES if site.real_list]
WITH_DETAILS = [site for site in SITES if site.real_detail]


def _real(file: str, url: str, **meta: object) -> TextResponse:
    kind = TextResponse if file.endswith(".json") else HtmlResponse
    body = (FILES / "real" / file).read_bytes()
    return kind(url=url, body=body, encoding="utf-8", request=Request(url, meta=meta))


def row_kinds(rows: list[ListingRow]) -> set[str]:
    """The row fields that some row of a list page fills."""
    return {
        field.name
        for field in fields(ListingRow)
        if field.name != "stored_fingerprint" and any(getattr(row, field.name) for row in rows)
    }


def item_kinds(item: PolicyItem) -> set[str]:
    """The fields a detail page fills (its body as HTML: a page may hold only images)."""
    return {name for name in DETAIL_FIELDS if getattr(item, name)}


def _detail(spider: PolicySpider, response: TextResponse) -> PolicyItem:
    [item] = spider.parse_detail(response)
    return item


@pytest.mark.parametrize("site", WITH_LISTS, ids=[site.name for site in WITH_LISTS])
def test_list_rows_of_the_replica_are_the_real_ones(
    replica_day0: ReplicaServer, site: Site
) -> None:
    assert site.real_list is not None
    spider = site.spider()
    real = _real(*site.real_list, page=0)
    copied = site.replica_list(replica_day0, spider)
    real_rows, copied_rows = list(spider.parse_rows(real)), list(spider.parse_rows(copied))
    assert real_rows and copied_rows
    assert row_kinds(real_rows) == row_kinds(copied_rows) - site.trimmed
    if PAGER not in site.trimmed:
        assert spider.page_total(real) is not None
        assert site.spider().page_total(copied) is not None


@pytest.mark.parametrize("site", WITH_DETAILS, ids=[site.name for site in WITH_DETAILS])
def test_detail_pages_of_the_replica_are_the_real_ones(
    replica_day0: ReplicaServer, site: Site
) -> None:
    assert site.real_detail is not None
    spider = (site.detail_spider or site.spider)()
    file, url = site.real_detail
    real = _detail(spider, _real(file, url, **{LISTING: ListingRow(url=url, title="")}))
    listing = site.spider()
    rows = list(listing.parse_rows(site.replica_list(replica_day0, listing)))
    copied = [
        _detail(
            spider, replica_response(replica_day0, row.url, **{LISTING: ListingRow(row.url, "")})
        )
        for row in rows[:DETAILS_TRIED]
    ]
    assert {frozenset(item_kinds(item) - PER_DOCUMENT) for item in copied} == {
        frozenset(item_kinds(real) - PER_DOCUMENT)
    }
    for name in item_kinds(real) & PER_DOCUMENT:
        assert any(getattr(item, name) for item in copied), f"no replica page has {name}"
