"""Store each item in its own transaction: new, unchanged or revised."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from sqlalchemy.exc import IntegrityError

from crawler.extensions.crawl_run import RUN_ID
from crawler.items import PolicyItem
from crawler.store import crawler_store
from storage import ingest
from storage.similarity import load_minhash

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)


class StoragePipeline:
    """Hands items to `storage.ingest`; storage decides new, unchanged or revised."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        load_minhash()

    def process_item(self, item: PolicyItem) -> PolicyItem:
        store = crawler_store(self.crawler)
        run_id = self.crawler.stats.get_value(RUN_ID)
        record = item.to_record()
        for attempt in (1, 2):
            try:
                with store.session() as session, session.begin():
                    result = ingest(session, record, crawl_run_id=run_id)
                break
            except IntegrityError:
                if attempt == 2:
                    raise
                logger.info("%s was stored concurrently; ingesting again", item.url)
        self.crawler.stats.inc_value(f"policywatch/ingest/{result.kind}")
        if result.kind != "unchanged":
            logger.info("%s %s: %s", result.kind, item.source, item.title)
        return item
