"""The search form: query-string arguments read into a storage search, or a 400 naming the field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from feeds import params
from feeds.content import CHINA
from storage.models import Change
from storage.regions import REGIONS
from storage.search import SORTS, SearchFilters, Sort

FIELDS = (
    "q",
    "source",
    "site",
    "region",
    "agency",
    "wenhao",
    "topic",
    "since",
    "until",
    "kind",
    "sort",
)
PAGE_SIZE = 20
MAX_PAGE = 500


@dataclass(frozen=True)
class SearchForm:
    """What the search page was asked: the form's values as typed, the storage filters they
    make (the `until` day included) and the page number."""

    values: dict[str, str]
    filters: SearchFilters
    page: int

    @classmethod
    def read(cls, args: MultiDict[str, str]) -> SearchForm:
        """The form from a query string; BadRequest for a value that cannot be searched."""
        values = {name: params.text(args.get(name, ""), name) for name in FIELDS}
        values["sort"] = values["sort"] or "date"
        if values["sort"] not in SORTS:
            raise BadRequest(f"sort must be one of {', '.join(SORTS)}")
        if values["region"] and values["region"] not in REGIONS:
            raise BadRequest("region must be national or a province's pinyin, e.g. zhejiang")
        if values["kind"] and values["kind"] not in Change.KINDS:
            raise BadRequest(f"kind must be one of {', '.join(Change.KINDS)}")
        page = params.optional_number(args, "page", high=MAX_PAGE) or 1
        return cls(values, _filters(values), page)

    @property
    def sort(self) -> Sort:
        return "relevance" if self.values["sort"] == "relevance" else "date"

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def page_query(self, page: int) -> str:
        """The query string of page `page` of the same search."""
        kept = {name: value for name, value in self.values.items() if value}
        return urlencode({**kept, "page": page})


def _filters(values: dict[str, str]) -> SearchFilters:
    since, until = params.day(values["since"], "since"), params.day(values["until"], "until")
    return SearchFilters(
        source=values["source"] or None,
        site=values["site"] or None,
        region=values["region"] or None,
        agency=values["agency"] or None,
        wenhao=values["wenhao"] or None,
        topic=values["topic"] or None,
        published_from=_midnight(since) if since else None,
        published_to=_midnight(until + timedelta(days=1)) if until else None,
        change_kind=values["kind"] or None,
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA)
