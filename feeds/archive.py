"""RFC 5005 archived feeds: a current document of the newest entries, and archive pages that
hold every older one, each written again only when its members or their entries changed."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from feeds.entries import Entry
from feeds.files import write_if_changed
from feeds.folders import folder_stamp, holds, settled
from feeds.members import Key, Scope, Touched
from feeds.readback import read_entries
from feeds.record import Page, StreamRecord, digest, pages_digest, read_pages, write_pages
from feeds.render import FORMATS, Feed, render, write_feed

ARCHIVE_DIR = "archive"


@dataclass(frozen=True)
class Stream:
    """A feed (its entries are filled in per page), who its members are, how to make the
    entries of some of them from their ids (given the entries its pages held, by id) and,
    for a feed whose entries come with other files, the paths of those."""

    feed: Feed
    scope: Scope
    entries: Callable[[Sequence[int], Mapping[str, Entry]], list[Entry]]
    files: Callable[[Sequence[int]], list[str]] | None = None


class Archive:
    """The paged feeds of a folder, each brought up to date from the record of its last build
    and what the change log says was touched since."""

    def __init__(
        self,
        session: Session,
        out_dir: Path,
        url: Callable[[str], str],
        page_size: int,
        built: dict[str, StreamRecord],
        touched: Touched,
    ) -> None:
        self.session = session
        self.out_dir = out_dir
        self.url = url
        self.page_size = page_size
        self.built = built
        self.touched = touched

    def publish(self, stream: Stream) -> StreamRecord:
        """Write the pages of `stream` that changed and return its new record.

        Page N holds members (N-1)·size to N·size-1 and is closed once the next member
        joins; the current document holds the newest `size`. A feed none of whose members
        the change log touched and whose files are all there is left as it is. Otherwise
        the last closed page and those after it are read again, and an older page when a
        touched member may be on it or its file is gone: each is written again when its
        members or their entries changed, and every later page is read again when its
        members changed (a policy that joined or left the feed in the middle).
        """
        name, size = stream.feed.name, self.page_size
        meta = digest((stream.feed, stream.scope))
        old = self.built.get(name)
        old = old if old is not None and old.meta == meta else None
        touched = stream.scope.touched(self.touched) if old else set()
        folder = self.out_dir / ARCHIVE_DIR / name
        stamp = folder_stamp(folder)
        if old and not touched and self._as_built(name, old, stamp):
            return replace(old, folder=settled(stamp))
        present = self._present(name)
        pages = read_pages(folder, old) if old else None
        if pages is None:
            old, pages, touched = None, [], set()
        earlier = _ReadBack(enabled=old is not None)
        writes: dict[int, list[Key]] = {}
        start = max(len(pages), 1)
        for number in _suspects(pages, touched, present):
            if number >= start:
                break
            members = stream.scope.members(self.session, _start(pages, number), pages[number].start)
            if digest(_ids(members)) != pages[number - 1].members:
                start = number
                break
            if (
                number not in present
                or touched.intersection(members)
                or self._gone(stream, members)
            ):
                writes[number] = members
        members = stream.scope.members(self.session, _start(pages, start), None)
        while len(members) < size and start > 1:
            start -= 1
            members = stream.scope.members(self.session, _start(pages, start), None)
        writes = {number: found for number, found in writes.items() if number < start}
        total = (start - 1) * size + len(members)
        closed = (total - 1) // size if total else 0
        kept = pages[: start - 1]
        for number in range(start, closed + 1):
            chunk = members[(number - start) * size : (number - start + 1) * size]
            page = Page(chunk[0], digest(_ids(chunk)))
            known = pages[number - 1] if number <= len(pages) else None
            if (
                page != known
                or number not in present
                or touched.intersection(chunk)
                or self._gone(stream, chunk)
            ):
                writes[number] = chunk
            kept.append(page)
        for number, chunk in sorted(writes.items()):
            earlier.read(self.out_dir / f"{_page_name(name, number)}.atom")
            if number > len(pages) or pages[number - 1].members != digest(_ids(chunk)):
                earlier.read(self.out_dir / f"{_page_name(name, number + 1)}.atom")
                earlier.read(self.out_dir / f"{name}.atom")
            self._write_page(stream, number, chunk, earlier.entries)
        for number in present - set(range(1, closed + 1)):
            (self.out_dir / f"{_page_name(name, number)}.atom").unlink(missing_ok=True)
        if kept != pages or old is None:
            write_pages(folder, kept)
        newest = members[-size:]
        files = tuple(stream.files(_ids(newest))) if stream.files else ()
        current = digest((_ids(newest), closed))
        unchanged = old and current == old.current and not touched.intersection(newest)
        if unchanged and self._there([*(f"{name}.{fmt}" for fmt in FORMATS), *files]):
            updated = old.updated
        else:
            links = (
                (("prev-archive", self.url(f"{_page_name(name, closed)}.atom")),) if closed else ()
            )
            earlier.read(self.out_dir / f"{name}.atom")
            entries = stream.entries(_ids(newest), earlier.entries)
            feed = replace(stream.feed, entries=_newest_first(entries), links=links)
            write_feed(self.out_dir, feed, self.url)
            updated = feed.updated
        unwritten = settled(stamp) if folder_stamp(folder) == stamp else None
        return StreamRecord(meta, len(kept), pages_digest(kept), current, updated, files, unwritten)

    def _write_page(
        self, stream: Stream, number: int, members: list[Key], earlier: Mapping[str, Entry]
    ) -> None:
        name = _page_name(stream.feed.name, number)
        links = [("current", self.url(f"{stream.feed.name}.atom"))]
        if number > 1:
            links.append(
                ("prev-archive", self.url(f"{_page_name(stream.feed.name, number - 1)}.atom"))
            )
        page = replace(
            stream.feed,
            name=name,
            entries=_newest_first(stream.entries(_ids(members), earlier)),
            links=tuple(links),
            archive=True,
        )
        write_if_changed(
            self.out_dir / f"{name}.atom", render(page, "atom", self.url(f"{name}.atom"))
        )

    def _gone(self, stream: Stream, members: list[Key]) -> bool:
        """Whether a file made along with the members' entries is gone."""
        return stream.files is not None and not self._there(stream.files(_ids(members)))

    def _there(self, files: Sequence[str]) -> bool:
        return all(os.path.isfile(os.path.join(self.out_dir, path)) for path in files)

    def _as_built(self, name: str, built: StreamRecord, stamp: int | None) -> bool:
        """Whether the files of feed `name` are as last built: its current documents, the
        files made along with their entries, and in its archive folder (modified at `stamp`)
        its pages and their record."""
        count = built.closed + 1 if built.closed else 0
        current = [f"{name}.{fmt}" for fmt in FORMATS]
        return holds(self.out_dir / ARCHIVE_DIR / name, count, stamp, built.folder) and self._there(
            [*current, *built.files]
        )

    def _present(self, name: str) -> set[int]:
        """The numbers of the archive pages of feed `name` found on disk."""
        try:
            found = os.listdir(self.out_dir / ARCHIVE_DIR / name)
        except (FileNotFoundError, NotADirectoryError):
            return set()
        return {
            int(stem)
            for stem, _, suffix in (f.partition(".") for f in found)
            if stem.isdigit() and suffix == "atom"
        }


class _ReadBack:
    """The entries read back from a feed's files as last built (none when `enabled` is off:
    a feed built afresh), each file read once and before it is written again."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.entries: dict[str, Entry] = {}
        self._read: set[Path] = set()

    def read(self, path: Path) -> None:
        if self.enabled and path not in self._read:
            self._read.add(path)
            self.entries.update(read_entries(path))


def _suspects(pages: list[Page], touched: set[Key], present: set[int]) -> list[int]:
    """The pages that may hold a touched member, and those whose file is gone, in order."""
    starts = [page.start for page in pages]
    found = {max(bisect_right(starts, key), 1) for key in touched}
    found |= {number for number in range(1, len(pages) + 1) if number not in present}
    return sorted(found)


def _start(pages: list[Page], number: int) -> Key | None:
    """Where page `number` starts reading: its first member's key; the first page reads from
    the beginning (a member may join before every other)."""
    return pages[number - 1].start if number > 1 else None


def _page_name(name: str, number: int) -> str:
    return f"{ARCHIVE_DIR}/{name}/{number}"


def _ids(members: Sequence[Key]) -> list[int]:
    return [row_id for _, row_id in members]


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.published, entry.id), reverse=True)
