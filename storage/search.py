"""Archive search: full text of current versions and metadata filters, the same on every backend."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, Select, case, exists, func, or_, select, text
from sqlalchemy.orm import Session

from storage.fts import contains, current_versions
from storage.identity import normalize_wenhao
from storage.models import Change, Document, Policy, Source, Version
from storage.relevance import RELEVANT

Sort = Literal["date", "relevance"]
SORTS: tuple[Sort, ...] = ("date", "relevance")
SNIPPET_CHARS = 120
SNIPPET_LEAD = 30

NEWEST_FIRST = 10
NEWEST_AT_MOST = 1_000
STREAM_BATCH = 500
_COLUMNS = (
    Document.id,
    Document.policy_id,
    Document.url,
    Document.source_id,
    Document.status,
    Version.title,
    Version.wenhao,
    Version.issuer,
    Version.department,
    Version.published_at,
    Version.published_on,
    Version.text,
)
_TERM = re.compile(r'"([^"]*\S[^"]*)"|(\S+)')


@dataclass(frozen=True, kw_only=True)
class SearchFilters:
    """What the documents found must be besides containing the query's terms.

    `agency` is a substring of the issuer or the department; `wenhao` keeps the documents of
    the policies with that normalized 文号 (reposts included); `topic` keeps documents whose
    current version is relevant to it; `published_from` is inclusive and `published_to`
    exclusive; `change_kind` keeps documents that had such a Change; `region` keeps those of
    the sources of a region (`national`, `zhejiang`).
    """

    source: str | None = None
    site: str | None = None
    region: str | None = None
    agency: str | None = None
    wenhao: str | None = None
    topic: str | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None
    change_kind: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """A document found, described by its current version."""

    document_id: int
    policy_id: int | None
    url: str
    title: str
    wenhao: str | None
    issuer: str | None
    department: str | None
    published_at: datetime | None
    published_on: date | None
    source: str
    status: str
    snippet: str
    text: str = field(repr=False)


def search(
    session: Session,
    query: str = "",
    filters: SearchFilters | None = None,
    *,
    sort: Sort = "date",
    limit: int = 50,
    offset: int = 0,
) -> list[SearchHit]:
    """One page of the documents whose current title or text contains every term of `query`.

    Terms are separated by whitespace; a double-quoted phrase is one term. Matching is by
    substring, ignoring case. `sort="date"` puts the newest first; `"relevance"` puts first
    the documents with more terms in their title, then the newest.
    """
    return list(iter_search(session, query, filters, sort=sort, limit=limit, offset=offset))


def iter_search(
    session: Session,
    query: str = "",
    filters: SearchFilters | None = None,
    *,
    sort: Sort = "date",
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[SearchHit]:
    """Every document `search` finds (or `limit` of them), streamed when there is no limit.

    On PostgreSQL a page of the newest matches is first looked for among the newest
    documents, then among the newest documents the grams index finds, then among all of
    them. The plan depends on the terms and on how many documents are read: the transaction
    plans each statement for its values, never reusing the generic plan of a statement
    psycopg prepared (after five runs).
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: expected one of {', '.join(SORTS)}")
    terms = query_terms(query)
    dialect = session.get_bind().dialect.name
    filters = filters or SearchFilters()
    rows = None
    if dialect == "postgresql":
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        if sort == "date" and limit is not None:
            rows = _first_page(session, terms, filters, limit, offset)
    if rows is None:
        statement = _statement(dialect, terms, filters, sort)
        streamed = {"yield_per": STREAM_BATCH} if limit is None else {}
        rows = session.execute(statement.limit(limit).offset(offset), execution_options=streamed)
    for row in rows:
        yield _hit(row, terms)


def matching(
    session: Session, query: str, filters: SearchFilters | None, *columns: Any
) -> Select[Any]:
    """`columns` (the first of them Document.id) of the documents `search` finds, joined to
    their current version, newest first: other facts of the same result set."""
    dialect = session.get_bind().dialect.name
    statement, newest = current_versions(dialect, query_terms(query), *columns)
    return statement.where(*_conditions(dialect, filters or SearchFilters())).order_by(*newest)


def count_matches(session: Session, query: str = "", filters: SearchFilters | None = None) -> int:
    """How many documents `search` finds in all."""
    dialect = session.get_bind().dialect.name
    matches = _statement(dialect, query_terms(query), filters or SearchFilters(), "date")
    return session.scalar(select(func.count()).select_from(matches.order_by(None).subquery())) or 0


