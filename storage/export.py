"""The rows an export writes: each document found, or each of its versions, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Document, Version
from storage.search import STREAM_BATCH, SearchFilters, SearchHit, iter_search

T = TypeVar("T")
DOCUMENT_FIELDS = (
    "document_id",
    "policy_id",
    "published_on",
    "published_at",
    "source",
    "wenhao",
    "issuer",
    "department",
    "title",
    "url",
    "status",
    "text",
)
HISTORY_FIELDS = (*DOCUMENT_FIELDS[:2], "version", "current", "fetched_at", *DOCUMENT_FIELDS[2:])
_VERSION_COLUMNS = (
    Version.document_id,
    Version.id,
    Version.number,
    Version.fetched_at,
    Version.published_on,
    Version.published_at,
    Version.wenhao,
    Version.issuer,
    Version.department,
    Version.title,
    Version.text,
    Document.current_version_id,
)


def export_rows(
    session: Session, query: str, filters: SearchFilters, *, history: bool = False
) -> Iterator[dict[str, Any]]:
    """The documents the search finds, newest first, as DOCUMENT_FIELDS of their current
    version; with `history`, every version of each (oldest first) as HISTORY_FIELDS. Rows are
    read STREAM_BATCH documents at a time, never the whole result."""
    hits = iter_search(session, query, filters)
    if not history:
        return (_document_row(hit) for hit in hits)
    return _history_rows(session, hits)


def _document_row(hit: SearchHit) -> dict[str, Any]:
    return {name: getattr(hit, name) for name in DOCUMENT_FIELDS}


def _history_rows(session: Session, hits: Iterable[SearchHit]) -> Iterator[dict[str, Any]]:
    for batch in batched(hits, STREAM_BATCH):
        by_id = {hit.document_id: hit for hit in batch}
        statement = (
            select(*_VERSION_COLUMNS)
            .join(Document, Document.id == Version.document_id)
            .where(Version.document_id.in_(by_id))
            .order_by(Version.document_id, Version.number)
        )
        versions: dict[int, list[dict[str, Any]]] = {}
        for row in session.execute(statement):
            hit = by_id[row.document_id]
            versions.setdefault(row.document_id, []).append(
                {
                    "document_id": hit.document_id,
                    "policy_id": hit.policy_id,
                    "version": row.number,
                    "current": row.id == row.current_version_id,
                    "fetched_at": row.fetched_at,
                    "published_on": row.published_on,
                    "published_at": row.published_at,
                    "source": hit.source,
                    "wenhao": row.wenhao,
                    "issuer": row.issuer,
                    "department": row.department,
                    "title": row.title,
                    "url": hit.url,
                    "status": hit.status,
                    "text": row.text,
                }
            )
        for hit in batch:
            yield from versions.get(hit.document_id, ())


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
