"""RFC 5005 archived feeds: a current document of the newest entries, and archive pages that
hold every older one, each written again only when its members or their entries changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from feeds.entries import Entry
from feeds.files import write_if_changed
from feeds.folders import folder_stamp, holds, settled
from feeds.members import Key, Scope, Touched
from feeds.page_record import PAGES, Page, PageRecord
from feeds.readback import read_entries
from feeds.record import StreamRecord, digest
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
        its pages are laid out again (see `_layout`) and those whose members, or whose
        members' entries, changed are written, reusing the entries read back from the
        files they replace when their policies were not touched.
        """
        name = stream.feed.name
        meta = digest((stream.feed, stream.scope))
        old = self.built.get(name)
        old = old if old is not None and old.meta == meta else None
        touched = stream.scope.touched(self.touched) if old else set()
        folder = self.out_dir / ARCHIVE_DIR / name
        stamp = folder_stamp(folder)
        if old and not touched and self._as_built(name, old, stamp):
            return replace(old, folder=settled(stamp))
        pages = PageRecord.open(folder, old.closed, old.last) if old else None
        if old is None or pages is None:
            old, pages, touched = None, PageRecord(folder, 0), set()
        present = self._present(name, pages.count, stamp, old)
        earlier = _ReadBack(enabled=old is not None)
        start, laid, writes, newest, opened = self._layout(stream, pages, touched, present, old)
        for number, members in sorted(writes.items()):
            earlier.read(self.out_dir / f"{_page_name(name, number)}.atom")
            if number >= start and (
                number > pages.count or pages.page(number) != laid[number - start]
            ):
                earlier.read(self.out_dir / f"{_page_name(name, number + 1)}.atom")
                earlier.read(self.out_dir / f"{name}.atom")
            self._write_page(stream, number, members, earlier.entries)
        closed = start - 1 + len(laid)
        for number in _extra(present, closed):
            (self.out_dir / f"{_page_name(name, number)}.atom").unlink(missing_ok=True)
        if (
            old is None
            or closed != pages.count
            or any(
                number > pages.count or pages.page(number) != page
                for number, page in enumerate(laid, start)
            )
        ):
            pages.write(start, laid)
        files = tuple(stream.files(_ids(newest))) if stream.files else ()
        unchanged = (
            old
            and (tuple(newest), closed) == (old.newest, old.closed)
            and not touched.intersection(newest)
        )
        if unchanged and self._there([*(f"{name}.{fmt}" for fmt in FORMATS), *files]):
            updated = old.updated
        else:
            earlier.read(self.out_dir / f"{name}.atom")
            updated = self._write_current(stream, newest, closed, earlier.entries)
        unwritten_since = settled(stamp) if folder_stamp(folder) == stamp else None
        return StreamRecord(
            meta, closed, pages.last(), tuple(newest), opened, updated, files, unwritten_since
        )

    def _layout(
        self,
        stream: Stream,
        pages: PageRecord,
        touched: set[Key],
        present: Collection[int],
        built: StreamRecord | None,
    ) -> tuple[int, list[Page], dict[int, list[Key]], list[Key], int]:
        """Where the pages laid out again start, those pages, the pages to write with their
        members, the newest members, and how many of those are on no archive page yet; from
        the `pages` as last recorded and the feed as last `built`.

        When only new members joined the feed since (after its newest as built), they are
        read alone and pages close as they fill. Otherwise the last closed page and those
        after it are read again, and an older page when a `touched` member may be on it or
        its file is not `present`: it is written when its members' entries changed or its
        file is gone; when its members changed (a policy joined or left the feed in the
        middle), it and every later page are read again and written when their members
        changed.
        """
        size = self.page_size
        if built and built.newest and isinstance(present, range):
            last = built.newest[-1]
            if all(key > last for key in touched):
                joined = stream.scope.members(self.session, last, None)
                if joined[:1] == [last]:
                    return self._append(stream, pages, built, joined[1:])
        writes: dict[int, list[Key]] = {}
        start = max(pages.count, 1)
        for number in _suspects(pages, touched, present):
            if number >= start:
                break
            stop = pages.page(number + 1).start
            members = stream.scope.members(self.session, _start(pages, number), stop)
            if digest(_ids(members)) != pages.page(number).members:
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
        laid = []
        for number in range(start, closed + 1):
            chunk = members[(number - start) * size : (number - start + 1) * size]
            page = Page(chunk[0], digest(_ids(chunk)))
            if (
                number > pages.count
                or page != pages.page(number)
                or number not in present
                or touched.intersection(chunk)
                or self._gone(stream, chunk)
            ):
                writes[number] = chunk
            laid.append(page)
        return start, laid, writes, members[-size:], total - closed * size

    def _append(
        self, stream: Stream, pages: PageRecord, built: StreamRecord, joined: list[Key]
    ) -> tuple[int, list[Page], dict[int, list[Key]], list[Key], int]:
        """`_layout` when the members `joined` the feed after its newest as `built`: the
        pages they fill are closed and written."""
        size = self.page_size
        unpaged = [*built.newest[len(built.newest) - built.opened :], *joined]
        laid, writes = [], {}
        while len(unpaged) > size:
            chunk, unpaged = unpaged[:size], unpaged[size:]
            laid.append(Page(chunk[0], digest(_ids(chunk))))
            writes[pages.count + len(laid)] = chunk
        newest = [*built.newest, *joined][-size:]
        return pages.count + 1, laid, writes, newest, len(unpaged)

    def _write_current(
        self, stream: Stream, newest: list[Key], closed: int, earlier: Mapping[str, Entry]
    ) -> datetime:
        """Write the current documents of `stream` and return their date."""
        name = stream.feed.name
        links = (("prev-archive", self.url(f"{_page_name(name, closed)}.atom")),) if closed else ()
        entries = _newest_first(stream.entries(_ids(newest), earlier))
        feed = replace(stream.feed, entries=entries, links=links)
        write_feed(self.out_dir, feed, self.url)
        return feed.updated

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
        folder = self.out_dir / ARCHIVE_DIR / name
        return holds(folder, count, stamp, built.folder, _kept) and self._there(
            [*current, *built.files]
        )

    def _present(
        self, name: str, count: int, stamp: int | None, built: StreamRecord | None
    ) -> Collection[int]:
        """The numbers of the archive pages of feed `name` found on disk: all `count` of them
        while its folder holds as many files as it did (see feeds.folders), else listed."""
        folder = self.out_dir / ARCHIVE_DIR / name
        expected = built.closed + 1 if built and built.closed else 0
        if built and holds(folder, expected, stamp, built.folder, _kept):
            return range(1, count + 1)
        try:
            found = os.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return set()
        return {number for number in map(_page_number, found) if number is not None}


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


