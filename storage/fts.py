"""The text index beside the models (FTS5 trigram on SQLite; on PostgreSQL a GIN index over
the characters and two-character grams of each document's current text) and its use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)

from storage.models import Document, Version

FTS_TABLE = "search_fts"
GRAMS_TABLE = "search_grams"
TRIGRAM = 3
KEY_SHIFT = 1 << 28

_fts = table(FTS_TABLE, column("rowid"))
_grams = table(GRAMS_TABLE, column("document_id"), column("published_at"), column("grams"))


def include_object(
    _object: Any, name: str | None, _type: str, reflected: bool, _compare_to: Any
) -> bool:
    """Alembic `include_object` hook: leave the text index, which no model describes, out of
    autogenerate comparisons (the FTS5 table and its shadow tables, the grams table)."""
    ours = name is not None and (name == GRAMS_TABLE or name.startswith(FTS_TABLE))
    return not (reflected and ours)


def contains(dialect: str, expression: ColumnElement[Any], term: str) -> ColumnElement[bool]:
    """`expression` contains `term`, ignoring case (SQLite's LIKE: ASCII case).

    PostgreSQL's ILIKE lower-cases every row's text, three times slower than LIKE; a term
    without cased letters (Chinese, digits) is the same search with LIKE.
    """
    pattern = f"%{_like_escaped(term)}%"
    if dialect == "postgresql" and not _uncased(term):
        return expression.ilike(pattern, escape="\\")
    return expression.like(pattern, escape="\\")


def current_versions(
    dialect: str,
    terms: Sequence[str],
    *columns: Any,
    indexed: bool = True,
    first: int | None = None,
) -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    """`columns` of documents joined to their current version whose title or text contains
    every term (as a substring, ignoring case), and the newest-first order of those rows.
    A version's text is searched together with the text of its attachments.

    SQLite: a term of three characters or more is an FTS5 trigram phrase over `search_fts`,
    whose rowid (publication second * KEY_SHIFT + document id) is the newest-first order, so
    that a page reads only the first matches; a shorter one a LIKE, a scan of the rows the
    other conditions leave.

    PostgreSQL: documents are read from `search_grams`, which holds each one's publication
    time and the grams of its current text. Those of a term (the term itself when it is one
    character, else its two-character grams) are looked up in its GIN index, which finds
    exactly the documents with a term of up to two characters; a longer term is then looked
    for in the text with `strpos`. Without `indexed`, every term is a `strpos`: a scan. With
    `first`, only the `first` newest documents (of those the index finds) are read, newest
    first, so that a page reads only as many as it needs; without terms nor `first`, the
    versions are read by the other conditions alone.
    """
    current = and_(Version.document_id == Document.id, Version.id == Document.current_version_id)
    if dialect == "postgresql" and (terms or first is not None):
        candidates = _documents(terms if indexed else (), first)
        statement = (
            select(*columns)
            .select_from(candidates)
            .join(Document, Document.id == candidates.c.document_id)
            .join(Version, current)
            .where(*(_scan(dialect, t) for t in terms if not indexed or len(t) >= TRIGRAM))
        )
        return statement, _newest(candidates.c.published_at, candidates.c.document_id)
    fts_terms = [term for term in terms if len(term) >= TRIGRAM] if dialect == "sqlite" else []
    if fts_terms:
        statement = (
            select(*columns)
            .select_from(_fts)
            .join(Document, Document.id == _fts.c.rowid.op("&")(KEY_SHIFT - 1))
            .join(Version, current)
            .where(literal_column(FTS_TABLE).match(_fts_query(fts_terms)))
        )
        newest: tuple[ColumnElement[Any], ...] = (_fts.c.rowid.desc(),)
    else:
        statement = select(*columns).join(Version, current)
        newest = _newest(Version.published_at, Document.id)
    scanned = (_scan(dialect, term) for term in terms if term not in fts_terms)
    return statement.where(*scanned), newest


def _documents(looked_up: Sequence[str], first: int | None) -> Subquery:
    candidates = select(_grams.c.document_id, _grams.c.published_at).where(
        *(_grams.c.grams.op("@>")(func.text_grams(term, len(term) == 1)) for term in looked_up)
    )
    if first is not None:
        newest = _newest(_grams.c.published_at, _grams.c.document_id)
        candidates = candidates.order_by(*newest).limit(first)
    return candidates.subquery("candidates")


def _newest(published_at: Any, document_id: Any) -> tuple[ColumnElement[Any], ...]:
    return (published_at.desc().nulls_last(), document_id.desc())


def _scan(dialect: str, term: str) -> ColumnElement[bool]:
    if dialect != "postgresql":
        return or_(
            contains(dialect, Version.title, term),
            contains(dialect, Version.text, term),
            contains(dialect, Version.attachment_text, term),
        )
    newline = literal_column("E'\\n'")
    searchable = (
        Version.title.op("||")(newline)
        .op("||")(Version.text)
        .op("||")(newline)
        .op("||")(Version.attachment_text)
    )
    if _uncased(term):
        return func.strpos(searchable, term) > 0
    return func.strpos(func.lower(searchable), func.lower(literal(term))) > 0


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _uncased(term: str) -> bool:
    return term.lower() == term.upper()


def _fts_query(terms: Sequence[str]) -> str:
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
