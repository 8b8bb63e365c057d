"""NHC (www.nhc.gov.cn) columns: `list.shtml`, `list_2.shtml` … and pages with `div#xw_box`."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy.http import Response

from crawler.items import PolicyItem
from crawler.platforms.trs import TRSSpider

COMMISSION = "国家卫生健康委员会"
GENERAL_OFFICE = "国家卫生健康委办公厅"


def issuing_agency(wenhao: str | None, default: str | None = COMMISSION) -> str | None:
    """Who issued an NHC document, as its own 文号 says: `国卫办…` is the General Office.

    The page itself only names the drafting department (来源：医政司), not the issuer.
    """
    if wenhao and wenhao.startswith("国卫办"):
        return GENERAL_OFFICE
    if wenhao and wenhao.startswith("国卫"):
        return COMMISSION
    return default


class NhcSpider(TRSSpider):
    """A column of the National Health Commission: rows `ul.zxxx_list > li`, 24 a page."""

    row_selector = "ul.zxxx_list > li"
    row_link = "a[title]"
    row_date = "span.ml"
    second_page_number = 2

    metadata_cells = "div.source > span"
    title_selectors = ("meta[name=ArticleTitle]::attr(content)", "div.list > div.tit::text")
    content_selectors = ("div.con#xw_box", "div#xw_box")

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        for item in super().parse_detail(response):
            item.issuer = issuing_agency(item.wenhao, self.default_agency)
            yield item
