"""Guangdong's NFCMS: lists `index.html`, `index_2.html` … and `…/content/post_N.html` pages."""

from __future__ import annotations

from scrapy.http import Response

from crawler.platforms.trs import TRSSpider


class NFCMSSpider(TRSSpider):
    """Base spider for an NFCMS column: `div.viewList` rows, `div.introduce` fields, `div.zw` body.

    Lists are numbered like TRS ones except that the second page is `index_2.html`; the pager
    links the next page (`div.page a.next`) while there is one.
    """

    row_selector = "div.viewList ul li"
    row_link = "span.name > a"
    row_date = "span.date"
    row_wenhao = "span.wh"
    second_page_number = 2

    metadata_cells = "div.introduce div.col"
    title_selectors = ("meta[name=ArticleTitle]::attr(content)", "h3.zw-title::text")
    content_selectors = ("div.zw",)

    def page_total(self, response: Response) -> int | None:
        page: int = response.meta["page"]
        has_next = response.css("div.page a.next::attr(href)").re_first(r"index_\d+\.html")
        return page + 2 if has_next else page + 1
