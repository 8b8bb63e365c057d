"""The text index beside the models (FTS5 trigram on SQLite; pg_trgm on PostgreSQL, over the
text and over its bigram words) and its use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
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
TRIGRAM_INDEX = "ix_version_search_trgm"
BIGRAM_INDEX = "ix_version_search_bigram"
BIGRAM_COLUMN = "bigram_words"
TRIGRAM = 3
KEY_SHIFT = 1 << 28

_fts = table(FTS_TABLE, column("rowid"))


def include_object(
    _object: Any, name: str | None, _type: str, reflected: bool, _compare_to: Any
) -> bool:
    """Alembic `include_object` hook: leave the text index, which no model describes, out of
    autogenerate comparisons (the FTS5 table and its shadow tables, the pg_trgm indexes and
    the bigram column)."""
    ours = name is not None and (
        name in (FTS_TABLE, TRIGRAM_INDEX, BIGRAM_INDEX, BIGRAM_COLUMN)
        or name.startswith(f"{FTS_TABLE}_")
    )
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
    dialect: str, terms: Sequence[str], *columns: Any, indexed: bool = True
) -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    """`columns` of documents joined to their current version whose title or text contains
    every term (as a substring, ignoring case), and the newest-first order of those rows.
    A version's text is searched together with the text of its attachments.

    SQLite: a term of three characters or more is an FTS5 trigram phrase over `search_fts`,
    whose rowid (publication second * KEY_SHIFT + document id) is the newest-first order, so
    that a page reads only the first matches; a shorter one a LIKE, a scan of the rows the
    other conditions leave. PostgreSQL: a term of two characters or more without spaces is
    the phrase of its bigram words in the `bigram_words` column, which its own pg_trgm index
    covers (a two-character term is a whole word there); a quoted phrase with spaces a LIKE
    on title, text and attachment text joined by newlines, the expression the first pg_trgm
    index covers; a single character a `strpos`. Without `indexed`, every PostgreSQL term is a
    `strpos`: a scan of the rows the other conditions leave, such as the newest versions.
    """
    current = and_(Version.document_id == Document.id, Version.id == Document.current_version_id)
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
        newest = (Version.published_at.desc().nulls_last(), Document.id.desc())
    scanned = (_scan(dialect, term, indexed=indexed) for term in terms if term not in fts_terms)
    return statement.where(*scanned), newest


def _scan(dialect: str, term: str, *, indexed: bool) -> ColumnElement[bool]:
    if dialect != "postgresql":
        return or_(
            contains(dialect, Version.title, term),
            contains(dialect, Version.text, term),
            contains(dialect, Version.attachment_text, term),
        )
    if indexed and len(term) >= 2 and len(term.split()) == 1:
        words = literal_column(f"{Version.__tablename__}.{BIGRAM_COLUMN}")
        return words.like(bigram_phrase(term), escape="\\")
    newline = literal_column("E'\\n'")
    searchable = (
        Version.title.op("||")(newline)
        .op("||")(Version.text)
        .op("||")(newline)
        .op("||")(Version.attachment_text)
    )
    if indexed and len(term) >= TRIGRAM:
        return contains(dialect, searchable, term)
    if _uncased(term):
        return func.strpos(searchable, term) > 0
    return func.strpos(func.lower(searchable), func.lower(literal(term))) > 0


def bigram_phrase(term: str) -> str:
    """The LIKE pattern of `term` among bigram words: ' ab bc cd ' for 'abcd', lower-cased."""
    lowered = term.lower()
    words = (lowered[i : i + 2] for i in range(len(lowered) - 1))
    return f"% {_like_escaped(' '.join(words))} %"


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _uncased(term: str) -> bool:
    return term.lower() == term.upper()


def _fts_query(terms: Sequence[str]) -> str:
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
