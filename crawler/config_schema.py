"""The schema of policywatch.toml: one pydantic model per table; a new key is a new field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from crawler.platform_table import NEW_SOURCE_KEYS, PLATFORM_KEYS, PLATFORMS, REQUIRED_KEYS
from crawler.schedule import ScheduleError, interval_of, make_trigger
from storage.regions import REGIONS

Positive = Annotated[float, Field(gt=0)]
NotNegative = Annotated[float, Field(ge=0)]


def _schedule(value: str) -> str:
    period = interval_of(value)
    if period is not None and period.total_seconds() <= 0:
        raise ValueError(f"schedule {value!r}: an interval must be longer than 0")
    try:
        make_trigger(value)
    except ScheduleError as error:
        raise ValueError(str(error)) from error
    return value


def is_web_url(url: str) -> bool:
    """Whether `url` is an absolute http(s) URL."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _web_url(value: str) -> str:
    if value and not is_web_url(value):
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    return value


Schedule = Annotated[str, AfterValidator(_schedule)]
WebUrl = Annotated[str, AfterValidator(_web_url)]


class Table(BaseModel):
    """A table of policywatch.toml: values of the declared types, no other keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TopicTable(Table):
    label: str = ""
    threshold: Positive
    title_weight: NotNegative = 3.0
    body_cap: Annotated[int, Field(ge=0)] = 3
    keywords: Annotated[dict[str, float], Field(min_length=1)]


class FeedsTable(Table):
    topic: str = ""
    base_url: WebUrl = ""
    content: Literal["full", "excerpt"] = "full"
    page_size: Annotated[int, Field(ge=1)] = 50


class CrawlTable(Table):
    schedule: Schedule
    topic: str


def _region(value: str) -> str:
    if value not in REGIONS:
        raise ValueError(f"unknown region {value!r}: national or a province's pinyin (zhejiang)")
    return value


Selectors = list[Annotated[str, Field(min_length=1)]]
HostName = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9.-]+$")]


class SourceTable(Table):
    """A source's table: with `platform` a new source, without it an override of a known one."""

    list_url: WebUrl = ""
    schedule: Schedule | None = None
    topic: str | None = None
    enabled: bool = True
    extra_hosts: list[HostName] = []

    platform: Literal[tuple(PLATFORMS)] | None = None  # type: ignore[valid-type]
    site: HostName | None = None
    site_name: str | None = None
    column_name: str | None = None
    default_agency: str | None = None
    region: Annotated[str, AfterValidator(_region)] | None = None
    city: str | None = None

    row_selector: str | None = None
    row_link: str | None = None
    row_date: str | None = None
    row_wenhao: str | None = None
    second_page_number: Annotated[int, Field(ge=1)] | None = None
    metadata_cells: str | Selectors | None = None
    title_selectors: Selectors | None = None
    date_selectors: Selectors | None = None
    content_selectors: Selectors | None = None
    page_size: Annotated[int, Field(ge=1)] | None = None
    unit_tag: str | None = None
    categories: Selectors | None = None
    referer: WebUrl | None = None
    content_selector: str | None = None

    @model_validator(mode="after")
    def _fits_platform(self) -> Self:
        given = self.model_fields_set
        if self.platform is None:
            if stray := sorted(given & (PLATFORM_KEYS | set(NEW_SOURCE_KEYS))):
                raise ValueError(f"{stray[0]} is for a new source: give its platform = …")
            return self
        if missing := [key for key in REQUIRED_KEYS if key not in given]:
            raise ValueError(f"a source on platform {self.platform!r} needs {missing[0]}")
        allowed = PLATFORMS[self.platform][1]
        if stray := sorted((given & PLATFORM_KEYS) - allowed):
            known = ", ".join(sorted(allowed)) or "none"
            raise ValueError(f"{stray[0]} is no setting of platform {self.platform!r} ({known})")
        return self


class DaemonTable(Table):
    crawl_timeout: Positive = 1800.0
    grace: NotNegative = 60.0
    jitter: Annotated[int, Field(ge=0)] = 30
    workers: Annotated[int, Field(ge=1)] = 4
    feeds_dir: str = "var/feeds"
    log_file: str = ""
    nodes: list[WebUrl] = []


class HealthTable(Table):
    stale_after_hours: Positive = 48.0
    incident_after_runs: Annotated[int, Field(ge=0)] = 1
    check_every: Positive = 300.0


class WebhooksTable(Table):
    urls: list[Annotated[str, AfterValidator(_web_url)]] = []
    events: list[Literal["new", "revised", "incident"]] = ["new", "revised", "incident"]
    topic: str = ""
    timeout: Positive = 10.0
    backoff: NotNegative = 30.0
    max_attempts: Annotated[int, Field(ge=1)] = 8
    poll: Positive = 5.0


NotifyMode = Literal["each", "crawl", "daily"]
NotifyEvent = Literal["new", "revised"]


class NotifyTarget(Table):
    url: str
    mode: NotifyMode | None = None
    topic: str | None = None
    events: list[NotifyEvent] | None = None


class NotifyTable(Table):
    urls: list[str | NotifyTarget] = []
    mode: NotifyMode = "each"
    events: list[NotifyEvent] = ["new", "revised"]
    topic: str = ""
    backoff: NotNegative = 30.0
    max_attempts: Annotated[int, Field(ge=1)] = 8


class ConfigFile(Table):
    """The whole file, defaults and the operator's file merged."""

    topics: dict[str, TopicTable] = {}
    feeds: FeedsTable = FeedsTable()
    crawl: CrawlTable
    sources: dict[str, SourceTable] = {}
    daemon: DaemonTable = DaemonTable()
    health: HealthTable = HealthTable()
    webhooks: WebhooksTable = WebhooksTable()
    notify: NotifyTable = NotifyTable()
    queries: dict[str, dict[str, str | int | date]] = {}


def topic_references(config: ConfigFile) -> list[tuple[tuple[str, ...], str]]:
    """(key path, topic) of every topic named outside `[topics]` that is not defined there."""
    named: list[tuple[tuple[str, ...], str | None]] = [
        (("crawl", "topic"), config.crawl.topic),
        (("feeds", "topic"), config.feeds.topic),
        (("webhooks", "topic"), config.webhooks.topic),
        *((("sources", name, "topic"), table.topic) for name, table in config.sources.items()),
    ]
    return [(path, topic) for path, topic in named if topic and topic not in config.topics]
