"""The one storage handle a crawl shares between its components."""

from __future__ import annotations

from scrapy.crawler import Crawler

from storage import Store, open_store

_ATTRIBUTE = "_policywatch_store"


def crawler_store(crawler: Crawler) -> Store:
    """The Store of this crawl, opened (and migrated) on first use from `POLICYWATCH_DB_URL`."""
    store = getattr(crawler, _ATTRIBUTE, None)
    if store is None:
        store = open_store(crawler.settings.get("POLICYWATCH_DB_URL"))
        setattr(crawler, _ATTRIBUTE, store)
    return store
