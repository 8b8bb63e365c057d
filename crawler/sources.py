"""The watched sources: the catalogue, with what policywatch.toml says about each laid over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crawler.catalogue import catalogue
from crawler.config import load_config


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
    platform: str = ""
    region: str = ""
    city: str | None = None


class UnknownSource(ValueError):
    """A source id that no source has."""


def source_overrides(config: Mapping[str, Any], source_id: str) -> dict[str, Any]:
    """The `[sources.<id>]` table of the (schema-checked) config."""
    return dict(config.get("sources", {}).get(source_id, {}))


def load_sources(config: Mapping[str, Any]) -> list[SourceInfo]:
    """Every source of the catalogue, sorted by id, with config overrides applied."""
    defaults = config.get("crawl", {})
    sources = []
    for name, entry in catalogue(config).items():
        override = source_overrides(config, name)
        sources.append(
            SourceInfo(
                id=name,
                site=entry.site,
                site_name=entry.site_name,
                column_name=entry.column_name,
                list_url=override.get("list_url") or entry.list_url,
                schedule=override.get("schedule") or defaults.get("schedule", ""),
                topic=override.get("topic") or defaults.get("topic", ""),
                enabled=bool(override.get("enabled", True)),
                platform=entry.platform,
                region=entry.region,
                city=entry.city,
            )
        )
    return sources


def select_sources(wanted: Iterable[str]) -> list[SourceInfo]:
    """The sources named in `wanted` (every enabled one when it is empty), in id order."""
    sources = load_sources(load_config())
    wanted = list(wanted)
    if not wanted:
        return [source for source in sources if source.enabled]
    by_id = {source.id: source for source in sources}
    unknown = [name for name in wanted if name not in by_id]
    if unknown:
        known = ", ".join(by_id)
        raise UnknownSource(f"unknown source(s) {', '.join(unknown)}; known: {known}")
    return [by_id[name] for name in sorted(set(wanted))]
