"""Hubei spiders on saved pages: list rows, pagination and the disclosure block, offline."""

from __future__ import annotations

import re
from datetime import date

import pytest

from crawler.dates import CHINA
from crawler.listing import LISTING, ListingRow
from crawler.platforms.trs import TRSSpider, page_count
from crawler.spider_loader import source_spider
from storage.identity import normalize_wenhao
from tests.support.pages import saved_response

HubeiEzbfSpider = source_spider("hubei_ezbf")
HubeiEzfSpider = source_spider("hubei_ezf")

EZF = "https://www.hubei.gov.cn/zfwj/ezf/"
EZBF = "https://www.hubei.gov.cn/zfwj/ezbf/"
FURNITURE = ("分享到", "扫一扫", "【打印】", "【关闭】", "当前位置", "字体", "上一篇", "相关文件")


@pytest.mark.parametrize(
    ("spider", "folder", "pages", "newest"),
    [
        (HubeiEzfSpider, EZF, 3, "省人民政府关于印发湖北省汽车零部件产业高质量发展行动方案的通知"),
        (
            HubeiEzbfSpider,
            EZBF,
            2,
            "省人民政府办公厅关于印发湖北省促进稻渔综合种养发展若干措施的通知",
        ),
    ],
)
def test_list_rows_carry_full_titles_from_the_title_attribute(
    spider: type[TRSSpider], folder: str, pages: int, newest: str
) -> None:
    response = saved_response(f"{spider.name}_list.html", spider.list_url)
    rows = list(spider().parse_rows(response))
    assert len(rows) == 20
    pattern = re.escape(folder) + r"(\d{6})/t(\d{8})_\d{7}\.shtml"
    assert all(re.fullmatch(pattern, row.url) for row in rows)
    assert all(row.date and re.fullmatch(r"20\d\d-\d\d-\d\d", row.date) for row in rows)
    assert all(row.date.replace("-", "") in row.url for row in rows if row.date)
    assert rows[0].title == newest
    assert not any(row.title.endswith("…") for row in rows)
    assert any(text.endswith("…") for text in response.css(".hbgov-bfc-block a::text").getall())
    assert page_count(response.text) == pages


def test_second_list_page_is_index_1_shtml() -> None:
    assert HubeiEzfSpider().page_url(1) == EZF + "index_1.shtml"
    assert HubeiEzfSpider().page_url(2) == EZF + "index_2.shtml"


def test_fields_come_from_the_disclosure_block() -> None:
    url = EZF + "202503/t20250325_5493282.shtml"
    title = "省人民政府关于印发湖北省促进医学影像设备产业发展若干措施的通知"
    response = saved_response(
        "hubei_ezf_detail.html", url, **{LISTING: ListingRow(url, title[:30] + "…", "2025-03-25")}
    )
    [item] = list(HubeiEzfSpider().parse_detail(response))
    assert item.title == title
    assert item.wenhao == "鄂政发〔2025〕31号"
    assert item.issuer == "湖北省人民政府"
    assert item.index_no == "011043040/2025-69638"
    assert item.written_on == date(2025, 3, 20)
    assert item.published_at is not None
    assert item.published_at.astimezone(CHINA).date() == date(2025, 3, 25)
    assert item.text.startswith("各市、州、县人民政府，省政府各部门：")
    assert "湖北省促进医学影像设备产业发展若干措施" in item.text
    assert not any(word in item.text for word in FURNITURE)
    assert [(a.url, a.name) for a in item.attachments] == [
        (EZF + "202503/P020250325918101521386.xlsx", "1.医学影像设备产业重点任务分工.xlsx"),
        (EZF + "202503/P020250325150023474550.xlsx", "2.医学影像设备产业重点项目清单.xlsx"),
    ]
    assert "<script" not in item.html and "style=" not in item.html


def test_an_older_page_without_the_content_wrapper_is_read_from_its_editor_block() -> None:
    url = EZF + "202108/t20210819_4047681.shtml"
    title = "省人民政府关于推进新型储能创新发展的指导意见"
    response = saved_response(
        "hubei_ezf_detail_2021.html", url, **{LISTING: ListingRow(url, title, "2021-08-19")}
    )
    assert not response.css(".hbgov-article-content")
    [item] = list(HubeiEzfSpider().parse_detail(response))
    assert item.wenhao == "鄂政发（2021）19号"
    assert normalize_wenhao(item.wenhao) == "鄂政发〔2021〕19号"
    assert item.written_on == date(2021, 8, 16)
    assert item.text.endswith("2.新型储能重点项目清单.docx")
    assert not any(word in item.text for word in FURNITURE)
    assert [a.type for a in item.attachments] == ["pdf", "docx"]


def test_a_repost_without_its_own_wenhao_takes_the_national_one_from_the_body() -> None:
    url = EZBF + "202506/t20250603_5569957.shtml"
    title = "省人民政府办公厅转发国家药监局关于印发《医学影像设备工作程序》的通知"
    response = saved_response(
        "hubei_ezbf_detail.html", url, **{LISTING: ListingRow(url, title, "2025-06-03")}
    )
    meta = response.css(".hbgov-article-meta-wj").xpath("normalize-space()").get()
    assert meta == "文 号："
    [item] = list(HubeiEzbfSpider().parse_detail(response))
    assert item.title == title
    assert item.wenhao == "国药监械管〔2025〕237号"
    assert item.issuer == "湖北省人民政府办公厅"
    assert item.index_no == "011043046/2025-29803"
    assert "医学影像设备工作程序\n第一条" in item.text
    assert item.attachments == []
