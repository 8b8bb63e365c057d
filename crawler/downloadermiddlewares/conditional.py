"""Conditional GET on list pages: send the stored validators, take a 304 as "nothing new"."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.extensions.crawl_run import LIST_PAGES_FETCHED, RUN_ID
from crawler.listing import LIST_PAGE
from crawler.store import crawler_store
from storage import previous_run_outcome
from storage.http_cache import Validators, keep_list_validators, list_validators

logger = logging.getLogger(__name__)

NOT_MODIFIED = 304


class ConditionalListMiddleware:
    """Asks for a list page only if it changed since the last crawl that ended well.

    A GET for a list page carries the `If-None-Match` / `If-Modified-Since` the page last
    answered with. A 304 ends that branch of the crawl without parsing: the page, its rows
    and the pages after it are as they were. Validators are sent only when the source's
    previous run ended `ok` (a killed or failed run may have left rows unstored) and never
    under `POLICYWATCH_BACKFILL`; they are kept from every 200 answer.
    """

    def __init__(self, crawler: Crawler, *, backfill: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.backfill = backfill
        self._conditional: bool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalListMiddleware:
        return cls(crawler, backfill=crawler.settings.getbool("POLICYWATCH_BACKFILL"))

    def process_request(self, request: Request) -> None:
        if not _is_list_get(request) or not self._may_ask_conditionally():
            return
        with crawler_store(self.crawler).session() as session:
            known = list_validators(session, request.url)
        if known is None:
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified
        self.stats.inc_value("policywatch/conditional/asked")

    def process_response(self, request: Request, response: Response) -> Response:
        if not _is_list_get(request):
            return response
        if response.status == NOT_MODIFIED:
            self.stats.inc_value("policywatch/conditional/not_modified")
            self.stats.inc_value(LIST_PAGES_FETCHED)
            logger.info("%s is not modified: nothing new there", request.url)
            raise IgnoreRequest(f"{request.url} is not modified")
        if response.status == 200:
            validators = Validators(_header(response, b"ETag"), _header(response, b"Last-Modified"))
            with crawler_store(self.crawler).session() as session, session.begin():
                keep_list_validators(session, request.url, validators)
        return response

    def _may_ask_conditionally(self) -> bool:
        if self._conditional is None:
            self._conditional = not self.backfill and self._previous_run_ok()
        return self._conditional

    def _previous_run_ok(self) -> bool:
        spider = self.crawler.spider
        with crawler_store(self.crawler).session() as session:
            outcome = previous_run_outcome(
                session, spider.name, before_run_id=self.stats.get_value(RUN_ID)
            )
        return outcome == "ok"


def _is_list_get(request: Request) -> bool:
    return bool(request.meta.get(LIST_PAGE)) and request.method == "GET"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1")[:255] if value else None