def query_terms(query: str) -> list[str]:
    """The distinct terms of a query: words, and "quoted phrases" with their spaces collapsed."""
    found = (" ".join((phrase or word).split()) for phrase, word in _TERM.findall(query))
    return list(dict.fromkeys(found))


def snippet(text: str, terms: Sequence[str]) -> str:
    """About SNIPPET_CHARS characters of `text` around the first occurrence of a term."""
    flat = " ".join(text.split())
    pattern = "|".join(re.escape(term) for term in terms)
    found = re.search(pattern, flat, re.IGNORECASE) if terms else None
    start = max(0, found.start() - SNIPPET_LEAD) if found else 0
    end = start + SNIPPET_CHARS
    return f"{'…' if start else ''}{flat[start:end]}{'…' if end < len(flat) else ''}"


def _statement(
    dialect: str,
    terms: Sequence[str],
    filters: SearchFilters,
    sort: Sort,
    *,
    indexed: bool = True,
    first: int | None = None,
) -> Select[Any]:
    statement, newest = current_versions(dialect, terms, *_COLUMNS, indexed=indexed, first=first)
    statement = statement.where(*_conditions(dialect, filters))
    if sort == "relevance" and terms:
        in_title = reduce(
            operator.add,
            (case((contains(dialect, Version.title, term), 1), else_=0) for term in terms),
        )
        return statement.order_by(in_title.desc(), *newest)
    return statement.order_by(*newest)


def _first_page(
    session: Session, terms: Sequence[str], filters: SearchFilters, limit: int, offset: int
) -> Sequence[Row[Any]] | None:
    """The page on PostgreSQL when the newest NEWEST_FIRST * (offset + limit) documents, or
    as many of the newest documents the grams index finds, hold all of it.

    PostgreSQL has no plan that reads the matches newest first through the current-version
    join and stops after a page: it reads every match, all rows for a common term. Reading
    the newest documents in order and checking their text finds a common term's page after
    a few; a rarer term's documents are found by the grams index, and only the newest of
    them are read and checked. The newest documents are read for a page of up to
    NEWEST_AT_MOST of them: beyond, the planner, which cannot tell how many of them match,
    would rather join all the documents than look each one up.
    """
    first = NEWEST_FIRST * (offset + limit)
    readings: list[bool] = []
    if first <= NEWEST_AT_MOST:
        readings.append(False)
    if terms:
        readings.append(True)
    for indexed in readings:
        statement = _statement("postgresql", terms, filters, "date", indexed=indexed, first=first)
        rows = session.execute(statement.limit(limit).offset(offset)).all()
        if len(rows) == limit:
            return rows
    return None


def _conditions(dialect: str, filters: SearchFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.source:
        conditions.append(Document.source_id == filters.source)
    if filters.site:
        conditions.append(
            Document.source_id.in_(select(Source.id).where(Source.site == filters.site))
        )
    if filters.region:
        conditions.append(
            Document.source_id.in_(select(Source.id).where(Source.region == filters.region))
        )
    if filters.agency:
        conditions.append(
            or_(
                contains(dialect, Version.issuer, filters.agency),
                contains(dialect, Version.department, filters.agency),
            )
        )
    if key := normalize_wenhao(filters.wenhao):
        conditions.append(Document.policy_id.in_(select(Policy.id).where(Policy.wenhao_key == key)))
    if filters.topic:
        conditions.append(Version.topics[filters.topic].as_float() >= RELEVANT)
    if filters.published_from:
        conditions.append(Version.published_at >= filters.published_from)
    if filters.published_to:
        conditions.append(Version.published_at < filters.published_to)
    if filters.change_kind:
        conditions.append(
            exists().where(Change.document_id == Document.id, Change.kind == filters.change_kind)
        )
    return conditions


def _hit(row: Row[Any], terms: Sequence[str]) -> SearchHit:
    (
        document_id,
        policy_id,
        url,
        source,
        status,
        title,
        wenhao,
        issuer,
        department,
        published_at,
        published_on,
        text,
    ) = row
    return SearchHit(
        document_id=document_id,
        policy_id=policy_id,
        url=url,
        title=title,
        wenhao=wenhao,
        issuer=issuer,
        department=department,
        published_at=published_at,
        published_on=published_on,
        source=source,
        status=status,
        snippet=snippet(text, terms),
        text=text,
    )
