"""RFC 5005 archived feeds: a current document of the newest entries, and archive pages that
hold every older one and are written once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from feeds.entries import Entry
from feeds.files import write_if_changed
from feeds.render import Feed, render

ARCHIVE_DIR = "archive"
MANIFEST = f"{ARCHIVE_DIR}/manifest.json"


@dataclass(frozen=True)
class Stream:
    """A feed's members, oldest first (the order they joined it), and how to make the entries
    of some of them. `feed` describes the feed; its entries are filled in per page."""

    feed: Feed
    keys: Sequence[int]
    entries: Callable[[Sequence[int]], list[Entry]]


class Archive:
    """The archive pages under `out_dir`, and the record of which members each one holds, so a
    page whose members did not change is neither rebuilt nor rewritten."""

    def __init__(self, out_dir: Path, url: Callable[[str], str], page_size: int) -> None:
        self.out_dir = out_dir
        self.url = url
        self.page_size = page_size
        path = out_dir / MANIFEST
        self.pages: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}

    def write(self, stream: Stream) -> Feed:
        """Write the archive pages of `stream` that changed, and return its current feed: the
        newest `page_size` members, linking to the newest archive page."""
        keys, size = list(stream.keys), self.page_size
        full = max(len(keys) - 1, 0) // size
        current_url = self.url(f"{stream.feed.name}.atom")
        previous: str | None = None
        for number in range(1, full + 1):
            name = f"{ARCHIVE_DIR}/{stream.feed.name}/{number}"
            members = keys[(number - 1) * size : number * size]
            digest = hashlib.sha256(json.dumps(members).encode()).hexdigest()
            path = self.out_dir / f"{name}.atom"
            if self.pages.get(name) != digest or not path.is_file():
                links = [("current", current_url)]
                links += [("prev-archive", previous)] if previous else []
                page = replace(
                    stream.feed,
                    name=name,
                    entries=_newest_first(stream.entries(members)),
                    links=tuple(links),
                    archive=True,
                )
                write_if_changed(path, render(page, "atom", self.url(f"{name}.atom")))
                self.pages[name] = digest
            previous = self.url(f"{name}.atom")
        newest = keys[-size:] if size else keys
        links = (("prev-archive", previous),) if previous else ()
        return replace(stream.feed, entries=_newest_first(stream.entries(newest)), links=links)

    def save(self) -> None:
        """Record which members each archive page holds."""
        data = json.dumps(self.pages, sort_keys=True, indent=0).encode()
        write_if_changed(self.out_dir / MANIFEST, data)


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.published, entry.id), reverse=True)
