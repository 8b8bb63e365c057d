"""What every policy spider shares: source attributes, list-to-detail flow, item building."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, time
from typing import Any, ClassVar

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.agency import issuer_and_department
from crawler.config import load_config
from crawler.dates import parse_date, parse_datetime
from crawler.extract import (
    block_text,
    find_attachments,
    first_text,
    parse_fragment,
    sanitize_html,
    serialize,
    strip_furniture,
)
from crawler.items import RESPONSE_FLAGS, PolicyItem
from crawler.listing import DETAIL, LIST_PAGE, LISTING, NEXT_PAGE, ListingRow
from crawler.sources import source_overrides
from crawler.wenhao import find_wenhao

_CLOSING_ROOT = re.compile(r"</\s*(?:html|body)\s*>", re.IGNORECASE)


class PolicySpider(scrapy.Spider):
    """A watched column: list pages lead to detail pages, each detail page is one PolicyItem.

    Subclasses say how to reach list page N (`list_request`), how to read its rows
    (`parse_rows`) and how many pages there are (`page_total`); the detail page is read
    by `parse_detail`, usually through `build_item`.
    """

    site: ClassVar[str]
    site_name: ClassVar[str]
    column_name: ClassVar[str]
    list_url: ClassVar[str]
    default_agency: ClassVar[str | None] = None
    region: ClassVar[str] = "national"
    city: ClassVar[str | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        override = source_overrides(load_config(), self.name)
        if "list_url" in override:
            self.list_url = override["list_url"]

    def list_request(self, page: int) -> scrapy.Request:
        raise NotImplementedError

    def parse_rows(self, response: Response) -> Iterable[ListingRow]:
        raise NotImplementedError

    def page_total(self, response: Response) -> int | None:
        """How many list pages the column has, as the list page says (None: unknown)."""
        return None

    def parse_detail(self, response: Response) -> Iterator[PolicyItem]:
        raise NotImplementedError

    def list_meta(self, page: int, **extra: Any) -> dict[str, Any]:
        """The request meta that marks a list page for the incremental middleware."""
        return {LIST_PAGE: True, NEXT_PAGE: page > 0, "page": page, **extra}

    def detail_request(self, row: ListingRow) -> scrapy.Request:
        return scrapy.Request(
            row.url, callback=self.parse_detail, meta={DETAIL: True, LISTING: row}
        )

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        rows = list(self.parse_rows(response))
        if not rows:
            self.crawler.stats.inc_value("policywatch/list/empty")
            self.logger.error("list page %s matched no rows: has the layout changed?", response.url)
            return
        for row in rows:
            yield self.detail_request(row)
        page = response.meta["page"]
        total = self.page_total(response)
        if total is not None and page + 1 < total:
            yield self.list_request(page + 1)

    def missing_content(self, response: Response, looked_for: Iterable[str]) -> None:
        """Count and log a detail page whose body could not be found; nothing is stored."""
        self.crawler.stats.inc_value("policywatch/detail/no_content")
        self.logger.error(
            "no content block on %s (looked for %s): not stored",
            response.url,
            ", ".join(looked_for),
        )

    def build_item(
        self,
        response: Response,
        content_html: str,
        *,
        title: str | None = None,
        published: Iterable[str | int | float | None] = (),
        written_on: str | None = None,
        wenhao: str | None = None,
        agency: str | None = None,
        index_no: str | None = None,
    ) -> PolicyItem:
        """The item for a detail page: clean text, sanitized HTML and attachments of its body.

        Missing fields fall back to the list row (title, date, 文号), to a 文号 at the opening
        of the body text, and to `default_agency` for the issuer; `agency` and the page's
        `ContentSource` may name the issuer or the department that posted the page.
        """
        listing: ListingRow = response.meta[LISTING]
        root = strip_furniture(parse_fragment(content_html))
        text = block_text(root)
        return PolicyItem(
            source=self.name,
            url=response.url,
            title=first_text([title, listing.title]) or listing.title,
            text=text,
            html=sanitize_html(serialize(root), response.url),
            published_at=_first_moment(
                [*published, listing.date, meta_content(response, "PubDate")]
            ),
            written_on=parse_date(written_on),
            wenhao=first_text([wenhao, listing.wenhao, find_wenhao(text)]),
            **_agency_fields(
                [lead_agency(agency), meta_content(response, "ContentSource")],
                self.default_agency,
            ),
            index_no=index_no,
            attachments=find_attachments(root, response.url),
            listing_fingerprint=listing.fingerprint,
            flags=list(response.meta.get(RESPONSE_FLAGS, ())),
            etag=header(response, b"ETag"),
            last_modified=header(response, b"Last-Modified"),
            fetched_at=datetime.now(UTC),
        )


def _agency_fields(names: list[str | None], default: str | None) -> dict[str, str | None]:
    issuer, department = issuer_and_department(names)
    return {"issuer": issuer or default, "department": department}


def _first_moment(values: Iterable[str | int | float | None]) -> datetime | None:
    """The first date given; a date without a time takes the time of a later one of its day.

    Pages show the day (`发布时间：2026-07-29`) and a meta may add the hour: the day shown
    wins, the meta only makes it precise.
    """
    moments = [moment for value in values if (moment := parse_datetime(value))]
    if not moments:
        return None
    first = moments[0]
    if first.time() != time():
        return first
    return next((m for m in moments[1:] if m.date() == first.date() and m.time() != time()), first)


def lead_agency(agency: str | None) -> str | None:
    """The first of jointly issuing agencies (`科技部 金融监管总局 …` → `科技部`)."""
    return agency.split()[0] if agency and agency.split() else agency


def whole_page(html: str) -> Selector:
    """The page as a selector, past a stray `</html>` or `</body>` an included fragment left.

    lxml stops reading at the first `</html>`, and gov.cn's header include closes one
    before the content.
    """
    return Selector(text=_CLOSING_ROOT.sub("", html))


def meta_content(response: Response | Selector, name: str) -> str | None:
    """The content of `<meta name=…>`, if the page has it."""
    return response.css(f"meta[name={name}]::attr(content)").get()


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
