"""Drop pages that are no policy (empty, garbled, a furniture-only block) and cap what is stored."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import PolicyItem
from crawler.limits import URL_CAP, Limits, apply_limits
from crawler.quality import GARBLED, assess

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
