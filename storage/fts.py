"""The text index beside the models (FTS5 trigram on SQLite; on PostgreSQL a GIN index over
the characters and two-character grams of each document's current text) and its use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    all_,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import array

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
    `first`, only the `first` newest documents (of those the index finds) are read, in
    order, so that a page reads and checks only as many as it needs. Otherwise the order is
    the versions' (the same), which the planner cannot read from `search_grams`' own index
    of it, each document's grams after the other; without terms nor `first`, the versions
    are read by the other conditions alone. The current version is joined by its id alone,
    one per document for the planner too.
    """
    current = and_(Version.document_id == Document.id, Version.id == Document.current_version_id)
    if dialect == "postgresql" and (terms or first is not None):
        candidates = _documents(terms if indexed else (), first)
        statement = (
            select(*columns)
            .select_from(candidates)
            .join(Document, Document.id == candidates.c.document_id)
            .join(Version, Version.id == Document.current_version_id)
            .where(*_scanned(dialect, [t for t in terms if not indexed or len(t) >= TRIGRAM]))
        )
        if first is None:
            return statement, _newest(Version.published_at, Document.id)
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
    scanned = _scanned(dialect, [term for term in terms if term not in fts_terms])
    return statement.where(*scanned), newest


def _documents(looked_up: Sequence[str], first: int | None) -> Subquery:
    """The documents whose grams hold those of every looked up term, or the `first` newest.

    The `first` newest are taken from a lookup the planner keeps apart (OFFSET 0), so that
    it makes it with the GIN index: it cannot tell how many documents the terms have, and
    would otherwise rather read the newest ones in order, and each one's grams, until it
    has enough.
    """
    candidates = select(_grams.c.document_id, _grams.c.published_at)
    if looked_up:
        grams = (_grams.c.grams.op("@>")(func.text_grams(t, len(t) == 1)) for t in looked_up)
        candidates = candidates.where(*grams)
    if first is not None:
        if looked_up:
            candidates = select(candidates.offset(0).subquery("found"))
        found = candidates.selected_columns
        candidates = candidates.order_by(*_newest(found.published_at, found.document_id))
        candidates = candidates.limit(first)
    return candidates.subquery("candidates")


def _newest(published_at: Any, document_id: Any) -> tuple[ColumnElement[Any], ...]:
    return (published_at.desc().nulls_last(), document_id.desc())


def _scanned(dialect: str, terms: Sequence[str]) -> list[ColumnElement[bool]]:
    """Each term looked for in the text of the version, which PostgreSQL lower-cases once
    for all the terms with cased letters."""
    if dialect != "postgresql":
        return [
            or_(
                contains(dialect, Version.title, term),
                contains(dialect, Version.text, term),
                contains(dialect, Version.attachment_text, term),
            )
            for term in terms
        ]
    newline = literal_column("E'\\n'")
    searchable = (
        Version.title.op("||")(newline)
        .op("||")(Version.text)
        .op("||")(newline)
        .op("||")(Version.attachment_text)
    )
    found = [func.strpos(searchable, term) > 0 for term in terms if _uncased(term)]
    cased = [func.lower(f"%{_like_escaped(term)}%") for term in terms if not _uncased(term)]
    if cased:
        found.append(func.lower(searchable).like(all_(array(cased))))
    return found


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _uncased(term: str) -> bool:
    return term.lower() == term.upper()


def _fts_query(terms: Sequence[str]) -> str:
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
