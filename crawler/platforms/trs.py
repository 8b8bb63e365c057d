"""TRS WCM sites: static lists `index.html`, `index_1.html` … and `./YYYYMM/t….html` pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from crawler.extract import first_text
from crawler.items import PolicyItem
from crawler.listing import LISTING, ListingRow
from crawler.metadata import label_values
from crawler.platforms.base import PolicySpider

_PAGE_COUNT_PATTERNS = (
    re.compile(r"createPageHTML\(\s*['\"]page_div['\"]\s*,\s*(\d+)"),
    re.compile(r"createPageHTML\(\s*(\d+)"),
    re.compile(r"pagination_script_config\s*=\s*\{[^}]*total\s*:\s*['\"]?(\d+)"),
    re.compile(r"var\s+countPage\s*=\s*(\d+)"),
)


def page_count(html: str) -> int | None:
    """The number of list pages announced by the pagination script, if any."""
    for pattern in _PAGE_COUNT_PATTERNS:
        if match := pattern.search(html):
            return int(match.group(1))
    return None


class TRSSpider(PolicySpider):
    """Base spider for a TRS WCM column; subclasses name the source and its selectors."""

    row_selector: ClassVar[str]
    row_link: ClassVar[str] = "a"
    row_date: ClassVar[str]
    row_wenhao: ClassVar[str | None] = None
    second_page_number: ClassVar[int] = 1

    metadata_cells: ClassVar[str] = "table.xxgk_detail_table1 td"
    title_selectors: ClassVar[tuple[str, ...]] = (
        "#Title::text",
        "meta[name=ArticleTitle]::attr(content)",
    )
    date_selectors: ClassVar[tuple[str, ...]] = ()
    content_selectors: ClassVar[tuple[str, ...]] = (
        "div#Zoom",
        "div.TRS_UEDITOR",
        "div.trs_editor_view",
        "div.TRS_Editor",
        "div.text.wide",
    )

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(0)

    def page_url(self, page: int) -> str:
        """Page N after the first is the list's file name with `_N`: `new_list_2.shtml`."""
        if page == 0:
            return self.list_url
        folder, _, file_name = self.list_url.rpartition("/")
        stem, _, extension = file_name.rpartition(".")
        number = page + self.second_page_number - 1
        return f"{folder}/{stem}_{number}.{extension}"

    def list_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(
            self.page_url(page), callback=self.parse_list, meta=self.list_meta(page)
        )

    def page_total(self, response: Response) -> int | None:
        return page_count(response.text)

    def parse_rows(self, response: Response) -> Iterator[ListingRow]:
        for row in response.css(self.row_selector):
            link = row.css(self.row_link)
            href = link.attrib.get("href")
            title = first_text([link.attrib.get("title"), " ".join(link.css("::text").getall())])
            if not href or not title:
                continue
            yield ListingRow(
                url=response.urljoin(href),
                title=title,
                date=first_text(row.css(f"{self.row_date}::text").getall()),
                wenhao=first_text(row.css(f"{self.row_wenhao}::text").getall())
                if self.row_wenhao
                else None,
            )

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        content = self.content_block(response)
        if content is None:
            self.missing_content(response, self.content_selectors)
            return
        fields = label_values(response.css(self.metadata_cells).xpath("string()").getall())
        listing: ListingRow = response.meta[LISTING]
        titles = [fields.get("title")]
        titles += [response.css(selector).get() for selector in self.title_selectors]
        yield self.build_item(
            response,
            content,
            title=first_text([*titles, listing.title]),
            published=[
                fields.get("published"),
                *(first_text(response.css(s).getall()) for s in self.date_selectors),
            ],
            written_on=fields.get("written_on"),
            wenhao=fields.get("wenhao"),
            agency=fields.get("agency"),
            index_no=fields.get("index_no"),
        )

    def content_block(self, response: Response) -> str | None:
        """The HTML of the first content selector that matches."""
        for selector in self.content_selectors:
            if found := response.css(selector):
                return found[0].get()
        return None
