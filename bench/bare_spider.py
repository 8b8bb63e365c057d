"""Baseline for bench/crawl.py: a bare Scrapy spider that fetches given URLs and does nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: scrapy.http.Response) -> None:
        return None


def main() -> None:
    """Read URLs (JSON list) from stdin; arguments: the replica's URL, the concurrent requests
    in all and per host, the concurrent items; print the crawl's stats as JSON."""
    urls = json.load(sys.stdin)
    replica = sys.argv[1]
    concurrent, per_host, items = (int(number) for number in sys.argv[2:5])
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "CONCURRENT_REQUESTS": concurrent,
            "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
            "CONCURRENT_ITEMS": items,
            "DOWNLOAD_DELAY": 0,
            "HTTPERROR_ALLOW_ALL": True,
            "POLICYWATCH_REPLICA": replica,
            "DOWNLOAD_HANDLERS": {
                "http": "crawler.downloadhandlers.replica.ReplicaDownloadHandler",
                "https": "crawler.downloadhandlers.replica.ReplicaDownloadHandler",
            },
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = crawler.stats.get_stats()
    print(
        json.dumps(
            {
                "requests": stats.get("downloader/request_count", 0),
                "elapsed_seconds": stats.get("elapsed_time_seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
