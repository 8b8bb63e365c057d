"""Look at stored documents again: when their re-check is due, or when they vanish from a list."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.dates import CHINA, parse_date
from crawler.extensions.crawl_run import RUN_ID
from crawler.listing import DETAIL, LIST_PAGE, LISTING, RECHECK, ListingRow
from crawler.store import crawler_store
from storage import KnownDocument, confirm_unchanged, due_documents, listed_between, withdraw

logger = logging.getLogger(__name__)

GONE = (404, 410)


class RecheckMiddleware:
    """Adds conditional re-check requests for due documents and for ones a list stopped showing.

    A re-check is a conditional GET with the stored ETag / Last-Modified: 304 confirms the
    document, 404 or 410 withdraws it, 200 goes to the spider like any detail page (and
    storage decides whether it changed).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecheckMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            yield output
        with crawler_store(self.crawler).session() as session:
            due = due_documents(session, self.crawler.spider.name)
        for known in due:
            yield self.recheck_request(known, "due")

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        if not response.meta.get(LIST_PAGE):
            async for output in result:
                yield output
            return
        rows: list[ListingRow] = []
        async for output in result:
            if isinstance(output, Request) and output.meta.get(DETAIL):
                rows.append(output.meta[LISTING])
            yield output
        for known in self._vanished(rows, first_page=response.meta.get("page") == 0):
            yield self.recheck_request(known, "vanished from its list")

    def _vanished(self, rows: list[ListingRow], *, first_page: bool) -> Iterator[KnownDocument]:
        days = sorted(day for row in rows if (day := parse_date(row.date)))
        if len(days) < 2 and not (first_page and days):
            return
        newest = None if first_page else days[-1]
        with crawler_store(self.crawler).session() as session:
            found = listed_between(
                session,
                self.crawler.spider.name,
                days[0],
                newest,
                exclude=[row.url for row in rows],
            )
        for known in found:
            self.stats.inc_value("policywatch/recheck/vanished")
            logger.info("%s is no longer listed: checking it", known.url)
            yield known

    def recheck_request(self, known: KnownDocument, why: str) -> Request:
        self.stats.inc_value("policywatch/recheck/requests")
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        published = known.published_at.astimezone(CHINA) if known.published_at else None
        row = ListingRow(
            url=known.url,
            title=known.title,
            date=published.isoformat() if published else None,
            wenhao=known.wenhao,
            stored_fingerprint=known.listing_fingerprint,
        )
        return Request(
            known.url,
            callback=self.answered,
            headers=headers,
            meta={
                DETAIL: True,
                LISTING: row,
                RECHECK: why,
                "handle_httpstatus_list": [304, *GONE],
            },
        )

    def answered(self, response: Response) -> Any:
        if response.status == 304:
            with crawler_store(self.crawler).session() as session, session.begin():
                confirm_unchanged(session, response.url)
            self.stats.inc_value("policywatch/ingest/unchanged")
            return []
        if response.status in GONE:
            with crawler_store(self.crawler).session() as session, session.begin():
                change = withdraw(session, response.url, crawl_run_id=self.stats.get_value(RUN_ID))
            if change is not None:
                self.stats.inc_value("policywatch/ingest/withdrawn")
                logger.info("withdrawn: %s answers %s", response.url, response.status)
            return []
        return self.crawler.spider.parse_detail(response)
