"""The record a build leaves in its folder: the settings and code it was built with, how far
into the change log it read, and what each feed's pages hold (each feed's archive pages in a
record of their own, feeds.page_record), so that the next build renders only what changed."""

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


@dataclass(frozen=True)
class StreamRecord:
    """A paged feed as built: its description's digest, how many archive pages it has and the
    last line of their record (feeds.page_record), its current document's members (oldest
    first) and how many of them are on no archive page yet, that document's date, the other
    files made along with its entries (diff pages), and the settled modification time of
    its archive folder when known whole (see feeds.folders)."""

    meta: str
    closed: int
    last: str
    newest: tuple[Key, ...]
    opened: int
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
                "last": stream.last,
                "newest": [[moment.isoformat(), row_id] for moment, row_id in stream.newest],
                "opened": stream.opened,
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


def _stream(data: dict[str, Any]) -> StreamRecord:
    return StreamRecord(
        meta=data["meta"],
        closed=int(data["closed"]),
        last=data["last"],
        newest=tuple(
            (datetime.fromisoformat(moment), int(row_id)) for moment, row_id in data["newest"]
        ),
        opened=int(data["opened"]),
        updated=datetime.fromisoformat(data["updated"]),
        files=tuple(data["files"]),
        folder=data["folder"],
    )
