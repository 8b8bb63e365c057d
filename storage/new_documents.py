"""The rows of a page seen for the first time (policy, document, version, attachments, change)
written as plain INSERTs: the bulk of a backfill, where the ORM's unit of work costs more
than the statements themselves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.orm import Session

from storage.attachments import attachment_text, attachment_values
from storage.days import china_day
from storage.identity import content_hash
from storage.lifecycle import recheck_interval
from storage.models import Attachment, Change, Document, Policy, Version

METADATA_FIELDS = (
    "title",
    "wenhao",
    "issuer",
    "department",
    "index_no",
    "published_at",
    "written_on",
)

_INSERT_POLICY = insert(Policy.__table__)
_INSERT_DOCUMENT = insert(Document.__table__)
_INSERT_VERSION = insert(Version.__table__)
_INSERT_ATTACHMENTS = insert(Attachment.__table__)
_INSERT_CHANGE = insert(Change.__table__)
_SET_CURRENT_VERSION = (
    update(Document.__table__)
    .where(Document.__table__.c.id == bindparam("document"))
    .values(current_version_id=bindparam("version"))
)


@dataclass(frozen=True)
class Written:
    """The ids of what was written, and the words of the version (its links are read from
    them)."""

    document_id: int
    version_id: int
    change_id: int
    title: str
    text: str
    attachment_text: str
    wenhao: str | None


def insert_policy(
    session: Session, key: str, wenhao_key: str | None, record: Mapping[str, Any], now: datetime
) -> int:
    """A new policy of the page, its primary set once the document exists; its id."""
    return _insert(
        session.connection(),
        _INSERT_POLICY,
        key=key,
        wenhao_key=wenhao_key,
        title=record["title"],
        published_at=record.get("published_at"),
        first_seen_at=now,
    )


def insert_document(
    session: Session,
    url: str,
    policy_id: int,
    record: Mapping[str, Any],
    crawl_run_id: int | None,
    now: datetime,
) -> Written:
    """The document of `url` in `policy_id`, its version 1 and attachments, and its `new`
    change; the same rows as the ORM models would write."""
    connection = session.connection()
    document_id = _insert(
        connection,
        _INSERT_DOCUMENT,
        url=url,
        source_id=record["source"],
        policy_id=policy_id,
        status="active",
        listing_fingerprint=record.get("listing_fingerprint"),
        etag=record.get("etag"),
        last_modified=record.get("last_modified"),
        first_seen_at=now,
        last_seen_at=now,
        last_checked_at=now,
        next_check_at=now + recheck_interval(now, now),
    )
    attachments = record.get("attachments") or ()
    values = version_values(record, content_hash(record["text"]), now)
    version_id = _insert(
        connection,
        _INSERT_VERSION,
        document_id=document_id,
        number=1,
        published_on=china_day(values["published_at"]),
        **values,
    )
    if attachments:
        connection.execute(
            _INSERT_ATTACHMENTS,
            [{"version_id": version_id, **row} for row in attachment_values(attachments)],
        )
    connection.execute(_SET_CURRENT_VERSION, {"document": document_id, "version": version_id})
    change_id = _insert(
        connection,
        _INSERT_CHANGE,
        kind="new",
        document_id=document_id,
        policy_id=policy_id,
        from_version_id=None,
        to_version_id=version_id,
        crawl_run_id=crawl_run_id,
        detected_at=now,
    )
    return Written(
        document_id,
        version_id,
        change_id,
        record["title"],
        record["text"],
        values["attachment_text"],
        record.get("wenhao"),
    )


def version_values(record: Mapping[str, Any], text_hash: str, now: datetime) -> dict[str, Any]:
    """The columns of a page's version that come from the page itself (not its number, its
    document or its attachment rows)."""
    return {
        "text": record["text"],
        "html": record["html"],
        "content_hash": text_hash,
        "flags": list(record.get("flags") or []),
        "topics": dict(record.get("topics") or {}),
        "fetched_at": record.get("fetched_at") or now,
        "attachment_text": attachment_text(record.get("attachments") or ()),
        **{name: record.get(name) for name in METADATA_FIELDS},
    }


def _insert(connection: Connection, statement: Any, **values: Any) -> int:
    return connection.execute(statement, values).inserted_primary_key[0]
