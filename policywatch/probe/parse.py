"""One page through one source's own parsing: the rows of a list, the fields of a detail, or
the challenge a WAF answered instead; for an operator whose source broke."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.browser import INSTALL
from crawler.items import PolicyItem
from crawler.listing import LISTING, ListingRow
from crawler.platforms.base import PolicySpider
from crawler.waf import detect_challenge
from policywatch.probe.pages import Fetcher, Page, ProbeError

LIST = "list"
DETAIL = "detail"
CHALLENGE = "challenge"
EXPECTED = ("title", "published", "wenhao", "issuer", "body")
EXCERPT_CHARS = 80
ENTRY_STEPS = 3


@dataclass
class Report:
    """What the source's parsing found on the page."""

    source: str
    kind: str
    url: str
    status: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    challenge: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"source": self.source, "kind": self.kind, "url": self.url}
        found["status"] = self.status
        if self.kind == LIST:
            return found | {"rows": self.rows}
        if self.kind == DETAIL:
            return found | {"fields": self.fields, "missing": self.missing}
        return found | {"challenge": self.challenge}

    def lines(self) -> list[str]:
        head = f"{self.source}: {self.kind} page {self.url} (HTTP {self.status})"
        if self.kind == LIST:
            rows = [f"  {r['published'] or '-':<10}  {r['title']}  {r['url']}" for r in self.rows]
            return [f"{head}: {len(self.rows)} rows", *rows]
        if self.kind == DETAIL:
            shown = [f"  {name:<11} {_shown(value)}" for name, value in self.fields.items()]
            missing = ", ".join(self.missing) or "none"
            return [head, *shown, f"missing: {missing}"]
        return [
            f"{head}: {self.challenge['reason']}",
            f"  a crawl passes it in headless Chromium ({INSTALL}); a plain fetch cannot",
        ]


def load_spider(spider_cls: type[PolicySpider], settings: Settings) -> PolicySpider:
    """The source's spider, with a crawler for its stats and logs, as a crawl would make it."""
    crawler = Crawler(spider_cls, settings)
    crawler.stats = MemoryStatsCollector(crawler)
    return spider_cls.from_crawler(crawler)


def entry_page(spider: PolicySpider, fetch: Fetcher) -> Page:
    """The column's first list page, reached as a crawl reaches it (through a column shell or
    an index page when the source starts from one), or the challenge answered on the way."""
    request = asyncio.run(_first(spider.start()))
    for _ in range(ENTRY_STEPS):
        if request is None:
            break
        page = fetch(request)
        if request.callback == spider.parse_list or detect_challenge(page.status, page.body):
            return page
        request = next(
            (
                found
                for found in request.callback(page.response(request))
                if isinstance(found, scrapy.Request)
            ),
            None,
        )
    raise ProbeError(f"{spider.name}: its start pages lead to no list page; probe a list --url")


def probe_page(spider: PolicySpider, page: Page, kind: str | None) -> Report:
    """Run the source's list or detail parsing on the page (`kind` None: a list when rows are
    found, else a detail)."""
    report = Report(spider.name, kind or DETAIL, page.url, page.status)
    challenge = detect_challenge(page.status, page.body)
    if challenge is not None:
        report.kind = CHALLENGE
        report.challenge = {"kind": challenge.kind, "reason": challenge.reason}
        return report
    listing = ListingRow(url=page.url, title="")
    response = page.response(
        scrapy.Request(page.url, meta={**spider.list_meta(0), LISTING: listing})
    )
    if kind in (None, LIST):
        report.rows = _rows(spider, response, quiet=kind is None)
        if report.rows or kind == LIST:
            report.kind = LIST
            return report
    item = next(
        (found for found in _run(spider.parse_detail, response) if isinstance(found, PolicyItem)),
        None,
    )
    report.fields = _fields(item)
    report.missing = [name for name in EXPECTED if not report.fields.get(name)]
    return report


def _rows(spider: PolicySpider, response: Response, *, quiet: bool) -> list[dict[str, Any]]:
    try:
        rows = list(spider.parse_rows(response))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        if quiet:
            return []
        raise ProbeError(f"{spider.name} cannot read this page as a list: {error!r}") from error
    return [{"url": row.url, "title": row.title, "published": row.date} for row in rows]


def _run(callback: Callable[[Response], Iterable[Any]], response: Response) -> list[Any]:
    try:
        return list(callback(response))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ProbeError(f"cannot read this page as a detail: {error!r}") from error


def _fields(item: PolicyItem | None) -> dict[str, Any]:
    if item is None:
        return {}
    published = item.published_at.isoformat() if item.published_at else None
    return {
        "title": item.title or None,
        "published": published,
        "wenhao": item.wenhao,
        "issuer": item.issuer,
        "department": item.department,
        "body": {"length": len(item.text), "start": item.text[:EXCERPT_CHARS]}
        if item.text
        else None,
        "attachments": [{"name": a.name, "url": a.url} for a in item.attachments],
    }


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value['length']} characters: {' '.join(value['start'].split())}…"
    if isinstance(value, list):
        return f"{len(value)}" + "".join(f"\n              {a['name']}  {a['url']}" for a in value)
    return "-" if value is None else str(value)


async def _first(requests: Any) -> scrapy.Request | None:
    async for request in requests:
        if isinstance(request, scrapy.Request):
            return request
    return None


def dumps(report: Report) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)
