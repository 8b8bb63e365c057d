"""Saved searches (`[queries.<name>]`, `feeds --query NAME=QUERYSTRING`) built as feed files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl

from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from feeds.diff.files import SAFE_NAME
from feeds.render import Feed
from feeds.search_feed import FEED_FIELDS, search_feed
from feeds.search_form import SearchForm

FOLDER = "queries"


@dataclass(frozen=True)
class SavedQuery:
    """A named search, its form fields as the web view's search page takes them."""

    name: str
    values: dict[str, str]

    @property
    def form(self) -> SearchForm:
        return SearchForm.read(MultiDict(self.values))


def saved_query(name: str, fields: Mapping[str, object]) -> SavedQuery:
    """The query `name` searching `fields`; ValueError naming what cannot be searched."""
    if not SAFE_NAME.fullmatch(name):
        raise ValueError(f"query name {name!r}: use letters, digits, '_', '-' and '.'")
    unknown = sorted(set(fields) - set(FEED_FIELDS))
    if unknown:
        raise ValueError(
            f"query {name!r}: unknown field {', '.join(unknown)} "
            f"(expected some of {', '.join(FEED_FIELDS)})"
        )
    values = {key: _text(value) for key, value in fields.items()}
    try:
        SearchForm.read(MultiDict(values))
    except BadRequest as error:
        raise ValueError(f"query {name!r}: {error.description}") from error
    return SavedQuery(name, values)


def parse_query_option(option: str) -> SavedQuery:
    """`NAME=QUERYSTRING` (e.g. `vent=q=呼吸机&agency=广东`) as a saved query."""
    name, equals, query_string = option.partition("=")
    if not equals:
        raise ValueError(f"{option!r}: expected NAME=QUERYSTRING, e.g. vent=q=呼吸机&agency=广东")
    return saved_query(name, dict(parse_qsl(query_string, keep_blank_values=True)))


def configured_queries(config: Mapping[str, object]) -> tuple[SavedQuery, ...]:
    """The `[queries.<name>]` tables of policywatch.toml."""
    table = config.get("queries", {})
    if not isinstance(table, Mapping) or not all(isinstance(v, Mapping) for v in table.values()):
        raise ValueError("[queries] must hold one table per query: [queries.<name>] q = …")
    return tuple(saved_query(name, fields) for name, fields in table.items())


def query_feeds(
    session: Session, queries: Sequence[SavedQuery], base_url: str | None
) -> list[Feed]:
    """One feed per saved query, named `queries/<name>`."""
    feeds = []
    for query in queries:
        form = query.form
        feeds.append(
            search_feed(session, f"{FOLDER}/{query.name}", form.values, form.filters, base_url)
        )
    return feeds


def _text(value: object) -> str:
    if isinstance(value, date | str | int | float):
        return str(value)
    raise ValueError(f"a query field must be text or a date, not {value!r}")
