"""MOST spiders on saved pages: list rows, pagination and detail fields, offline."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from crawler.listing import LISTING, ListingRow
from crawler.platforms.trs import page_count
from crawler.spider_loader import source_spider
from tests.support.pages import saved_response

MostGfxwjSpider = source_spider("most_gfxwj")
MostTztgSpider = source_spider("most_tztg")

GFXWJ = "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/"
TZTG = "https://www.most.gov.cn/tztg/"
CHINA = ZoneInfo("Asia/Shanghai")
FURNITURE = ("分享到", "扫一扫", "打印本页", "关闭窗口", "当前位置", "网站标识码", "字体")


def test_gfxwj_list_rows_carry_full_titles_wenhao_and_dates() -> None:
    response = saved_response("most_gfxwj_list.html", GFXWJ + "index.html")
    rows = list(MostGfxwjSpider().parse_rows(response))
    assert len(rows) == 20
    assert all(row.url.startswith(GFXWJ) and row.url.endswith(".html") for row in rows)
    assert all(row.date and "年" in row.date for row in rows)
    assert sum(1 for row in rows if row.wenhao) >= 15
    assert not any(row.title.endswith("…") for row in rows)
    assert page_count(response.text) == 3


def test_tztg_list_rows_ignore_the_navigation_menu() -> None:
    response = saved_response("most_tztg_list.html", TZTG + "index.html")
    rows = list(MostTztgSpider().parse_rows(response))
    assert len(rows) == 20
    assert all(row.url.startswith(TZTG) for row in rows)
    assert all(row.date and row.date[:2] in ("19", "20") for row in rows)
    assert page_count(response.text) == 2


def test_gfxwj_detail_fields_come_from_the_disclosure_table() -> None:
    url = GFXWJ + "202507/t20250730_188442.html"
    row = ListingRow(url=url, title="科技部关于印发《智能医学影像揭榜挂帅工作指引》的通知")
    response = saved_response("most_gfxwj_detail.html", url, **{LISTING: row})
    [item] = list(MostGfxwjSpider().parse_detail(response))
    assert item.title == "科技部关于印发《智能医学影像揭榜挂帅工作指引》的通知"
    assert item.wenhao == "国科发资〔2025〕358号"
    assert item.issuer == "科学技术部"
    assert item.index_no == "2025-07-00255"
    assert item.written_on == date(2025, 7, 27)
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2025, 7, 30)
    assert item.text.startswith("各省、自治区")
    assert "第一条" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [a.url for a in item.attachments] == [
        GFXWJ + "202507/P020250730545889.pdf",
        GFXWJ + "202507/P020250730682064.doc",
        GFXWJ + "202507/P020250730872781.doc",
    ]
    assert item.attachments[0].name.startswith("附件1")
    assert "<script" not in item.html and "style=" not in item.html


def test_tztg_detail_takes_title_date_and_wenhao_from_the_notice_page() -> None:
    url = TZTG + "202203/t20220322_186339.html"
    row = ListingRow(
        url=url, title="关于2022年度高端医疗器械重点专项拟立项项目的公示", date="2022-03-22"
    )
    response = saved_response("most_tztg_detail.html", url, **{LISTING: row})
    [item] = list(MostTztgSpider().parse_detail(response))
    assert item.title == "关于2022年度高端医疗器械重点专项拟立项项目的公示"
    assert item.wenhao == "国科发资〔2022〕303号"
    assert item.issuer == "科学技术部"
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2022, 3, 22)
    assert "高端医疗器械" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert len(item.attachments) == 2
