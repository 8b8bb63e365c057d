"""Run crawls in this process: sources of one site one after another, sites side by side."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from crawler.sources import SourceInfo

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings


def project_settings(
    *,
    replica: str | None = None,
    db_url: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The project's Scrapy settings with the command line's choices applied."""
    from scrapy.utils.project import get_project_settings

    if replica:
        os.environ["POLICYWATCH_REPLICA"] = replica
    if db_url:
        os.environ["POLICYWATCH_DB_URL"] = db_url
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def run_crawls(
    settings: Settings,
    sources: list[SourceInfo],
    *,
    watch: Callable[[Crawler, str], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Crawl `sources` once and return each one's outcome and counts, keyed by source id.

    `watch` is given each crawler with its source id before it starts. Scrapy logs through
    the handlers the caller installed on the root logger.
    """
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import defer

    settings = settings.copy()
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)
    process = CrawlerProcess(settings)
    crawlers: list[Crawler] = []

    @defer.inlineCallbacks
    def crawl_site(site_sources: list[SourceInfo]) -> Generator[Any, Any, None]:
        for source in site_sources:
            crawler = process.create_crawler(source.id)
            crawlers.append(crawler)
            if watch:
                watch(crawler, source.id)
            yield process.crawl(crawler)

    by_site: dict[str, list[SourceInfo]] = defaultdict(list)
    for source in sources:
        by_site[source.site].append(source)
    for site_sources in by_site.values():
        crawl_site(site_sources)
    process.start()
    return {crawler.spider.name: _summary(crawler) for crawler in crawlers}


def _summary(crawler: Crawler) -> dict[str, Any]:
    from crawler.extensions.crawl_run import run_counts, run_outcome

    stats = crawler.stats.get_stats()
    outcome, reason = run_outcome(stats, stats.get("finish_reason", "unknown"))
    elapsed = stats.get("elapsed_time_seconds")
    return {"outcome": outcome, "reason": reason, "elapsed_seconds": elapsed, **run_counts(stats)}
