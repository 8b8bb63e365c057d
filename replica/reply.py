"""What the replica answers (status, headers, bytes) and what a site is asked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

NORMAL = "normal"
EMPTY = "empty"
CHANGED = "changed"


@dataclass(frozen=True)
class SiteRequest:
    """A request for one site's page on one timeline day; `list_layout` is how lists render."""

    path: str
    day: int
    list_layout: str = NORMAL
    host: str = ""
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """An answer; `last_modified` (China Standard Time) makes a 200 answer carry validators."""

    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    last_modified: datetime | None = None


def html_reply(
    text: str,
    *,
    status: int = 200,
    charset: str = "utf-8",
    last_modified: datetime | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Reply:
    return Reply(
        status=status,
        body=text.encode(charset, errors="xmlcharrefreplace"),
        content_type=f"text/html; charset={charset}",
        headers=headers,
        last_modified=last_modified,
    )


def text_reply(text: str, *, status: int = 200, last_modified: datetime | None = None) -> Reply:
    return Reply(
        status=status,
        body=text.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        last_modified=last_modified,
    )


def json_reply(data: Any, *, status: int = 200) -> Reply:
    body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    return Reply(status=status, body=body, content_type="application/json; charset=utf-8")


def not_found(message: str) -> Reply:
    return text_reply(f"404 Not Found: {message}\n", status=404)
