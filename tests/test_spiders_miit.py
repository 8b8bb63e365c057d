"""MIIT spiders on saved pages: the column shell, unit and search API rows, article fields."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from scrapy import Request

from crawler.listing import LIST_PAGE, LISTING, NEXT_PAGE, ListingRow
from crawler.platforms.jpaas import JPaaSUnitSpider, unit_query
from crawler.platforms.miit_search import LibraryRow
from crawler.spider_loader import source_spider
from storage.identity import normalize_wenhao
from tests.support.pages import saved_response

MiitSearchSpider = source_spider("miit_search")
MiitTzSpider = source_spider("miit_tz")
MiitZbysSpider = source_spider("miit_zbys")
MiitZcjdSpider = source_spider("miit_zcjd")

SITE = "https://www.miit.gov.cn"
UNIT_API = SITE + "/api-gateway/jpaas-publish-server/front/page/build/unit"
TZ_PAGE_ID = "3e3ad1a3bec74939890a0d3e54815141"
ARTICLE = re.compile(r"https://www\.miit\.gov\.cn/[a-z/]+/art/20\d\d/art_[0-9a-f]{32}\.html")
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = (
    "分享到",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "当前位置",
    "网站标识码",
    "字号",
    "相关链接",
)


def _unit_url(page_id: str) -> str:
    return (
        f"{UNIT_API}?webId=8d828e408d90447786ddbe128d495e9e&pageId={page_id}"
        "&tplSetId=209741b2109044b5b7695700b2bec37e&pageType=column&tagId=右侧内容"
        "&editType=null&parseType=buildstatic"
    )


def _shell_read(spider: JPaaSUnitSpider) -> list[Request]:
    response = saved_response("miit_tz_shell.html", spider.list_url)
    return list(spider.parse_shell(response))


def test_the_shell_names_the_unit_api_and_its_parameters() -> None:
    html = saved_response("miit_tz_shell.html", MiitTzSpider.list_url).text
    path, params = unit_query(html) or ("", {})
    assert path == "/api-gateway/jpaas-publish-server/front/page/build/unit"
    assert params == {
        "webId": "8d828e408d90447786ddbe128d495e9e",
        "pageId": TZ_PAGE_ID,
        "tplSetId": "209741b2109044b5b7695700b2bec37e",
        "pageType": "column",
        "tagId": "右侧内容",
        "editType": "null",
        "parseType": "buildstatic",
    }


def test_after_the_shell_come_api_calls_marked_as_list_pages() -> None:
    spider = MiitTzSpider()
    [first] = _shell_read(spider)
    second = spider.list_request(1)
    assert first.url.startswith(UNIT_API + "?webId=")
    assert first.meta[LIST_PAGE] and not first.meta[NEXT_PAGE]
    assert "paramJson" not in parse_qs(urlsplit(first.url).query)
    assert second.meta[LIST_PAGE] and second.meta[NEXT_PAGE]
    query = parse_qs(urlsplit(second.url).query)
    assert json.loads(query["paramJson"][0]) == {"pageNo": 2, "pageSize": "24"}
    assert query["tagId"] == ["右侧内容"] and query["pageId"] == [TZ_PAGE_ID]
    assert second.headers[b"Referer"] == MiitTzSpider.list_url.encode()


def test_a_shell_without_the_unitbuild_script_is_not_read() -> None:
    assert unit_query("<html><body><script src='/a.js'></script></body></html>") is None


def test_tz_api_rows_carry_full_titles_and_dates() -> None:
    response = saved_response("miit_tz_list.json", _unit_url(TZ_PAGE_ID))
    spider = MiitTzSpider()
    rows = list(spider.parse_rows(response))
    assert len(rows) == 24
    assert all(ARTICLE.fullmatch(row.url) and "/zwgk/zcwj/wjfb/tz/art/" in row.url for row in rows)
    assert all(re.fullmatch(r"20\d\d-\d\d-\d\d", row.date or "") for row in rows)
    assert not any(row.title.endswith("…") for row in rows)
    assert any(len(row.title) > 34 for row in rows)
    assert spider.page_total(response) == 3


@pytest.mark.parametrize(
    ("spider_class", "fixture", "rows", "pages"),
    [
        (MiitZbysSpider, "miit_zbys_list.json", 24, 2),
        (MiitZcjdSpider, "miit_zcjd_list.json", 22, 1),
    ],
)
def test_other_columns_read_the_same_unit_markup(
    spider_class: type[JPaaSUnitSpider], fixture: str, rows: int, pages: int
) -> None:
    response = saved_response(fixture, _unit_url("x"))
    spider = spider_class()
    found = list(spider.parse_rows(response))
    assert len(found) == rows
    assert all(ARTICLE.fullmatch(row.url) for row in found)
    assert spider.page_total(response) == pages


def test_search_rows_take_the_first_of_each_group_with_wenhao_and_agency() -> None:
    url = MiitSearchSpider.list_url.replace("&p=1&", "&p=2&")
    response = saved_response("miit_search_list.json", url)
    spider = MiitSearchSpider()
    rows = list(spider.parse_rows(response))
    assert len(rows) == 10 and len({row.url for row in rows}) == 10
    assert all(isinstance(row, LibraryRow) and ARTICLE.fullmatch(row.url) for row in rows)
    assert all(re.fullmatch(r"20\d\d-\d\d-\d\d", row.date or "") for row in rows)
    assert {row.agency for row in rows} >= {"装备工业一司", "信息通信发展司"}
    assert sum(1 for row in rows if "/jgsj/zbys/" in row.url) >= 3
    variant = [row.wenhao for row in rows if row.wenhao and "〔" not in row.wenhao]
    assert variant and normalize_wenhao(variant[0]) == normalize_wenhao(
        variant[0].replace("（", "〔").replace("）", "〕")
    )
    assert spider.page_total(response) == 7


def test_search_pages_differ_only_in_p() -> None:
    spider = MiitSearchSpider()
    first, third = spider.list_request(0), spider.list_request(2)
    assert first.url == MiitSearchSpider.list_url
    assert third.meta[NEXT_PAGE] and third.meta[LIST_PAGE]
    query = parse_qs(urlsplit(third.url).query)
    assert query["p"] == ["3"] and query["pg"] == ["10"] and query["cateid"] == ["196"]
    assert json.loads(query["sortFields"][0]) == [{"name": "deploytime", "type": "desc"}]
    assert third.headers[b"Referer"] == b"https://www.miit.gov.cn/search/zcwjk.html"


def test_tz_article_fields_and_attachments() -> None:
    url = SITE + "/zwgk/zcwj/wjfb/tz/art/2024/art_10837ec829222cc7418e875b2c29b96c.html"
    title = "工业和信息化部关于印发《智能医疗装备标准化行动方案》的通知"
    row = ListingRow(url=url, title=title[:20] + "…", date="2024-10-17")
    response = saved_response("miit_tz_detail.html", url, **{LISTING: row})
    [item] = list(MiitTzSpider().parse_detail(response))
    assert item.title == title
    assert item.wenhao == "工信部装〔2024〕133号"
    assert (item.issuer, item.department) == ("工业和信息化部", "装备工业一司")
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") == "2024-10-17 18:32"
    assert item.text.startswith("工信部装〔2024〕133号\n各省、自治区")
    assert "智能医疗装备" in item.text
    assert not any(word in item.text for word in FURNITURE)
    attachment = (
        "/cms_files/filemanager/1226211233/attach/202410/8fbe487cd500da833fe083473853d39c.pdf"
    )
    assert [(a.url, a.type) for a in item.attachments] == [(SITE + attachment, "pdf")]
    assert item.attachments[0].name == "附件：智能医疗装备标准化行动方案.pdf"
    assert "<script" not in item.html and "style=" not in item.html


def test_the_department_repost_carries_the_ministry_wenhao() -> None:
    url = SITE + "/jgsj/zbys/wjfb/art/2024/art_92f333a7cc42ea7463f0da33a22a91aa.html"
    row = ListingRow(url=url, title="工业和信息化部关于印发《智能医疗装备标准化行动方案》的通知")
    response = saved_response("miit_zbys_detail.html", url, **{LISTING: row})
    [item] = list(MiitZbysSpider().parse_detail(response))
    assert item.wenhao == "工信部装〔2024〕133号"
    assert (item.issuer, item.department) == ("工业和信息化部", "装备工业一司")
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2024, 10, 18)
    assert item.attachments == []


def test_a_reposted_article_names_its_outlet_and_has_no_wenhao() -> None:
    url = SITE + "/zwgk/zcjd/art/2023/art_34e4cf377a98cdba6ab49acfb3844ec0.html"
    row = ListingRow(url=url, title="优化医疗装备产业创新发展生态", date="2023-12-25")
    response = saved_response("miit_zcjd_detail.html", url, **{LISTING: row})
    [item] = list(MiitZcjdSpider().parse_detail(response))
    assert item.title == "优化医疗装备产业创新发展生态"
    assert (item.issuer, item.department) == ("工业和信息化部", None)
    assert item.wenhao is None
    assert "医疗装备产业是卫生健康事业的重要基础" in item.text
    assert not any(word in item.text for word in FURNITURE)


def test_a_library_article_takes_its_agency_from_the_search_row() -> None:
    url = SITE + "/zwgk/zcwj/wjfb/yj/art/2024/art_f0aab6ffa65b8c7ff6fd35a5a23ef2bf.html"
    row = LibraryRow(
        url=url,
        title="工业和信息化部等五部门关于支持医用设备高质量发展的指导意见",
        date="2024-06-28",
        wenhao="工信部联装[2024]36号",
        agency="装备工业一司",
    )
    response = saved_response("miit_search_detail.html", url, **{LISTING: row})
    [item] = list(MiitSearchSpider().parse_detail(response))
    assert item.title == row.title
    assert normalize_wenhao(item.wenhao) == normalize_wenhao("工信部联装〔2024〕36号")
    assert (item.issuer, item.department, item.index_no) == (
        "工业和信息化部",
        "装备工业一司",
        None,
    )
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2024, 6, 28)
    assert "（一）指导思想" in item.text


def test_a_recheck_without_a_search_row_reads_the_agency_from_the_page() -> None:
    url = SITE + "/zwgk/zcwj/wjfb/yj/art/2024/art_f0aab6ffa65b8c7ff6fd35a5a23ef2bf.html"
    row = ListingRow(url=url, title="stored title", wenhao="工信部联装〔2024〕36号")
    response = saved_response("miit_search_detail.html", url, **{LISTING: row})
    [item] = list(MiitSearchSpider().parse_detail(response))
    assert (item.issuer, item.department) == ("工业和信息化部", "装备工业一司")
    assert item.title == "工业和信息化部等五部门关于支持医用设备高质量发展的指导意见"


def test_an_api_failure_yields_no_rows() -> None:
    response = saved_response("miit_tz_list.json", _unit_url("0" * 32))
    failed = response.replace(body=b'{"success":false,"code":"500","message":"x","data":null}')
    assert list(MiitTzSpider().parse_rows(failed)) == []
    assert list(MiitSearchSpider().parse_rows(failed)) == []
    assert MiitTzSpider().page_total(failed) is None
