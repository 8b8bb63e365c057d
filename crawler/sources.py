"""The watched sources: every spider that names a site, a column and a list URL."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader


@dataclass(frozen=True)
class SourceInfo:
    """What an operator needs to know of one source."""

    id: str
    site: str
    site_name: str
    column_name: str
    list_url: str


def load_sources(settings: Settings) -> list[SourceInfo]:
    """Every source the project's spiders watch, sorted by id."""
    loader = SpiderLoader.from_settings(settings)
    sources = []
    for name in sorted(loader.list()):
        spider = loader.load(name)
        sources.append(
            SourceInfo(
                id=name,
                site=spider.site,
                site_name=spider.site_name,
                column_name=spider.column_name,
                list_url=spider.list_url,
            )
        )
    return sources
