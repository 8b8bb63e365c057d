"""Hanweb (大汉) column pages: `/col/colN/index.html` with the first records inline for jpage."""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.listing import ListingRow
from crawler.platforms.jpaas import JPaaSArticleSpider, unit_rows

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL)
_NEXT_GROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_JPAGE = re.compile(r"\.jpage\(\{([^{}]*?dataStore[^{}]*)\}\)")
_SETTING = r"\b{}\s*:\s*(\d+)"


def datastore_rows(html: str, response: Response) -> list[ListingRow]:
    """The rows of the page's `<datastore>` records, each URL once.

    The records are `<li>` rows in CDATA inside `<script type="text/xml">`: an HTML parser
    sees none of them. A page repeats them in a second (mobile) unit.
    """
    records = "".join(_RECORD.findall(html))
    unique: dict[str, ListingRow] = {}
    for row in unit_rows(Selector(text=f"<ul>{records}</ul>"), response):
        unique.setdefault(row.url, row)
    return list(unique.values())


def jpage_settings(html: str) -> dict[str, int]:
    """`totalRecord`, `perPage` and `groupSize` of the jpage unit that holds the datastore."""
    for config in _JPAGE.findall(html):
        found = {
            name: int(match[1])
            for name in ("totalRecord", "perPage", "groupSize")
            if (match := re.search(_SETTING.format(name), config))
        }
        if "totalRecord" in found and "perPage" in found:
            return found
    return {}


def jpage_page_count(html: str) -> int | None:
    """Pages of the column as its pager counts them: `totalRecord` / `perPage`."""
    settings = jpage_settings(html)
    if not settings or settings["perPage"] <= 0:
        return None
    return math.ceil(settings["totalRecord"] / settings["perPage"])


class HanwebColumnSpider(JPaaSArticleSpider):
    """A Hanweb column: page 0 is the column page, later pages the jpage data proxy.

    The proxy is the `<nextgroup>` link of the column page, asked for records
    `startrecord`…`endrecord` (unconfirmed against a live site: no saved proxy answer).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proxy_url: str | None = None
        self.per_page = 0
        self.pages: int | None = None

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(0)

    def list_request(self, page: int) -> scrapy.Request:
        url = self.list_url
        if page > 0 and self.proxy_url and self.per_page > 0:
            first = page * self.per_page + 1
            records = {"startrecord": first, "endrecord": first + self.per_page - 1}
            url = f"{self.proxy_url}&{urlencode({**records, 'perpage': self.per_page})}"
        return scrapy.Request(url, callback=self.parse_list, meta=self.list_meta(page))

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        if response.meta["page"] == 0:
            self.per_page = jpage_settings(response.text).get("perPage", 0)
            if link := _NEXT_GROUP.search(response.text):
                href = Selector(text=link[1]).css("a::attr(href)").get()
                self.proxy_url = response.urljoin(href) if href else None
            if self.proxy_url is None or self.per_page <= 0:
                self.logger.warning(
                    "%s names no jpage data proxy: its first page only", response.url
                )
                self.pages = 1
        yield from super().parse_list(response)

    def parse_rows(self, response: Response) -> Iterator[ListingRow]:
        yield from datastore_rows(response.text, response)

    def page_total(self, response: Response) -> int | None:
        """The column page's count; a proxy answer goes on with it."""
        if self.pages is None:
            self.pages = jpage_page_count(response.text)
        return self.pages
