"""Item pipelines: score topics, digest attachments, store each item in its own transaction."""

from __future__ import annotations

import hashlib
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import IntegrityError
from twisted.internet.threads import deferToThread

from crawler.attachment_worker import ExtractionWorker
from crawler.config import load_config
from crawler.extensions.crawl_run import RUN_ID
from crawler.extract import attachment_type
from crawler.items import AttachmentRef, PolicyItem
from crawler.limits import URL_CAP, Limits, apply_limits
from crawler.quality import GARBLED, assess
from crawler.store import crawler_store
from crawler.topics import Topic, classify, load_topics
from storage import ingest
from storage.attachments import attachment_text
from storage.similarity import load_minhash

logger = logging.getLogger(__name__)

MIN_BODY_CHARACTERS = 50


class QualityPipeline:
    """Cuts fields over their caps, flags a body with corrupted runs and drops one that is all
    corruption or empty, or whose URL is over its cap."""

    def __init__(self, crawler: Crawler, limits: Limits) -> None:
        self.crawler = crawler
        self.limits = limits

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QualityPipeline:
        return cls(
            crawler,
            Limits(
                body_chars=crawler.settings.getint("POLICYWATCH_BODY_MAXCHARS", Limits.body_chars)
            ),
        )

    def process_item(self, item: PolicyItem) -> PolicyItem:
        if len(item.url) > URL_CAP:
            self.crawler.stats.inc_value("policywatch/dropped/url_too_long")
            raise DropItem(f"{item.url[:200]}…: URL over {URL_CAP} characters; not stored")
        if cuts := apply_limits(item, self.limits):
            for name in cuts:
                self.crawler.stats.inc_value(f"policywatch/cut/{name}")
            logger.warning("%s: %s over the cap, cut", item.url, ", ".join(cuts))
        self._count_fields(item)
        quality = assess(item.text)
        share = f"{quality.corrupted_share:.0%}"
        if quality.unusable:
            self.crawler.stats.inc_value("policywatch/dropped/unusable_text")
            raise DropItem(f"{item.url}: body text is empty or corrupted ({share}); not stored")
        if quality.garbled and GARBLED not in item.flags:
            self.crawler.stats.inc_value("policywatch/flagged/garbled")
            logger.warning("%s: %s of the body text is corrupted; stored flagged", item.url, share)
            item.flags.append(GARBLED)
        return item

    def _count_fields(self, item: PolicyItem) -> None:
        found = {
            "wenhao": bool(item.wenhao),
            "published": item.published_at is not None,
            "body": len(item.text) >= MIN_BODY_CHARACTERS,
            "agency": bool(item.issuer),
            "attachments": bool(item.attachments),
        }
        for field in (name for name, present in found.items() if present):
            self.crawler.stats.inc_value(f"policywatch/fields/{field}")


class TopicPipeline:
    """Scores every item against the configured topics (policywatch.toml `[topics.*]`)."""

    def __init__(self, topics: list[Topic]) -> None:
        self.topics = topics

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TopicPipeline:
        return cls(load_topics(load_config()))

    def process_item(self, item: PolicyItem) -> PolicyItem:
        text = f"{item.text}\n{attachment_text(item.attachments)}"
        item.topics = classify(self.topics, item.title, text)
        return item


class AttachmentPipeline:
    """Downloads an item's attachment files, records the sha256 and size of their bytes and
    reads their text in a child process (`crawler.attachment_worker`; a failure, a crash or a
    timeout of the reader is a flag on the file, not an error of the crawl).

    Only files of a recognised attachment type are fetched, each capped at
    `POLICYWATCH_ATTACHMENT_MAXSIZE` bytes (0 turns downloads off); a file that fails or is too
    large keeps no digest and is logged. Files are fetched only when their page was: pages are
    re-fetched with conditional GET, so a page answering 304 costs no attachment download,
    and a CMS that replaces a file republishes its page, which then answers in full.
    """

    def __init__(self, crawler: Crawler, maxsize: int) -> None:
        self.crawler = crawler
        self.maxsize = maxsize
        self.worker = ExtractionWorker()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentPipeline:
        maxsize = crawler.settings.getint("POLICYWATCH_ATTACHMENT_MAXSIZE")
        if maxsize <= 0:
            raise NotConfigured("POLICYWATCH_ATTACHMENT_MAXSIZE is 0: attachments not downloaded")
        return cls(crawler, maxsize)

    def close_spider(self) -> None:
        self.worker.close()

    async def process_item(self, item: PolicyItem) -> PolicyItem:
        for ref in item.attachments:
            if attachment_type(ref.url) is not None:
                await self._digest(ref, item.url)
        return item

    async def _digest(self, ref: AttachmentRef, page_url: str) -> None:
        request = Request(
            ref.url, headers={"Referer": page_url}, meta={"download_maxsize": self.maxsize}
        )
        stats = self.crawler.stats
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as error:
            stats.inc_value("policywatch/attachments/failed")
            logger.warning("attachment %s of %s not downloaded: %r", ref.url, page_url, error)
            return
        if response.status != 200:
            stats.inc_value("policywatch/attachments/failed")
            logger.warning("attachment %s of %s answers %s", ref.url, page_url, response.status)
            return
        ref.sha256 = hashlib.sha256(response.body).hexdigest()
        ref.size = len(response.body)
        stats.inc_value("policywatch/attachments/downloaded")
        found = await maybe_deferred_to_future(
            deferToThread(self.worker.extract, response.body, ref.type)
        )
        ref.text, ref.text_status, ref.pages = found.text or None, found.status, found.pages
        stats.inc_value(f"policywatch/attachments/text/{found.status}")
        if found.error:
            logger.warning(
                "attachment %s of %s: %s: %s", ref.url, page_url, found.status, found.error
            )


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
