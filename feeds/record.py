"""The record a build leaves in its folder: the settings and code it was built with, how far
into the change log it read, and what each feed's pages hold, so that the next build renders
only what changed. The record of a feed's archive pages is a file of its own, read only when
the feed changed."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from feeds.files import write_if_changed
from feeds.members import Key

log = logging.getLogger(__name__)

RECORD = "archive/manifest.json"
PAGES = "pages.json"


@dataclass(frozen=True)
class Page:
    """An archive page: its first member's key and a digest of its members' ids."""

    start: Key
    members: str


@dataclass(frozen=True)
class StreamRecord:
    """A paged feed as built: its description's digest, how many archive pages it has and a
    digest of their record, a digest of its current document's members, that document's
    date, the other files made along with its entries (diff pages), and the settled
    modification time of its archive folder when known whole (see feeds.folders)."""

    meta: str
    closed: int
    pages: str
    current: str
    updated: datetime
    files: tuple[str, ...] = ()
    folder: int | None = None


@dataclass
class BuildRecord:
    """A folder's last build: its settings' digest, the change id up to which it read the
    change log and the ids above it already read, its paged feeds, and the digest and date
    of each feed rendered whole."""

    settings: str
    mark: int
    seen: tuple[int, ...]
    streams: dict[str, StreamRecord] = field(default_factory=dict)
    feeds: dict[str, tuple[str, datetime]] = field(default_factory=dict)


def digest(value: object) -> str:
    """A short digest of `value`'s repr (tuples, strings, numbers, dates and dataclasses of
    them have the same repr in every process; sets do not)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


@cache
def code_digest() -> str:
    """A digest of the feeds package's code: what other code built is built again."""
    package = Path(__file__).parent
    hashed = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        hashed.update(path.read_bytes())
    return hashed.hexdigest()[:16]


def read_record(out_dir: Path, settings: str) -> BuildRecord | None:
    """The record of the last build in `out_dir`, or None when there is none, it cannot be
    read, or that build had other settings or code."""
    path = out_dir / RECORD
    try:
        data = json.loads(path.read_bytes())
        if data.get("settings") != settings:
            return None
        return BuildRecord(
            settings=settings,
            mark=int(data["mark"]),
            seen=tuple(int(change_id) for change_id in data["seen"]),
            streams={name: _stream(found) for name, found in data["streams"].items()},
            feeds={
                name: (found, datetime.fromisoformat(updated))
                for name, (found, updated) in data["feeds"].items()
            },
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning("unreadable build record %s (%s): building every page", path, error)
        return None


def write_record(out_dir: Path, record: BuildRecord) -> None:
    """Store `record` in `out_dir`, after everything it describes was written."""
    data = {
        "settings": record.settings,
        "mark": record.mark,
        "seen": list(record.seen),
        "streams": {
            name: {
                "meta": stream.meta,
                "closed": stream.closed,
                "pages": stream.pages,
                "current": stream.current,
                "updated": stream.updated.isoformat(),
                "files": list(stream.files),
                "folder": stream.folder,
            }
            for name, stream in record.streams.items()
        },
        "feeds": {
            name: [found, updated.isoformat()] for name, (found, updated) in record.feeds.items()
        },
    }
    write_if_changed(out_dir / RECORD, json.dumps(data, separators=(",", ":")).encode())


def read_pages(folder: Path, stream: StreamRecord) -> list[Page] | None:
    """The archive pages the record in `folder` lists, or None when it is missing, cannot be
    read or is not the one `stream` was built with."""
    if stream.closed == 0:
        return []
    try:
        pages = [
            Page((datetime.fromisoformat(moment), int(row_id)), members)
            for moment, row_id, members in json.loads((folder / PAGES).read_bytes())
        ]
    except (OSError, ValueError, TypeError):
        return None
    return pages if len(pages) == stream.closed and pages_digest(pages) == stream.pages else None


def write_pages(folder: Path, pages: list[Page]) -> None:
    """Record the archive pages in `folder` (a feed without any keeps no record of them)."""
    if not pages:
        (folder / PAGES).unlink(missing_ok=True)
        return
    write_if_changed(folder / PAGES, json.dumps(_rows(pages), separators=(",", ":")).encode())


def pages_digest(pages: list[Page]) -> str:
    """A digest of the record of `pages`, which the build record keeps."""
    return digest(_rows(pages))


def _rows(pages: list[Page]) -> list[list[object]]:
    return [[page.start[0].isoformat(), page.start[1], page.members] for page in pages]


def _stream(data: dict[str, Any]) -> StreamRecord:
    return StreamRecord(
        meta=data["meta"],
        closed=int(data["closed"]),
        pages=data["pages"],
        current=data["current"],
        updated=datetime.fromisoformat(data["updated"]),
        files=tuple(data["files"]),
        folder=data["folder"],
    )
