"""Download a page's attachments under the URL guard and size cap, hash them and read their text."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.attachment_worker import shared_worker
from crawler.extract import attachment_type
from crawler.items import AttachmentRef, PolicyItem
from crawler.listing import ATTACHMENT

logger = logging.getLogger(__name__)


class AttachmentPipeline:
    """Downloads an item's attachment files, records the sha256 and size of their bytes and
    reads their text in a child process (`crawler.attachment_worker`, one for all the crawls of
    the process; a failure, a crash or a timeout of the reader is a flag on the file, not an
    error of the crawl).

    Only files of a recognised attachment type are fetched, each capped at
    `POLICYWATCH_ATTACHMENT_MAXSIZE` bytes (0 turns downloads off); a file that fails or is too
    large keeps no digest and is logged. Files are fetched only when their page was: pages are
    re-fetched with conditional GET, so a page answering 304 costs no attachment download,
    and a CMS that replaces a file republishes its page, which then answers in full.
    """

    def __init__(self, crawler: Crawler, maxsize: int) -> None:
        self.crawler = crawler
        self.maxsize = maxsize
        self.worker = shared_worker()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentPipeline:
        maxsize = crawler.settings.getint("POLICYWATCH_ATTACHMENT_MAXSIZE")
        if maxsize <= 0:
            raise NotConfigured("POLICYWATCH_ATTACHMENT_MAXSIZE is 0: attachments not downloaded")
        return cls(crawler, maxsize)

    def open_spider(self) -> None:
        self.worker.start()

    async def process_item(self, item: PolicyItem) -> PolicyItem:
        wanted = [ref for ref in item.attachments if attachment_type(ref.url) is not None]
        await asyncio.gather(*(self._digest(ref, item.url) for ref in wanted))
        return item

    async def _digest(self, ref: AttachmentRef, page_url: str) -> None:
        request = Request(
            ref.url,
            headers={"Referer": page_url},
            meta={"download_maxsize": self.maxsize, ATTACHMENT: True},
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
        found = await self.worker.read(response.body, ref.type)
        ref.text, ref.text_status, ref.pages = found.text or None, found.status, found.pages
        stats.inc_value(f"policywatch/attachments/text/{found.status}")
        if found.error:
            logger.warning(
                "attachment %s of %s: %s: %s", ref.url, page_url, found.status, found.error
            )
