"""Skip detail pages already stored, and stop paginating at the first fully known list page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.listing import DETAIL, LIST_PAGE, LISTING, NEXT_PAGE, RECHECK, ListingRow
from crawler.store import crawler_store
from storage import known_listings, previous_run_outcome
from storage.identity import canonical_url

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Drops requests for documents whose listing is unchanged since they were stored.

    A detail request is dropped when its canonical URL is stored with the same listing
    fingerprint (title and date as the list shows them). When every row of a list page is
    dropped, so is the request for the next list page: newer documents come first.
    Pagination is only cut short when the previous run of the source completed, so a
    crawl killed half way is finished by the next one; `POLICYWATCH_BACKFILL` lifts the cut.
    """

    def __init__(self, crawler: Crawler, *, backfill: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.backfill = backfill
        self._may_stop: bool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler, backfill=crawler.settings.getbool("POLICYWATCH_BACKFILL"))

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        if not response.meta.get(LIST_PAGE):
            async for output in result:
                yield output
            return
        outputs = [output async for output in result]
        details = [
            o
            for o in outputs
            if isinstance(o, Request) and o.meta.get(DETAIL) and not o.meta.get(RECHECK)
        ]
        known = self._known(details)
        dropped = {id(request) for request in details if self._is_known(request, known)}
        skipped = len(dropped)
        self.stats.inc_value("policywatch/incremental/skipped", skipped)
        stop_here = bool(details) and skipped == len(details) and self._may_stop_paginating()
        if stop_here:
            self.stats.set_value("policywatch/incremental/stopped_at", response.url)
            logger.info("every row of %s is known: pagination stops here", response.url)
        for output in outputs:
            if isinstance(output, Request):
                if id(output) in dropped:
                    continue
                if output.meta.get(NEXT_PAGE) and stop_here:
                    continue
            yield output

    def _known(self, requests: list[Request]) -> dict[str, str | None]:
        if not requests:
            return {}
        store = crawler_store(self.crawler)
        with store.session() as session:
            return known_listings(session, [canonical_url(r.url) for r in requests])

    @staticmethod
    def _is_known(request: Request, known: dict[str, str | None]) -> bool:
        url = canonical_url(request.url)
        row: ListingRow = request.meta[LISTING]
        return url in known and known[url] == row.fingerprint

    def _may_stop_paginating(self) -> bool:
        if self.backfill:
            return False
        if self._may_stop is None:
            spider = self.crawler.spider
            store = crawler_store(self.crawler)
            run_id = self.stats.get_value("policywatch/run_id")
            with store.session() as session:
                outcome = previous_run_outcome(session, spider.name, before_run_id=run_id)
            self._may_stop = outcome == "ok"
            if not self._may_stop:
                logger.info("previous run of %s was %s: paginating fully", spider.name, outcome)
        return self._may_stop
