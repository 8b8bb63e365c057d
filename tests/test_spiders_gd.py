"""Guangdong spiders on saved pages: NFCMS lists and pages, the gkmlpt index, API and pages."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from crawler.items import RESPONSE_FLAGS
from crawler.listing import LISTING, NEXT_PAGE, ListingRow
from crawler.platforms.gkmlpt import ABOLISHED
from crawler.platforms.nfcms import NFCMSSpider
from crawler.spider_loader import source_spider
from tests.support.pages import saved_response

GdGkmlptSpider = source_spider("gd_gkmlpt")
GdQbwjSpider = source_spider("gd_qbwj")
GdmpaGzwjSpider = source_spider("gdmpa_gzwj")
GdmpaYlqxSpider = source_spider("gdmpa_ylqx")

QBWJ = "https://www.gd.gov.cn/zwgk/wjk/qbwj/"
GKMLPT = "https://www.gd.gov.cn/gkmlpt/"
API = GKMLPT + "api/all/5?page=1&sid=2"
GZWJ = "https://mpa.gd.gov.cn/zwgk/gzwj/"
YLQX = "https://mpa.gd.gov.cn/zwgk/zcfg/fgjd/ylqx/"
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = (
    "分享到",
    "扫一扫",
    "【打印】",
    "【关闭】",
    "当前位置",
    "网站标识码",
    "字体",
    "相关文件",
)


def _day(moment: datetime | None) -> date:
    assert moment is not None
    return moment.astimezone(CHINA).date()


# NFCMS lists


@pytest.mark.parametrize(
    ("spider", "page", "rows", "with_wenhao"),
    [
        (GdQbwjSpider, "gd_qbwj_list.html", 20, 20),
        (GdmpaGzwjSpider, "gdmpa_gzwj_list.html", 20, 16),
        (GdmpaYlqxSpider, "gdmpa_ylqx_list.html", 18, 0),
    ],
)
def test_nfcms_list_rows_skip_the_header_row_and_carry_dates_and_wenhao(
    spider: type[NFCMSSpider], page: str, rows: int, with_wenhao: int
) -> None:
    source = spider()
    response = saved_response(page, source.list_url, page=0)
    found = list(source.parse_rows(response))
    folder = source.list_url.removesuffix("index.html")
    assert len(found) == rows
    assert all(row.url.startswith(folder) and "/content/post_" in row.url for row in found)
    assert all(row.date and len(row.date) == 10 and row.date[:2] == "20" for row in found)
    assert sum(1 for row in found if row.wenhao) == with_wenhao
    assert not any(row.title in ("标题", "") for row in found)


def test_qbwj_rows_keep_full_titles_and_the_wenhao_as_printed() -> None:
    response = saved_response("gd_qbwj_list.html", QBWJ + "index.html", page=0)
    rows = list(GdQbwjSpider().parse_rows(response))
    assert rows[0].title == "广东省人民政府关于推动充电基础设施高质量发展的实施意见"
    assert rows[0].date == "2026-01-07"
    assert {row.url.split("/")[6] for row in rows} <= {"yf", "yfb", "yfh", "ybh"}
    assert {"粤府[2025]21号", "粤府办（2022）30号"} <= {row.wenhao for row in rows}


def test_nfcms_pages_are_numbered_from_index_2_while_the_pager_links_a_next_page() -> None:
    spider = GdQbwjSpider()
    first = saved_response("gd_qbwj_list.html", QBWJ + "index.html", page=0)
    assert spider.page_total(first) == 2
    assert spider.list_request(1).url == QBWJ + "index_2.html"
    assert spider.list_request(1).meta[NEXT_PAGE] is True
    only = saved_response("gdmpa_ylqx_list.html", YLQX + "index.html", page=0)
    assert GdmpaYlqxSpider().page_total(only) == 1


# NFCMS pages


def test_qbwj_detail_reads_the_introduce_block() -> None:
    url = QBWJ + "yf/content/post_4060935.html"
    row = ListingRow(
        url=url, title="广东省人民政府关于印发《广东省医疗器械产业园三年行动方案》的通知"
    )
    response = saved_response("gd_qbwj_detail.html", url, **{LISTING: row})
    [item] = list(GdQbwjSpider().parse_detail(response))
    assert item.title == row.title
    assert item.wenhao == "粤府〔2024〕7号"
    assert item.issuer == "广东省人民政府"
    assert item.index_no == "006939756/2024-00243"
    assert item.written_on == date(2024, 2, 3)
    assert _day(item.published_at) == date(2024, 2, 13)
    assert item.text.startswith("各地级以上市人民政府，省政府各部门、各直属机构：")
    assert "一、总体要求" in item.text and "公开方式：主动公开" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [a.url for a in item.attachments] == [
        "https://www.gd.gov.cn/attachment/0/844/844532/4060935.doc",
        "https://www.gd.gov.cn/attachment/0/844/844533/4060935.xls",
    ]
    assert [a.type for a in item.attachments] == ["doc", "xls"]
    assert item.attachments[0].name == "附件1：医疗器械产业园重点任务分工表.doc"
    assert "<script" not in item.html and "style=" not in item.html


def test_gzwj_detail_takes_the_drug_administration_fields() -> None:
    url = GZWJ + "content/post_4481313.html"
    row = ListingRow(url=url, title="listed title", date="2025-07-23")
    response = saved_response("gdmpa_gzwj_detail.html", url, **{LISTING: row})
    [item] = list(GdmpaGzwjSpider().parse_detail(response))
    assert item.title == "广东省药品监督管理局关于印发《广东省医疗器械临床试验工作规程》的通知"
    assert item.wenhao == "粤药监规〔2025〕51号"
    assert item.issuer == "广东省药品监督管理局"
    assert item.index_no == "MB2D27065/2025-00624"
    assert item.written_on == date(2025, 7, 19)
    assert _day(item.published_at) == date(2025, 7, 23)
    assert "第一条" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert len(item.attachments) == 3


def test_ylqx_interpretation_has_no_wenhao() -> None:
    url = YLQX + "content/post_3521382.html"
    row = ListingRow(url=url, title="关于《广东省医疗器械临床试验管理办法》的解读")
    response = saved_response("gdmpa_ylqx_detail.html", url, **{LISTING: row})
    [item] = list(GdmpaYlqxSpider().parse_detail(response))
    assert item.title == row.title
    assert item.wenhao is None
    assert item.issuer == "广东省药品监督管理局"
    assert _day(item.published_at) == date(2022, 4, 10)
    assert item.text.startswith("近日，广东省药品监督管理局印发了")
    assert len(item.attachments) == 2


# gkmlpt


def test_gkmlpt_reads_the_sid_from_the_index_and_asks_the_api_for_page_one() -> None:
    spider = GdGkmlptSpider()
    assert spider.index_url == GKMLPT + "index"
    [request] = list(spider.parse_index(saved_response("gd_gkmlpt_index.html", GKMLPT + "index")))
    assert request.url == API
    assert request.headers[b"Referer"] == (GKMLPT + "index").encode()
    assert b"application/json" in request.headers[b"Accept"]
    assert request.meta["page"] == 0 and request.meta[NEXT_PAGE] is False


def test_gkmlpt_without_a_sid_counts_as_an_empty_list() -> None:
    crawler = get_crawler(GdGkmlptSpider)
    spider = GdGkmlptSpider.from_crawler(crawler)
    page = b"<html><script>window._CONFIG = {SITE_NAME: 'x'};</script></html>"
    response = HtmlResponse(GKMLPT + "index", body=page, encoding="utf-8")
    assert list(spider.parse_index(response)) == []
    assert crawler.stats.get_value("policywatch/list/empty") == 1


def test_gkmlpt_api_rows_carry_china_time_wenhao_and_the_abolished_flag() -> None:
    spider = GdGkmlptSpider()
    response = saved_response("gd_gkmlpt_list.json", API, page=0)
    rows = list(spider.parse_rows(response))
    assert len(rows) == 100
    assert spider.page_total(response) == 2
    first = rows[0]
    assert first.url == GKMLPT + "content/4/4629/post_4629292.html"
    assert first.date == "2026-01-24 10:13:00"
    assert first.wenhao == "粤府办【2026】39号"
    assert sum(1 for row in rows if row.wenhao) == 84
    abolished = [spider.detail_request(row) for row in rows if row.url in spider.abolished]
    assert len(abolished) == 4
    assert all(request.meta[RESPONSE_FLAGS] == [ABOLISHED] for request in abolished)
    assert RESPONSE_FLAGS not in spider.detail_request(first).meta


def test_gkmlpt_builds_the_content_url_from_the_id_when_the_api_gives_none() -> None:
    spider = GdGkmlptSpider()
    article = {"id": 3735539, "title": "某通知", "first_publish_time": 1641371400}
    body = json.dumps({"total": 1, "articles": [article]}, ensure_ascii=False).encode()
    response = TextResponse(API, body=body, encoding="utf-8")
    [row] = list(spider.parse_rows(response))
    assert row.url == GKMLPT + "content/3/3735/post_3735539.html"
    assert row.date == "2022-01-05 16:30:00"
    assert row.wenhao is None


def test_gkmlpt_detail_reads_the_classify_table_and_article_content() -> None:
    url = GKMLPT + "content/4/4351/post_4351148.html"
    row = ListingRow(url=url, title="x", date="2025-02-10 17:39:00", wenhao="粤府【2025】39号")
    response = saved_response("gd_gkmlpt_detail.html", url, **{LISTING: row})
    [item] = list(GdGkmlptSpider().parse_detail(response))
    assert item.title == "广东省人民政府关于印发《广东省促进高端医疗器械产业发展若干措施》的通知"
    assert item.wenhao == "粤府〔2025〕39号"
    assert item.issuer == "广东省人民政府"
    assert item.index_no == "006939756/2025-00103"
    assert item.written_on == date(2025, 1, 26)
    assert _day(item.published_at) == date(2025, 2, 10)
    assert item.text.startswith("各地级以上市人民政府")
    assert not any(word in item.text for word in FURNITURE)
    assert [a.url for a in item.attachments] == [
        "https://www.gd.gov.cn/attachment/0/393/393563/4351148.pdf",
        "https://www.gd.gov.cn/attachment/0/393/393564/4351148.pdf",
    ]
