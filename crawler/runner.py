"""Run crawls in this process: sources of one site one after another, sites side by side."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Generator
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from twisted.internet import defer

from crawler.extensions import run_counts, run_outcome
from crawler.sources import SourceInfo


def project_settings(
    *,
    replica: str | None = None,
    db_url: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The project's Scrapy settings with the command line's choices applied."""
    if replica:
        os.environ["POLICYWATCH_REPLICA"] = replica
    if db_url:
        os.environ["POLICYWATCH_DB_URL"] = db_url
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def run_crawls(settings: Settings, sources: list[SourceInfo]) -> dict[str, dict[str, Any]]:
    """Crawl `sources` once and return each one's outcome and counts, keyed by source id."""
    process = CrawlerProcess(settings, install_root_handler=True)
    crawlers: list[Crawler] = []

    @defer.inlineCallbacks
    def crawl_site(site_sources: list[SourceInfo]) -> Generator[Any, Any, None]:
        for source in site_sources:
            crawler = process.create_crawler(source.id)
            crawlers.append(crawler)
            yield process.crawl(crawler)

    by_site: dict[str, list[SourceInfo]] = defaultdict(list)
    for source in sources:
        by_site[source.site].append(source)
    for site_sources in by_site.values():
        crawl_site(site_sources)
    process.start()
    return {crawler.spider.name: _summary(crawler) for crawler in crawlers}


def _summary(crawler: Crawler) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    outcome, reason = run_outcome(stats, stats.get("finish_reason", "unknown"))
    elapsed = stats.get("elapsed_time_seconds")
    return {"outcome": outcome, "reason": reason, "elapsed_seconds": elapsed, **run_counts(stats)}
