"""The application's settings from policywatch.toml: the feeds it publishes, source health."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from crawler.config import ConfigError

if TYPE_CHECKING:
    from feeds.saved_queries import SavedQuery


@dataclass(frozen=True)
class FeedSettings:
    """The `[feeds]` table, its values checked by the config schema: the topic the default
    feeds are filtered on (empty for no filter), the public URL every link in the feeds is
    under (unset: where `serve` listens, by default http://127.0.0.1:8000/), whether entries
    carry the whole text or an excerpt, how many entries a feed page holds, and the saved
    searches of `[queries.<name>]`, each built as a feed too."""

    topic: str | None = None
    base_url: str | None = None
    content: str = "full"
    page_size: int = 50
    queries: tuple[SavedQuery, ...] = ()

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> FeedSettings:
        from feeds.saved_queries import configured_queries

        table = config.get("feeds", {})
        try:
            queries = configured_queries(config)
        except ValueError as error:
            raise ConfigError(str(error)) from error
        return cls(
            topic=table.get("topic") or None,
            base_url=table.get("base_url") or None,
            content=table.get("content", cls.content),
            page_size=table.get("page_size", cls.page_size),
            queries=queries,
        )


@dataclass(frozen=True)
class HealthSettings:
    """The `[health]` table: when a source is stale, and when its trouble becomes an incident."""

    stale_after: timedelta = timedelta(hours=48)
    incident_after_runs: int = 1
    check_every: float = 300.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> HealthSettings:
        table = config.get("health", {})
        after_runs = int(table.get("incident_after_runs", cls.incident_after_runs))
        if after_runs < 0:
            raise ConfigError(f"[health] incident_after_runs must be 0 or more, got {after_runs}")
        return cls(
            stale_after=timedelta(hours=float(table.get("stale_after_hours", 48))),
            incident_after_runs=after_runs,
            check_every=float(table.get("check_every", cls.check_every)),
        )
