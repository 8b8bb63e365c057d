"""Store items in batches, one transaction per batch: new, unchanged or revised."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.asyncio import CallLaterResult, call_later
from sqlalchemy.exc import IntegrityError

from crawler.extensions.crawl_run import RUN_ID
from crawler.items import PolicyItem
from crawler.store import crawler_store
from storage import IngestResult, ingest
from storage.similarity import load_minhash

logger = logging.getLogger(__name__)

BATCH_ITEMS = 16
BATCH_SECONDS = 2.0


class StoragePipeline:
    """Hands items to `storage.ingest` (storage decides new, unchanged or revised), several to
    a transaction: a batch is committed once it holds BATCH_ITEMS items, BATCH_SECONDS after its
    first item came, and when the spider closes.

    A kill loses the items of the batch not committed yet, nothing else: what was committed
    is whole items, and the run, never recorded `ok`, makes the next crawl paginate fully and
    fetch them again. A batch that fails (a page stored concurrently by another crawl, a bad
    item) is rolled back and its items stored one by one, each in its own transaction.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch: list[PolicyItem] = []
        self.timer: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        load_minhash()

    def close_spider(self) -> None:
        self.commit()

    def process_item(self, item: PolicyItem) -> PolicyItem:
        self.batch.append(item)
        if len(self.batch) >= BATCH_ITEMS:
            self.commit()
        elif self.timer is None:
            self.timer = call_later(BATCH_SECONDS, self.commit)
        return item

    def commit(self) -> None:
        """Store the items of the batch."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.batch = self.batch, []
        if not batch:
            return
        records = [item.to_record() for item in batch]
        try:
            with crawler_store(self.crawler).session() as session, session.begin():
                results: list[IngestResult | None] = [
                    ingest(session, record, crawl_run_id=self._run_id()) for record in records
                ]
        except Exception:
            logger.info("a batch of %d items failed: storing them one by one", len(batch))
            results = [
                self._store_alone(item, record) for item, record in zip(batch, records, strict=True)
            ]
        for item, result in zip(batch, results, strict=True):
            if result is not None:
                self._count(item, result)

    def _store_alone(self, item: PolicyItem, record: dict[str, Any]) -> IngestResult | None:
        """The item stored in a transaction of its own (again if a concurrent crawl stored its
        page first), or None after logging why it could not be."""
        store = crawler_store(self.crawler)
        try:
            for attempt in (1, 2):
                try:
                    with store.session() as session, session.begin():
                        return ingest(session, record, crawl_run_id=self._run_id())
                except IntegrityError:
                    if attempt == 2:
                        raise
                    logger.info("%s was stored concurrently; ingesting again", item.url)
        except Exception:
            logger.exception("%s could not be stored", item.url)
        return None

    def _count(self, item: PolicyItem, result: IngestResult) -> None:
        self.crawler.stats.inc_value(f"policywatch/ingest/{result.kind}")
        if result.kind != "unchanged":
            logger.info("%s %s: %s", result.kind, item.source, item.title)

    def _run_id(self) -> int | None:
        return self.crawler.stats.get_value(RUN_ID)
