"""The policy library spider on saved API answers and pages: rows, merged paging, fields."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.listing import DETAIL, LISTING, NEXT_PAGE, ListingRow
from crawler.platforms.govcn import HELD, agency_of_source, plain_title
from crawler.spider_loader import source_spider
from tests.support.pages import saved_response

GovcnZcwjkSpider = source_spider("govcn_zcwjk")

API = "https://sousuo.www.gov.cn/search-gov/data"
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "我要打印", "关闭窗口", "责任编辑", "相关稿件", "字体", "来源")
NO_RESULTS = '{"code": 1001, "msg": "未查询到数据", "data": null, "searchVO": null}'.encode()


def _spider() -> GovcnZcwjkSpider:
    return GovcnZcwjkSpider.from_crawler(get_crawler(GovcnZcwjkSpider))


def _api_page(name: str, page: int, held: tuple[ListingRow, ...] = ()) -> object:
    url = _spider().page_url(page)
    return saved_response(name, url, page=page, **{HELD: held})


def test_list_url_pages_by_p_from_one_and_keeps_query_and_size() -> None:
    spider = _spider()
    assert spider.page_url(0) == spider.list_url
    assert "&p=2&" in spider.page_url(1)
    assert "q=&" in spider.page_url(1) and "t=zhengcelibrary_gw_bm_gb" in spider.page_url(1)
    assert spider.page_size == 20


def test_api_requests_carry_the_library_referer() -> None:
    request = _spider().list_request(1)
    assert request.headers[b"Referer"] == b"https://sousuo.www.gov.cn/"
    assert request.meta[NEXT_PAGE] is True


def test_rows_of_the_watched_categories_with_plain_titles_dates_and_wenhao() -> None:
    spider = _spider()
    response = _api_page("govcn_zcwjk_list.json", 0)
    rows = list(spider.parse_rows(response))
    assert len(rows) == 16 + 20
    assert all(row.url.startswith("https://www.gov.cn/zhengce/") for row in rows)
    assert all(row.date and row.date[4] == "." for row in rows)
    assert all(row.wenhao for row in rows)
    assert rows[16].title == "国家卫生健康委关于印发《大型医用设备配置技术规范》的通知"
    assert rows[16].wenhao == "国卫规划发〔2025〕75号"
    assert spider.page_total(response) == 2


def test_search_highlights_are_stripped_from_titles() -> None:
    rows = list(_spider().parse_rows(_api_page("govcn_zcwjk_query.json", 0)))
    assert rows and all("医疗器械" in row.title and "<" not in row.title for row in rows)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("关于<em>医疗器械</em>的通知", "关于医疗器械的通知"),
        ("<em>5G</em>应用&amp;算力", "5G应用&算力"),
        ("  国务院关于印发的通知 ", "国务院关于印发的通知"),
    ],
)
def test_plain_title(raw: str, plain: str) -> None:
    assert plain_title(raw) == plain


@pytest.mark.parametrize(
    ("source", "agency"),
    [
        ("来源： 工业和信息化部网站", "工业和信息化部"),
        ("来源：农业农村部网站", "农业农村部"),
        ("来源： 中国政府网", None),
        (None, None),
    ],
)
def test_agency_of_a_news_style_source_line(source: str | None, agency: str | None) -> None:
    assert agency_of_source(source) == agency


def test_a_first_page_hands_on_rows_newer_than_any_unseen_one_and_holds_the_rest() -> None:
    spider = _spider()
    response = _api_page("govcn_zcwjk_list.json", 0)
    rows = list(spider.parse_rows(response))
    out = list(spider.parse_list(response))
    details = [o.meta[LISTING] for o in out if o.meta.get(DETAIL)]
    [following] = [o for o in out if o.meta.get(NEXT_PAGE)]
    held = following.meta[HELD]
    oldest_bumenfile = min(row.date or "" for row in rows[16:])
    assert all((row.date or "") > oldest_bumenfile for row in details)
    assert all((row.date or "") <= oldest_bumenfile for row in held)
    assert len(details) + len(held) == len(rows)
    assert following.url == spider.page_url(1)


def test_the_last_page_hands_on_everything_it_holds() -> None:
    held = (ListingRow(url="https://www.gov.cn/zhengce/content/202101/content_1.htm", title="t"),)
    out = list(_spider().parse_list(_api_page("govcn_zcwjk_query.json", 1, held)))
    assert next(o.meta[LISTING] for o in out if isinstance(o, Request)) == held[0]
    assert not any(o.meta.get(NEXT_PAGE) for o in out)


def test_no_results_on_the_first_page_is_an_empty_list() -> None:
    spider = _spider()
    response = saved_response("govcn_zcwjk_list.json", spider.page_url(0), page=0)
    response = response.replace(body=NO_RESULTS)
    assert list(spider.parse_list(response)) == []
    assert spider.crawler.stats.get_value("policywatch/list/empty") == 1


def test_a_table_page_gives_wenhao_agency_index_dates_and_the_pdf() -> None:
    url = "https://www.gov.cn/zhengce/zhengceku/202511/content_7720191.htm"
    row = ListingRow(url=url, title="短标题", date="2025.11.02", wenhao="国卫规划发[2025]75号")
    [item] = _spider().parse_detail(
        saved_response("govcn_zcwjk_detail.html", url, **{LISTING: row})
    )
    assert item.title == "国家卫生健康委关于印发《大型医用设备配置技术规范》的通知"
    assert item.wenhao == "国卫规划发〔2025〕75号"
    assert item.issuer == "国家卫生健康委员会"
    assert item.index_no == "000014349/2025-00899"
    assert item.written_on == date(2025, 10, 20)
    assert item.published_at == datetime(2025, 11, 2, 17, 14, tzinfo=CHINA)
    assert item.text.startswith("各省、自治区、直辖市及新疆生产建设兵团卫生健康委：")
    assert "第七条" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [(a.url, a.name, a.type) for a in item.attachments] == [
        (
            "https://www.gov.cn/zhengce/zhengceku/202511/P020251102758942902.pdf",
            "1.大型医用设备配置技术规范.pdf",
            "pdf",
        )
    ]


def test_a_news_style_page_gives_its_heading_time_and_source_agency() -> None:
    url = "https://www.gov.cn/zhengce/zhengceku/202502/content_7400509.htm"
    row = ListingRow(url=url, title="x", date="2025.02.09", wenhao="工信部联规〔2025〕192号")
    [item] = _spider().parse_detail(
        saved_response("govcn_zcwjk_article.html", url, **{LISTING: row})
    )
    assert item.title == "工业和信息化部关于做好创新医疗器械有关工作的通知"
    assert item.issuer == "工业和信息化部"
    assert item.wenhao == "工信部联规〔2025〕192号"
    assert item.published_at == datetime(2025, 2, 9, 8, 50, tzinfo=CHINA)
    assert item.index_no is None and item.written_on is None
    assert "二、主要目标" in item.text
    assert not any(word in item.text for word in FURNITURE)
