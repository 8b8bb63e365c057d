"""gkmlpt, Guangdong's disclosure platform: the SID in `/gkmlpt/index`, then the JSON list API."""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from crawler.dates import CHINA
from crawler.extract import first_text
from crawler.items import RESPONSE_FLAGS, PolicyItem
from crawler.listing import ListingRow
from crawler.metadata import label_values
from crawler.platforms.base import PolicySpider, meta_content

ABOLISHED = "abolished"
JSON_ACCEPT = "application/json, text/javascript, */*; q=0.01"
_SID = re.compile(r"window\._CONFIG\s*=\s*\{[^}]*?\bSID\s*:\s*['\"]?(\w+)")


class GkmlptSpider(PolicySpider):
    """Base spider for one gkmlpt catalog; `list_url` is its API, `…/gkmlpt/api/all/{catId}`.

    The index page counts as the list's entry: without a SID there is nothing to list.
    Articles marked `is_abolished` are stored with the flag `abolished`.
    """

    page_size: ClassVar[int] = 100
    metadata_cells: ClassVar[tuple[str, ...]] = ("div.classify td", "div.introduce div.col")
    content_selectors: ClassVar[tuple[str, ...]] = ("div.article-content", "div.zw")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sid: str | None = None
        self.abolished: set[str] = set()

    @property
    def site_root(self) -> str:
        parts = urlsplit(self.list_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def index_url(self) -> str:
        return self.list_url.split("/gkmlpt/", 1)[0] + "/gkmlpt/index"

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.index_url, callback=self.parse_index, meta=self.list_meta(0))

    def parse_index(self, response: Response) -> Iterator[scrapy.Request]:
        match = _SID.search(response.text)
        if match is None:
            self.crawler.stats.inc_value("policywatch/list/empty")
            self.logger.error("no SID in window._CONFIG of %s: has gkmlpt changed?", response.url)
            return
        self.sid = match[1]
        yield self.list_request(0)

    def list_request(self, page: int) -> scrapy.Request:
        query = urlencode({"page": page + 1, "sid": self.sid})
        return scrapy.Request(
            f"{self.list_url}?{query}",
            callback=self.parse_list,
            headers={"Accept": JSON_ACCEPT, "Referer": self.index_url},
            meta=self.list_meta(page),
        )

    def parse_rows(self, response: Response) -> Iterator[ListingRow]:
        for article in json.loads(response.text).get("articles") or ():
            url = article.get("url") or self.content_url(int(article["id"]))
            if article.get("is_abolished"):
                self.abolished.add(url)
            yield ListingRow(
                url=url,
                title=article["title"],
                date=_published(article),
                wenhao=first_text([article.get("document_number")]),
            )

    def page_total(self, response: Response) -> int | None:
        """Pages until the catalog's `classify.post_count` (or `total`) articles are listed."""
        answer = json.loads(response.text)
        classify = answer.get("classify")
        counted = classify.get("post_count") if isinstance(classify, dict) else None
        total = counted or answer.get("total")
        return math.ceil(int(total) / self.page_size) if total else None

    def content_url(self, post_id: int) -> str:
        """`/gkmlpt/content/{id // 1000000}/{id // 1000}/post_{id}.html` on the API's site."""
        folders = f"{post_id // 1000000}/{post_id // 1000}"
        return f"{self.site_root}/gkmlpt/content/{folders}/post_{post_id}.html"

    def detail_request(self, row: ListingRow) -> scrapy.Request:
        request = super().detail_request(row)
        if row.url in self.abolished:
            request.meta[RESPONSE_FLAGS] = [ABOLISHED]
        return request

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        content = next(
            (found[0].get() for s in self.content_selectors if (found := response.css(s))), None
        )
        if content is None:
            self.missing_content(response, self.content_selectors)
            return
        cells = [
            cell
            for selector in self.metadata_cells
            for cell in response.css(selector).xpath("string()").getall()
        ]
        fields = label_values(cells)
        yield self.build_item(
            response,
            content,
            title=first_text([fields.get("title"), meta_content(response, "ArticleTitle")]),
            published=[fields.get("published")],
            written_on=fields.get("written_on"),
            wenhao=fields.get("wenhao"),
            agency=fields.get("agency"),
            index_no=fields.get("index_no"),
        )


def _published(article: dict[str, Any]) -> str | None:
    """When an article was published: `first_publish_time`, else `date` (00:00 of the day)
    made precise by `created_at` when that is the same day."""
    shown = _moment(article.get("first_publish_time")) or _moment(article.get("date"))
    created = first_text([article.get("created_at")])
    if shown and created and created[:10] == shown[:10]:
        return created
    return shown or created


def _moment(epoch_seconds: int | str | None) -> str | None:
    """An epoch-seconds time as China-time text, the form list rows carry dates in."""
    if epoch_seconds in (None, ""):
        return None
    return f"{datetime.fromtimestamp(int(epoch_seconds), CHINA):%Y-%m-%d %H:%M:%S}"
