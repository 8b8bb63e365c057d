"""TRS WCM sites: static lists `index.html`, `index_1.html` … and `./YYYYMM/t….html` pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.dates import parse_date, parse_datetime
from crawler.extract import (
    block_text,
    find_attachments,
    first_text,
    parse_fragment,
    sanitize_html,
    strip_furniture,
)
from crawler.items import PolicyItem
from crawler.listing import DETAIL, LIST_PAGE, LISTING, NEXT_PAGE, ListingRow
from crawler.metadata import label_values
from crawler.wenhao import find_wenhao

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


class TRSSpider(scrapy.Spider):
    """Base spider for a TRS WCM column; subclasses name the source and its selectors."""

    site: ClassVar[str]
    site_name: ClassVar[str]
    column_name: ClassVar[str]
    list_url: ClassVar[str]
    default_agency: ClassVar[str | None] = None

    row_selector: ClassVar[str]
    row_link: ClassVar[str] = "a"
    row_date: ClassVar[str]
    row_wenhao: ClassVar[str | None] = None
    second_page_number: ClassVar[int] = 1
    page_extension: ClassVar[str] = "html"

    metadata_cells: ClassVar[str] = "table.xxgk_detail_table1 td"
    title_selectors: ClassVar[tuple[str, ...]] = (
        "#Title::text",
        "meta[name=ArticleTitle]::attr(content)",
    )
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
        if page == 0:
            return self.list_url
        folder = self.list_url.rsplit("/", 1)[0]
        number = page + self.second_page_number - 1
        return f"{folder}/index_{number}.{self.page_extension}"

    def list_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(
            self.page_url(page),
            callback=self.parse_list,
            meta={LIST_PAGE: True, NEXT_PAGE: page > 0, "page": page},
        )

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        rows = list(self.parse_rows(response))
        if not rows:
            self.crawler.stats.inc_value("policywatch/list/empty")
            self.logger.error(
                "list page %s matched no rows with %r: has the layout changed?",
                response.url,
                self.row_selector,
            )
            return
        for row in rows:
            yield scrapy.Request(
                row.url, callback=self.parse_detail, meta={DETAIL: True, LISTING: row}
            )
        page = response.meta["page"]
        total = page_count(response.text)
        if total is not None and page + 1 < total:
            yield self.list_request(page + 1)

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
        listing: ListingRow = response.meta[LISTING]
        fields = label_values(response.css(self.metadata_cells).xpath("string()").getall())
        content = self._parse_content(response)
        if content is None:
            self.crawler.stats.inc_value("policywatch/detail/no_content")
            self.logger.error(
                "no content block on %s (looked for %s): not stored",
                response.url,
                ", ".join(self.content_selectors),
            )
            return
        root = strip_furniture(parse_fragment(content))
        text = block_text(parse_fragment(str(root)))
        yield PolicyItem(
            source=self.name,
            url=response.url,
            title=self._parse_title(response, fields, listing),
            text=text,
            html=sanitize_html(str(root), response.url),
            published_at=self._parse_published(response, fields, listing),
            written_on=parse_date(fields.get("written_on")),
            wenhao=first_text([fields.get("wenhao"), listing.wenhao, find_wenhao(text)]),
            agency=self._parse_agency(response, fields),
            index_no=fields.get("index_no"),
            attachments=find_attachments(root, response.url),
            listing_fingerprint=listing.fingerprint,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            fetched_at=datetime.now(UTC),
        )

    def _parse_content(self, response: Response) -> str | None:
        for selector in self.content_selectors:
            if found := response.css(selector):
                return found[0].get()
        return None

    def _parse_title(self, response: Response, fields: dict[str, str], row: ListingRow) -> str:
        candidates = [fields.get("title")]
        candidates += [response.css(selector).get() for selector in self.title_selectors]
        return first_text([*candidates, row.title]) or row.title

    def _parse_published(
        self, response: Response, fields: dict[str, str], row: ListingRow
    ) -> datetime | None:
        for value in (
            fields.get("published"),
            row.date,
            _meta(response, "PubDate"),
        ):
            if moment := parse_datetime(value):
                return moment
        return None

    def _parse_agency(self, response: Response, fields: dict[str, str]) -> str | None:
        return first_text(
            [fields.get("agency"), _meta(response, "ContentSource"), self.default_agency]
        )


def _meta(response: Response | Selector, name: str) -> str | None:
    return response.css(f"meta[name={name}]::attr(content)").get()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
