"""JPaaS (Hanweb) sites: column shells whose lists come from the unit build API, and articles."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.dates import parse_date
from crawler.extract import collapse_space, first_text
from crawler.items import PolicyItem
from crawler.listing import ListingRow
from crawler.metadata import label_values
from crawler.platforms.base import PolicySpider

API_HEADERS = {
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}
SOURCE_LABELS = ("来源", "信息来源")
PUBLISHED_LABELS = ("发布时间", "发布日期")
INFO_LINE = ".cinfo span, div.small-title span"


def unit_query(html: str, tag: str | None = None) -> tuple[str, dict[str, str]] | None:
    """The unit API path and parameters of the page's list unit (`pageType` column).

    A page carries a unitbuild script per unit, the article pages one for their own body
    (`pageType` article): the list's is the column one, with `tag` as its `tagId` when
    given. Its `querydata` is JSON, written with HTML-escaped double quotes or with single
    quotes.
    """
    for script in Selector(text=html).css("script[querydata][url]"):
        found = query_data(script.attrib["querydata"])
        if found is None or found.get("pageType", "column") != "column":
            continue
        if tag is not None and found.get("tagId") != tag:
            continue
        if parse_type := script.attrib.get("parsetype"):
            found["parseType"] = parse_type
        return script.attrib["url"], found
    return None


def query_data(raw: str) -> dict[str, str] | None:
    """A `querydata` attribute as a mapping: JSON, or the single-quoted pseudo-JSON form."""
    for text in (raw, raw.replace("'", '"')):
        try:
            found = json.loads(text)
        except ValueError:
            continue
        if isinstance(found, dict):
            return {str(name): str(value).strip() for name, value in found.items()}
    return None


def json_payload(response: Response) -> dict[str, Any]:
    """A JSON API's answer; an empty mapping when the body is not a JSON object."""
    try:
        payload = json.loads(response.text)
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}


def unit_html(payload: dict[str, Any]) -> Selector:
    """The list fragment inside a unit API answer (`data.html`)."""
    data = payload.get("data")
    html = data.get("html") if isinstance(data, dict) else None
    return Selector(text=html if isinstance(html, str) and html.strip() else "<div></div>")


def unit_page_count(fragment: Selector) -> int | None:
    """Pages of the list, from the pager's `count` (records) and `rows` attributes."""
    pager = fragment.css(".pagination[count][rows]")
    if not pager:
        return None
    try:
        count, rows = int(pager.attrib["count"]), int(pager.attrib["rows"])
    except ValueError:
        return None
    return math.ceil(count / rows) if rows > 0 else None


def unit_rows(fragment: Selector, response: Response) -> Iterator[ListingRow]:
    """The rows of a unit's list: each `li` with a link and a date beside it.

    Units differ in classes (MIIT `li.cf > a.fl + span.fr`, Zhejiang `li.clearfix >
    a.bt-left + span.bt-right`); the link text may be cut with `...`, `@title` is whole.
    """
    for row in fragment.css("li"):
        link = row.css("a[href]")
        href = link.attrib.get("href", "") if link else ""
        shown = next((d for d in row.css("span::text").getall() if parse_date(d)), None)
        title = first_text([link.attrib.get("title"), " ".join(link.css("::text").getall())])
        if not href or href.startswith("javascript") or not title or shown is None:
            continue
        yield ListingRow(url=response.urljoin(href), title=title, date=collapse_space(shown))


def article_line(response: Response, labels: tuple[str, ...]) -> str | None:
    """The value of the article's info line labelled one of `labels` (`来源：装备工业一司`)."""
    for text in response.css(f"{INFO_LINE}::text").getall():
        label, _, value = collapse_space(text).replace(":", "：").partition("：")
        if label in labels and value.strip():
            return value.strip()
    return None


class JPaaSArticleSpider(PolicySpider):
    """Reads JPaaS article pages.

    MIIT: `h1#con_title`, `#con_time`, `来源：…`, body `div#con_con`. Other JPaaS sites
    (Zhejiang): `p.con-title`, `div.small-title` spans `发布日期：…` / `信息来源：…`, the
    disclosure table `table.xxgktab` (发布机构, 文件编号 …), body `div#zoom`.
    """

    content_selectors: ClassVar[tuple[str, ...]] = ("div#con_con", "div#zoom")
    metadata_cells: ClassVar[str] = "table.xxgktab td"

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        yield from self.article_item(response)

    def article_item(
        self, response: Response, *, agency: str | None = None
    ) -> Iterator[PolicyItem]:
        """The item of an article page; `agency`, when a listing names it, wins over `来源`."""
        content = next((found for s in self.content_selectors if (found := response.css(s))), None)
        if content is None:
            self.missing_content(response, self.content_selectors)
            return
        fields = label_values(response.css(self.metadata_cells).xpath("string()").getall())
        yield self.build_item(
            response,
            content[0].get(),
            title=first_text(
                [
                    " ".join(response.css("h1#con_title ::text").getall()),
                    " ".join(response.css("p.con-title ::text").getall()),
                ]
            ),
            published=[
                response.css("#con_time::text").get(),
                article_line(response, PUBLISHED_LABELS),
            ],
            written_on=fields.get("written_on"),
            wenhao=fields.get("wenhao"),
            agency=first_text(
                [agency, fields.get("agency"), article_line(response, SOURCE_LABELS)]
            ),
            index_no=fields.get("index_no"),
        )


class JPaaSUnitSpider(JPaaSArticleSpider):
    """A column whose `list_url` is a shell: its list comes from the JPaaS unit build API.

    The shell is read once per crawl for the API parameters; list page N (from 0) is the
    API call with `paramJson={"pageNo":N+1,"pageSize":"<page_size>"}` from the second page on.
    """

    page_size: ClassVar[int] = 24
    unit_tag: ClassVar[str | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_url: str | None = None
        self.unit_params: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.list_url, callback=self.parse_shell)

    def parse_shell(self, response: Response) -> Iterator[scrapy.Request]:
        found = unit_query(response.text, self.unit_tag)
        if found is None:
            self.crawler.stats.inc_value("policywatch/list/empty")
            self.logger.error(
                "column page %s has no unitbuild script with querydata: has the layout changed?",
                response.url,
            )
            return
        path, self.unit_params = found
        self.unit_url = response.urljoin(path)
        yield self.list_request(0)

    def list_request(self, page: int) -> scrapy.Request:
        if self.unit_url is None:
            raise RuntimeError("the column shell has not been read yet")
        params = dict(self.unit_params)
        if page > 0:
            paging = {"pageNo": page + 1, "pageSize": str(self.page_size)}
            params["paramJson"] = json.dumps(paging, separators=(",", ":"))
        return scrapy.Request(
            f"{self.unit_url}?{urlencode(params)}",
            callback=self.parse_list,
            meta=self.list_meta(page),
            headers={**API_HEADERS, "Referer": self.list_url},
        )

    def parse_rows(self, response: Response) -> Iterator[ListingRow]:
        payload = json_payload(response)
        if not payload.get("success"):
            self.logger.error(
                "unit API %s answered code %s: %s",
                response.url,
                payload.get("code"),
                payload.get("message"),
            )
            return
        yield from unit_rows(unit_html(payload), response)

    def page_total(self, response: Response) -> int | None:
        return unit_page_count(unit_html(json_payload(response)))
