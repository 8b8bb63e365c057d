"""The watched sources: every spider, with what policywatch.toml says about it laid over."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.config import config_error, unknown_name

if TYPE_CHECKING:
    from scrapy.settings import Settings


@dataclass(frozen=True)
class SourceInfo:
    """What an operator needs to know of one source."""

    id: str
    site: str
    site_name: str
    column_name: str
    list_url: str
    schedule: str
    topic: str
    enabled: bool


def source_overrides(config: Mapping[str, Any], source_id: str) -> dict[str, Any]:
    """The `[sources.<id>]` table of the (schema-checked) config."""
    return dict(config.get("sources", {}).get(source_id, {}))


def load_sources(settings: Settings, config: Mapping[str, Any]) -> list[SourceInfo]:
    """Every source the project's spiders watch, sorted by id, with config overrides applied."""
    from scrapy.spiderloader import SpiderLoader

    loader = SpiderLoader.from_settings(settings)
    names = sorted(loader.list())
    stray = sorted(set(config.get("sources", {})) - set(names))
    if stray:
        raise config_error(("sources", stray[0]), unknown_name(stray[0], names, "source"))
    defaults = config.get("crawl", {})
    sources = []
    for name in names:
        spider = loader.load(name)
        override = source_overrides(config, name)
        sources.append(
            SourceInfo(
                id=name,
                site=spider.site,
                site_name=spider.site_name,
                column_name=spider.column_name,
                list_url=override.get("list_url", spider.list_url),
                schedule=override.get("schedule", defaults.get("schedule", "")),
                topic=override.get("topic", defaults.get("topic", "")),
                enabled=bool(override.get("enabled", True)),
            )
        )
    return sources
