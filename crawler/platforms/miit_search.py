"""The JPaaS search API (`search-front-server`) as a list: JSON rows leading to article pages."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.dates import CHINA, parse_datetime
from crawler.extract import first_text
from crawler.items import PolicyItem
from crawler.listing import LISTING, ListingRow
from crawler.platforms.jpaas import API_HEADERS, JPaaSArticleSpider, json_payload

SEARCH_PATH = "/search-front-server/api/search/info"
SELECT_FIELDS = (
    "title,content,deploytime,_index,url,cdate,infoextends,infocontentattribute,columnname,"
    "filenumbername,publishgroupname,publishtime,metaid,bexxgk,columnid,xxgkextend1,"
    "xxgkextend2,themename,typename,indexcode,createdate"
)


def search_url(host: str, *, website_id: str, category: str, page_size: int) -> str:
    """The first page of a category, newest first, as the site's own search page asks for it."""
    query = {
        "websiteid": website_id,
        "scope": "basic",
        "q": "",
        "pg": str(page_size),
        "p": "1",
        "cateid": category,
        "pos": "title_text,infocontent,titlepy",
        "dateField": "deploytime",
        "sortFields": json.dumps([{"name": "deploytime", "type": "desc"}], separators=(",", ":")),
        "group": "distinct",
        "selectFields": SELECT_FIELDS,
    }
    return f"https://{host}{SEARCH_PATH}?{urlencode(query)}"


@dataclass(frozen=True)
class LibraryRow(ListingRow):
    """A search row: besides title, date and 文号 it names the publishing agency."""

    agency: str | None = None


def search_result(payload: dict[str, Any]) -> dict[str, Any]:
    """The `data.searchResult` object of a search answer (empty when missing)."""
    data = payload.get("data")
    result = data.get("searchResult") if isinstance(data, dict) else None
    return result if isinstance(result, dict) else {}


def search_records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The first record of each result group (`data.searchResult.dataResults[].groupData[0]`)."""
    result = search_result(payload)
    records = []
    for group in result.get("dataResults") or ():
        members = group.get("groupData") or [group]
        data = members[0].get("data") if isinstance(members[0], dict) else None
        if isinstance(data, dict):
            records.append(data)
    return records


def listed_date(record: dict[str, Any]) -> str | None:
    """The record's date as `YYYY-MM-DD` (China time), like a column list shows it."""
    if text := first_text([record.get("jsearch_date")]):
        return text[:10]
    moment = parse_datetime(record.get("deploytime"))
    return f"{moment.astimezone(CHINA):%Y-%m-%d}" if isinstance(moment, datetime) else None


def plain(text: Any) -> str | None:
    """A field without the `<em>` highlight tags the search adds."""
    if not isinstance(text, str):
        return None
    return first_text([Selector(text=f"<p>{text}</p>").xpath("string()").get()])


class JSearchSpider(JPaaSArticleSpider):
    """A search category crawled page by page (`p`); rows lead to JPaaS article pages."""

    referer: ClassVar[str]

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(0)

    def list_request(self, page: int) -> scrapy.Request:
        parts = urlsplit(self.list_url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True)) | {"p": str(page + 1)}
        return scrapy.Request(
            urlunsplit(parts._replace(query=urlencode(query))),
            callback=self.parse_list,
            meta=self.list_meta(page),
            headers={**API_HEADERS, "Referer": self.referer},
        )

    def parse_rows(self, response: Response) -> Iterator[LibraryRow]:
        payload = json_payload(response)
        if not payload.get("success"):
            self.logger.error(
                "search API %s answered code %s: %s",
                response.url,
                payload.get("code"),
                payload.get("message"),
            )
            return
        for record in search_records(payload):
            url, title = record.get("url"), plain(record.get("title") or record.get("title_text"))
            if not isinstance(url, str) or not url.strip() or not title:
                continue
            yield LibraryRow(
                url=response.urljoin(url.strip()),
                title=title,
                date=listed_date(record),
                wenhao=plain(record.get("filenumbername")),
                agency=plain(record.get("publishgroupname")),
            )

    def page_total(self, response: Response) -> int | None:
        result = search_result(json_payload(response))
        page_size = dict(parse_qsl(urlsplit(response.url).query)).get("pg", "")
        total = result.get("totalCount")
        if not isinstance(total, int) or not page_size.isdigit() or int(page_size) == 0:
            return None
        return math.ceil(total / int(page_size))

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        row = response.meta[LISTING]
        agency = row.agency if isinstance(row, LibraryRow) else None
        yield from self.article_item(response, agency=agency)
