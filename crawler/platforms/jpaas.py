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

from crawler.extract import collapse_space, first_text
from crawler.items import PolicyItem
from crawler.listing import ListingRow
from crawler.platforms.base import PolicySpider

API_HEADERS = {
    "Accept": "application/json, text/javascript, */*; q=0.01",
    "X-Requested-With": "XMLHttpRequest",
}
SOURCE_LABEL = "来源"


def unit_query(html: str) -> tuple[str, dict[str, str]] | None:
    """The unit API path and parameters that a column shell's unitbuild script names.

    The script carries them as attributes: `url`, `parseType` and `querydata`, a JSON object
    written with single quotes.
    """
    for script in Selector(text=html).css("script[querydata][url]"):
        try:
            found = json.loads(script.attrib["querydata"].replace("'", '"'))
        except ValueError:
            continue
        if not isinstance(found, dict):
            continue
        query = {str(name): str(value) for name, value in found.items()}
        if parse_type := script.attrib.get("parsetype"):
            query["parseType"] = parse_type
        return script.attrib["url"], query
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
    """Pages of the list, from the `div.pagination` `count` (records) and `rows` attributes."""
    pager = fragment.css("div.pagination[count][rows]")
    if not pager:
        return None
    try:
        count, rows = int(pager.attrib["count"]), int(pager.attrib["rows"])
    except ValueError:
        return None
    return math.ceil(count / rows) if rows > 0 else None


def article_source(response: Response) -> str | None:
    """The department or outlet in the article's `.cinfo` line (`来源：装备工业一司`)."""
    for text in response.css(".cinfo span::text").getall():
        label, _, value = collapse_space(text).replace(":", "：").partition("：")
        if label == SOURCE_LABEL and value.strip():
            return value.strip()
    return None


class JPaaSArticleSpider(PolicySpider):
    """Reads JPaaS article pages: `h1#con_title`, `#con_time`, `来源：…`, body `div#con_con`."""

    content_selector: ClassVar[str] = "div#con_con"

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        yield from self.article_item(response)

    def article_item(
        self, response: Response, *, agency: str | None = None
    ) -> Iterator[PolicyItem]:
        """The item of an article page; `agency`, when a listing names it, wins over `来源`."""
        content = response.css(self.content_selector)
        if not content:
            self.missing_content(response, [self.content_selector])
            return
        yield self.build_item(
            response,
            content[0].get(),
            title=first_text([" ".join(response.css("h1#con_title ::text").getall())]),
            published=[response.css("#con_time::text").get()],
            agency=first_text([agency, article_source(response)]),
        )


class JPaaSUnitSpider(JPaaSArticleSpider):
    """A column whose `list_url` is a shell: its list comes from the JPaaS unit build API.

    The shell is read once per crawl for the API parameters; list page N (from 0) is the
    API call with `paramJson={"pageNo":N+1,"pageSize":"<page_size>"}` from the second page on.
    """

    page_size: ClassVar[int] = 24

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_url: str | None = None
        self.unit_params: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.list_url, callback=self.parse_shell)

    def parse_shell(self, response: Response) -> Iterator[scrapy.Request]:
        found = unit_query(response.text)
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
        for row in unit_html(payload).css("div.page-content ul li.cf"):
            link = row.css("a.fl")
            href = link.attrib.get("href")
            title = first_text([link.attrib.get("title"), " ".join(link.css("::text").getall())])
            if not href or not title:
                continue
            yield ListingRow(
                url=response.urljoin(href),
                title=title,
                date=first_text(row.css("span.fr::text").getall()),
            )

    def page_total(self, response: Response) -> int | None:
        return unit_page_count(unit_html(json_payload(response)))