def _suspects(pages: PageRecord, touched: set[Key], present: Collection[int]) -> list[int]:
    """The pages that may hold a touched member, and those whose file is gone, in order."""
    found = {pages.page_of(key) for key in touched}
    if not isinstance(present, range):
        found |= {number for number in range(1, pages.count + 1) if number not in present}
    return sorted(found)


def _extra(present: Collection[int], closed: int) -> Collection[int]:
    """The pages found on disk past the last closed one."""
    if isinstance(present, range):
        return range(closed + 1, present.stop)
    return sorted(number for number in present if number > closed)


def _start(pages: PageRecord, number: int) -> Key | None:
    """Where page `number` starts reading: its first member's key; the first page reads from
    the beginning (a member may join before every other)."""
    return pages.page(number).start if number > 1 else None


def _page_number(file_name: str) -> int | None:
    """The number of the archive page stored as `file_name`, None for another file."""
    stem, _, suffix = file_name.partition(".")
    return int(stem) if stem.isdigit() and suffix == "atom" else None


def _kept(file_name: str) -> bool:
    """Whether a build keeps `file_name` in an archive folder: a page, or their record."""
    return file_name == PAGES or _page_number(file_name) is not None


def _page_name(name: str, number: int) -> str:
    return f"{ARCHIVE_DIR}/{name}/{number}"


def _ids(members: Sequence[Key]) -> list[int]:
    return [row_id for _, row_id in members]


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.published, entry.id), reverse=True)
