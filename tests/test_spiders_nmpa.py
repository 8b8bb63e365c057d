"""NMPA spiders on saved pages: list rows, pagination and detail fields, offline."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from crawler.dates import CHINA
from crawler.listing import LISTING, ListingRow
from crawler.platforms.trs import TRSSpider, page_count
from crawler.spider_loader import source_spider
from storage.identity import normalize_wenhao
from tests.support.pages import saved_response

NmpaYlqxfgwjSpider = source_spider("nmpa_ylqxfgwj")
NmpaYlqxggtgSpider = source_spider("nmpa_ylqxggtg")

GGTG = "https://www.nmpa.gov.cn/ylqx/ylqxggtg/"
FGWJ = "https://www.nmpa.gov.cn/ylqx/ylqxfgwj/"
FILES = "https://www.nmpa.gov.cn/directory/web/nmpa/images/"
FURNITURE = ("分享到", "扫一扫", "打印", "关闭窗口", "当前位置", "网站标识码", "字体", "相关信息")


@pytest.mark.parametrize(
    ("spider", "folder", "pages", "newest"),
    [
        (
            NmpaYlqxggtgSpider,
            GGTG,
            3,
            "国家药监局关于发布无源植入性医疗器械临床评价指导原则的通告（2026年第52号）",
        ),
        (NmpaYlqxfgwjSpider, FGWJ, 2, "国家药监局关于印发《有源医疗器械工作程序》的通知"),
    ],
)
def test_list_rows_resolve_their_relative_links_into_the_column(
    spider: type[TRSSpider], folder: str, pages: int, newest: str
) -> None:
    response = saved_response(f"{spider.name}_list.html", spider.list_url)
    rows = list(spider().parse_rows(response))
    assert len(rows) == 20
    assert all(re.fullmatch(re.escape(folder) + r"\d{17}\.html", row.url) for row in rows)
    assert len({row.url for row in rows}) == len(rows)
    assert all(row.date and re.fullmatch(r"20\d\d-\d\d-\d\d", row.date) for row in rows)
    assert rows[0].title == newest
    assert page_count(response.text) == pages


def test_some_row_links_climb_to_the_site_root_and_back() -> None:
    response = saved_response("nmpa_ylqxggtg_list.html", NmpaYlqxggtgSpider.list_url)
    hrefs = response.css("div.list li a::attr(href)").getall()
    assert any(href.startswith("../../ylqx/ylqxggtg/") for href in hrefs)
    assert any(href.startswith("./") for href in hrefs)


def test_notice_fields_come_from_the_body_and_the_page_meta() -> None:
    url = GGTG + "20230522113941364.html"
    title = "国家药监局综合司关于开展2023年无源植入性医疗器械风险隐患排查工作的通知"
    response = saved_response(
        "nmpa_ylqxggtg_detail.html", url, **{LISTING: ListingRow(url, title, "2023-05-22")}
    )
    [item] = list(NmpaYlqxggtgSpider().parse_detail(response))
    assert item.title == title
    assert item.wenhao == "药监综械注〔2023〕235号"
    assert (item.issuer, item.department) == ("国家药品监督管理局", "国家药品监督管理局综合司")
    assert item.index_no is None and item.written_on is None
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2023, 5, 22)
    assert item.text.startswith("药监综械注〔2023〕235号\n各省、自治区")
    assert "一、工作目标" in item.text and item.text.count("国家药监局综合司") == 1
    assert not any(word in item.text for word in FURNITURE)
    assert [(a.url, a.name, a.type) for a in item.attachments] == [
        (
            FILES + "MjAyMzA1MjLO3tS01rLI69DU0r3Bxsb30LW358_V0v67vMXFsum5pNf3t72wuA==.doc",
            "1.无源植入性医疗器械风险隐患排查工作方案.doc",
            "doc",
        ),
        (FILES + "MjAyMzA1MjK5pNf3x+m_9rvj19yx7Q==.xls", "2.工作情况汇总表.xls", "xls"),
    ]
    assert "<script" not in item.html and "style=" not in item.html


def test_without_a_list_date_the_publication_time_comes_from_pubdate() -> None:
    url = GGTG + "20230522113941364.html"
    response = saved_response("nmpa_ylqxggtg_detail.html", url, **{LISTING: ListingRow(url, "…")})
    [item] = list(NmpaYlqxggtgSpider().parse_detail(response))
    assert item.published_at == datetime(2023, 5, 22, 11, 39, tzinfo=CHINA)
    assert item.title == "国家药监局综合司关于开展2023年无源植入性医疗器械风险隐患排查工作的通知"


def test_a_wenhao_printed_with_square_brackets_is_read_as_printed() -> None:
    url = FGWJ + "20240531172627610.html"
    title = "国家药监局关于印发《有源医疗器械检查要点》的通知"
    response = saved_response(
        "nmpa_ylqxfgwj_detail.html", url, **{LISTING: ListingRow(url, title, "2024-05-31")}
    )
    [item] = list(NmpaYlqxfgwjSpider().parse_detail(response))
    assert item.wenhao == "国药监械[2024]104号"
    assert normalize_wenhao(item.wenhao) == "国药监械〔2024〕104号"
    assert item.issuer == "国家药品监督管理局"
    assert "第一条 为加强有源医疗器械管理" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [(a.name, a.type) for a in item.attachments] == [
        ("有源医疗器械检查要点（文本）.pdf", "pdf")
    ]
    assert item.attachments[0].url.startswith(FILES)
