"""Record every crawl as a CrawlRun: when it ran, how it ended, what it fetched and stored."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response

from crawler.downloadermiddlewares.giveups import (
    DETAIL_ATTEMPTED,
    DETAIL_FAILED,
    FAILED_PREFIX,
    REFUSED,
)
from crawler.downloadermiddlewares.urlguard import REFUSED_PREFIX
from crawler.downloadermiddlewares.waf import BLOCKED
from crawler.listing import DETAIL, LIST_PAGE
from crawler.store import crawler_store
from storage import CrawlLock, ensure_source, finish_run, start_run

logger = logging.getLogger(__name__)

RUN_ID = "policywatch/run_id"
LIST_PAGES_FETCHED = "policywatch/list_pages"
BUSY = "busy"


def run_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """The per-run counts that a crawl summary and the CrawlRun row report."""
    return {
        "requests": stats.get("downloader/request_count", 0),
        "detail_requests": stats.get("policywatch/detail_requests", 0),
        "items": stats.get("item_scraped_count", 0),
        "new": stats.get("policywatch/ingest/new", 0),
        "revised": stats.get("policywatch/ingest/revised", 0),
        "unchanged": stats.get("policywatch/ingest/unchanged", 0),
        "changed": sum(
            stats.get(f"policywatch/ingest/{kind}", 0)
            for kind in ("metadata_changed", "attachment_changed", "restored")
        ),
        "withdrawn": stats.get("policywatch/ingest/withdrawn", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "detail_failed": stats.get(DETAIL_FAILED, 0),
        "refused": sum(v for k, v in stats.items() if k.startswith(REFUSED_PREFIX)),
    }


def run_outcome(stats: Mapping[str, Any], finish_reason: str) -> tuple[str, str | None]:
    """How a crawl ended (busy, ok, blocked, down, empty, failed, degraded), and why when it did
    not end well; `busy` is a crawl that found its host being crawled elsewhere. Detail pages
    given up on (refused, redirect limit, over the size cap) make it `down` when none was
    fetched, else `degraded`."""
    if finish_reason == BUSY:
        return BUSY, "another crawl of this host holds its lock"
    if blocked := stats.get(BLOCKED):
        return "blocked", blocked
    if not stats.get(LIST_PAGES_FETCHED):
        return "down", "no list page could be fetched, see the crawl log"
    if finish_reason != "finished":
        return "failed", f"crawl stopped: {finish_reason}"
    if stats.get("policywatch/list/empty"):
        return "empty", "a list page matched no rows"
    attempted, failed = stats.get(DETAIL_ATTEMPTED, 0), stats.get(DETAIL_FAILED, 0)
    if attempted and failed >= attempted:
        return "down", f"all {attempted} detail pages failed: {given_up(stats)}"
    if stats.get("log_count/ERROR", 0):
        return "failed", f"{stats['log_count/ERROR']} errors, see the crawl log"
    if failed:
        return "degraded", f"{failed} of {attempted} detail pages failed: {given_up(stats)}"
    return "ok", None


def given_up(stats: Mapping[str, Any]) -> str:
    """The requests given up on, by reason: `refused 2 (scheme 1, link_local 1), too_large 1`."""
    refused = ", ".join(
        f"{key.removeprefix(REFUSED_PREFIX)} {count}"
        for key, count in sorted(stats.items())
        if key.startswith(REFUSED_PREFIX)
    )
    return ", ".join(
        f"{reason} {count}" + (f" ({refused})" if reason == REFUSED and refused else "")
        for key, count in sorted(stats.items())
        if (reason := key.removeprefix(FAILED_PREFIX)) != key
    )


class CrawlRunRecorder:
    """Opens a CrawlRun when a spider opens and closes it with outcome and counts; the crawl
    holds its host's lock (`storage.CrawlLock`) from open to close, and ends `busy` without one.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.lock: CrawlLock | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        store = crawler_store(self.crawler)
        with store.session() as session, session.begin():
            ensure_source(
                session,
                spider.name,
                site=spider.site,
                name=f"{spider.site_name} · {spider.column_name}",
                list_url=spider.list_url,
                region=spider.region,
                city=spider.city,
            )
            run_id = start_run(session, spider.name)
        self.crawler.stats.set_value(RUN_ID, run_id)
        self.lock = CrawlLock(store.engine, f"host:{urlsplit(spider.list_url).hostname}")
        if not self.lock.acquire():
            raise CloseSpider(BUSY)

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        if request.meta.get(DETAIL):
            self.crawler.stats.inc_value("policywatch/detail_requests")
        if request.meta.get(LIST_PAGE) and response.status < 300:
            self.crawler.stats.inc_value(LIST_PAGES_FETCHED)

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        outcome, why = run_outcome(stats, reason)
        store = crawler_store(self.crawler)
        with store.session() as session, session.begin():
            finish_run(
                session,
                stats[RUN_ID],
                outcome=outcome,
                reason=why,
                counts=run_counts(stats),
                stats=_jsonable(stats),
            )
        logger.info("%s: %s %s", spider.name, outcome, run_counts(stats))
        if self.lock is not None:
            self.lock.release()
        store.close()


def _jsonable(stats: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, int | float | str | bool) else str(value)
        for key, value in stats.items()
    }
