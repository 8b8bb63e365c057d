"""The State Council policy library: its JSON search API and the www.gov.cn pages it lists."""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from crawler.dates import parse_date
from crawler.extract import first_text
from crawler.items import PolicyItem
from crawler.listing import ListingRow
from crawler.metadata import label_values
from crawler.platforms.base import PolicySpider, meta_content, whole_page

FIRST_PAGE = 1
API_DEFAULT_SIZE = 10
ANSWERED = 200
NO_RESULTS = 1001
HELD = "govcn_held_rows"
_TAG = re.compile(r"<[^>]+>")
_SOURCE_LABEL = re.compile(r"^\s*来\s*源\s*[:：]\s*")


@dataclass(frozen=True)
class Category:
    """One category of an API answer: its rows on this page and how many it has in all."""

    name: str
    rows: list[ListingRow]
    total: int


def plain_title(title: str) -> str:
    """An API title without its `<em>` search highlights or HTML entities."""
    return unescape(_TAG.sub("", title)).strip()


def agency_of_source(source: str | None) -> str | None:
    """The agency a news-style page names as its source: `来源：工业和信息化部网站`."""
    if not source:
        return None
    name = _SOURCE_LABEL.sub("", source).strip()
    return name.removesuffix("网站") if name.endswith("网站") else None


class GovSearchSpider(PolicySpider):
    """A search of the policy library, paged by `p=` in `list_url` (its `q=` and `n=` too).

    The API pages each category (国务院文件, 部门文件 …) on its own, so page p of a short
    category reaches further back than page p of a long one. Rows are handed on in one
    date order: a row goes out once no category can still list a newer one; older rows
    ride along with the request for the next page. That keeps every page a date range of
    its own, as the incremental crawl and the vanished-document check expect.
    """

    categories: ClassVar[tuple[str, ...]] = ("gongwen", "bumenfile")
    referer: ClassVar[str] = "https://sousuo.www.gov.cn/"
    content_selector: ClassVar[str] = "#UCAP-CONTENT"
    metadata_cells: ClassVar[str] = "div.policyLibraryOverview_header td"

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(0)

    @property
    def page_size(self) -> int:
        size = dict(parse_qsl(urlsplit(self.list_url).query)).get("n", "")
        return int(size) if size.isdigit() else API_DEFAULT_SIZE

    def page_url(self, page: int) -> str:
        parts = urlsplit(self.list_url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        if "p" not in dict(query):
            query.append(("p", ""))
        number = str(page + FIRST_PAGE)
        query = [(key, number if key == "p" else value) for key, value in query]
        return urlunsplit(parts._replace(query=urlencode(query)))

    def list_request(self, page: int, held: Iterable[ListingRow] = ()) -> scrapy.Request:
        return scrapy.Request(
            self.page_url(page),
            callback=self.parse_list,
            headers={
                "Referer": self.referer,
                "Accept": "application/json, text/javascript, */*; q=0.01",
                "X-Requested-With": "XMLHttpRequest",
            },
            meta=self.list_meta(page, **{HELD: tuple(held)}),
        )

    def parse_rows(self, response: Response) -> Iterator[ListingRow]:
        for category in self.categories_of(_answer(response)):
            yield from category.rows

    def page_total(self, response: Response) -> int | None:
        totals = [category.total for category in self.categories_of(_answer(response))]
        return math.ceil(max(totals) / self.page_size) if totals else None

    def categories_of(self, answer: dict[str, Any] | list[Any]) -> list[Category]:
        """The watched categories of an API answer (or its one list, for a single library).

        In the all-libraries mode the rows are in `searchVO.catMap.<library>.listVO` and
        `searchVO.totalCount` is 0; with one library they are `searchVO.listVO`. A static
        feed (`ZUIXINZHENGCE.json`) is a bare array of `{TITLE, URL, DOCRELPUBTIME}`: one
        page, no totals.
        """
        if isinstance(answer, list):
            rows = _feed_rows(answer)
            return [Category("feed", rows, len(rows))]
        found = answer.get("searchVO") or {}
        if found.get("catMap"):
            return [
                Category(name, _rows(block.get("listVO")), int(block.get("totalCount") or 0))
                for name, block in found["catMap"].items()
                if name in self.categories
            ]
        if found.get("listVO") is not None:
            return [Category("", _rows(found["listVO"]), int(found.get("totalCount") or 0))]
        return []

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        page = response.meta["page"]
        held: list[ListingRow] = list(response.meta.get(HELD, ()))
        answer = _answer(response)
        if isinstance(answer, dict) and answer.get("code") not in (ANSWERED, NO_RESULTS):
            self.logger.error("search API answered code %r at %s", answer.get("code"), response.url)
            return
        categories = self.categories_of(answer)
        rows = held + [row for category in categories for row in category.rows]
        if not rows:
            if page == 0:
                self.crawler.stats.inc_value("policywatch/list/empty")
                self.logger.error("search %s listed nothing: has the API changed?", response.url)
            return
        shown = (page + 1) * self.page_size
        going_on = [category for category in categories if category.total > shown]
        if not going_on:
            yield from (self.detail_request(row) for row in rows)
            return
        frontier = max(_oldest(category.rows) for category in going_on)
        yield from (self.detail_request(row) for row in rows if _day(row) > frontier)
        yield self.list_request(page + 1, (row for row in rows if _day(row) <= frontier))

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        page = whole_page(response.text)
        content = page.css(self.content_selector)
        if not content:
            self.missing_content(response, (self.content_selector,))
            return
        fields = label_values(page.css(self.metadata_cells).xpath("string()").getall())
        yield self.build_item(
            response,
            content[0].get(),
            title=first_text([fields.get("title"), page.css("h1#ti::text").get()]),
            published=[
                fields.get("published"),
                first_text(page.css("div.pages-date::text").getall()),
                meta_content(page, "firstpublishedtime"),
            ],
            written_on=fields.get("written_on"),
            wenhao=fields.get("wenhao"),
            agency=first_text(
                [
                    fields.get("agency"),
                    agency_of_source(page.css("div.pages-date span.font::text").get()),
                ]
            ),
            index_no=fields.get("index_no"),
        )


def _answer(response: Response) -> dict[str, Any] | list[Any]:
    try:
        answer = json.loads(response.text)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict | list) else {}


def _feed_rows(feed: list[Any]) -> list[ListingRow]:
    return [
        ListingRow(url=entry["URL"], title=title, date=first_text([entry.get("DOCRELPUBTIME")]))
        for entry in feed
        if isinstance(entry, dict)
        and entry.get("URL")
        and (title := plain_title(str(entry.get("TITLE") or "")))
    ]


def _rows(listed: list[dict[str, Any]] | None) -> list[ListingRow]:
    rows = []
    for row in listed or ():
        url, title = row.get("url"), plain_title(str(row.get("title") or ""))
        if url and title:
            date_shown = row.get("pubtimeStr") or row.get("pubtime") or None
            rows.append(
                ListingRow(
                    url=url,
                    title=title,
                    date=str(date_shown) if date_shown else None,
                    wenhao=first_text([row.get("pcode")]),
                )
            )
    return rows


def _day(row: ListingRow) -> date:
    return parse_date(row.date) or date.min


def _oldest(rows: list[ListingRow]) -> date:
    return min((_day(row) for row in rows), default=date.min)
