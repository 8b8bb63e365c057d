"""Validators (ETag, Last-Modified) on successful pages, and 304 answers to conditional GETs."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime

from replica.reply import Reply

CHINA = timezone(timedelta(hours=8))


def with_validators(reply: Reply) -> Reply:
    """The reply with `ETag` and `Last-Modified` added, when it is a 200.

    The ETag hashes the body and the modification time, as a static web server's ETag
    (mtime and size) changes whenever the CMS republishes the page, even with the same bytes.
    """
    if reply.status != 200 or reply.last_modified is None:
        return reply
    modified = format_datetime(_utc(reply.last_modified), usegmt=True)
    etag = f'"{hashlib.sha1(reply.body + modified.encode()).hexdigest()[:20]}"'
    return replace(reply, headers=(*reply.headers, ("ETag", etag), ("Last-Modified", modified)))


def answer_conditional(reply: Reply, request_headers: Message) -> Reply:
    """A 304 carrying the validators when the client's copy is current, else the reply itself."""
    if reply.status != 200 or not _is_current(reply, request_headers):
        return reply
    kept = tuple(item for item in reply.headers if item[0] in ("ETag", "Last-Modified"))
    return Reply(status=304, body=b"", content_type=reply.content_type, headers=kept)


def _is_current(reply: Reply, request_headers: Message) -> bool:
    validators = dict(reply.headers)
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        etag = validators.get("ETag")
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag is not None and ("*" in tags or etag in tags)
    if_modified_since = request_headers.get("If-Modified-Since")
    if if_modified_since is None or reply.last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return _utc(reply.last_modified).replace(microsecond=0) <= since


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=CHINA).astimezone(UTC)
