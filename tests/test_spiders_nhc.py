"""NHC spiders on saved pages: list rows, `list_N.shtml` paging and detail fields, offline."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.listing import LISTING, ListingRow
from crawler.platforms.nhc import issuing_agency
from crawler.platforms.trs import page_count
from crawler.spider_loader import source_spider
from storage.identity import normalize_wenhao
from tests.support.pages import saved_response

GovcnZcwjkSpider = source_spider("govcn_zcwjk")
NhcGfxwjSpider = source_spider("nhc_gfxwj")
NhcZcjdSpider = source_spider("nhc_zcjd")

SITE = "https://www.nhc.gov.cn"
GFXWJ = f"{SITE}/wjw/gfxwjj/"
ZCJD = f"{SITE}/wjw/zcjd/"
PAGE = f"{SITE}/guihuaxxs/c100133/202511/03be448e1862b524c1eb28f6831265bb"
FURNITURE = (
    "分享到",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "相关链接",
    "来源",
    "发布时间",
    "网站标识码",
)


def test_gfxwj_list_rows_carry_full_titles_and_dates_not_the_menu() -> None:
    response = saved_response("nhc_gfxwj_list.html", GFXWJ + "list.shtml")
    rows = list(NhcGfxwjSpider().parse_rows(response))
    assert len(rows) == 24
    assert all(row.url.startswith(SITE) and row.url.endswith(".shtml") for row in rows)
    assert not any("/wjw/" in row.url for row in rows)
    assert all(row.date and len(row.date) == 10 for row in rows)
    assert not any(row.title.endswith("...") for row in rows)
    assert page_count(response.text) == 2


def test_pages_after_the_first_are_list_2_list_3() -> None:
    spider = NhcGfxwjSpider()
    assert [spider.page_url(page) for page in range(3)] == [
        GFXWJ + "list.shtml",
        GFXWJ + "list_2.shtml",
        GFXWJ + "list_3.shtml",
    ]


def test_zcjd_list_has_one_page() -> None:
    response = saved_response("nhc_zcjd_list.html", ZCJD + "list.shtml")
    rows = list(NhcZcjdSpider().parse_rows(response))
    assert len(rows) == 22
    assert rows[0].title == "关于《大型医用设备配置技术规范》的政策解读"
    assert page_count(response.text) == 1


@pytest.mark.parametrize(
    ("wenhao", "agency"),
    [
        ("国卫办医政函〔2024〕123号", "国家卫生健康委办公厅"),
        ("国卫规划发（2025）75号", "国家卫生健康委员会"),
        ("工信部联规〔2021〕208号", "国家卫生健康委员会"),
        (None, "国家卫生健康委员会"),
    ],
)
def test_the_issuer_follows_the_wenhao(wenhao: str | None, agency: str) -> None:
    assert issuing_agency(wenhao) == agency


def test_gfxwj_detail_takes_title_date_wenhao_and_files_from_the_page() -> None:
    url = PAGE + ".shtml"
    row = ListingRow(url=url, title="关于印发《大型医用设备配置技术规范》…", date="2025-11-01")
    [item] = NhcGfxwjSpider().parse_detail(
        saved_response("nhc_gfxwj_detail.html", url, **{LISTING: row})
    )
    assert item.title == "关于印发《大型医用设备配置技术规范》的通知"
    assert item.wenhao == "国卫规划发（2025）75号"
    assert item.issuer == "国家卫生健康委员会"
    assert item.published_at is not None and item.published_at.date() == date(2025, 11, 1)
    assert item.text.startswith("国卫规划发（2025）75号\n各省、自治区")
    assert "第七条" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [a.url for a in item.attachments] == [
        f"{PAGE}/files/73a13b808318a4384f50a11047a5fac5.pdf",
        f"{PAGE}/files/b6b98aeef6f95a623c719b6c8c2fbfeb.docx",
    ]
    assert [a.type for a in item.attachments] == ["pdf", "docx"]


def test_zcjd_detail_is_an_interpretation_without_wenhao() -> None:
    url = f"{SITE}/guihuaxxs/c100134/202511/6fb06c6886fd7df6ed34d967dcbca0af.shtml"
    row = ListingRow(url=url, title="关于《大型医用设备配置技术规范》的政策解读", date="2025-11-01")
    [item] = NhcZcjdSpider().parse_detail(
        saved_response("nhc_zcjd_detail.html", url, **{LISTING: row})
    )
    assert item.title == row.title
    assert item.wenhao is None
    assert item.issuer == "国家卫生健康委员会"
    assert item.text.startswith("近日，国家卫生健康委印发《大型医用设备配置技术规范》")
    assert not any(word in item.text for word in FURNITURE)
    assert item.attachments == []


def test_the_nhc_page_and_its_gov_cn_repost_share_wenhao_and_body() -> None:
    nhc_url = PAGE + ".shtml"
    gov_url = "https://www.gov.cn/zhengce/zhengceku/202511/content_7720191.htm"
    [nhc] = NhcGfxwjSpider().parse_detail(
        saved_response("nhc_gfxwj_detail.html", nhc_url, **{LISTING: ListingRow(nhc_url, "t")})
    )
    [gov] = GovcnZcwjkSpider().parse_detail(
        saved_response("govcn_zcwjk_detail.html", gov_url, **{LISTING: ListingRow(gov_url, "t")})
    )
    assert nhc.title != gov.title
    assert normalize_wenhao(nhc.wenhao) == normalize_wenhao(gov.wenhao) == "国卫规划发〔2025〕75号"
    clauses = [line for line in nhc.text.splitlines() if line.startswith("第")]
    assert clauses and all(clause in gov.text for clause in clauses)
