"""The record of a feed's archive pages: one line of fixed width per page, its first member's
key and a digest of its members, so that one page, or the page a member falls on, is read
without reading them all."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feeds.members import Key

PAGES = "pages.txt"
_WHEN, _ID, _DIGEST = 32, 12, 16
_ID_AT = _WHEN + 1
_DIGEST_AT = _ID_AT + _ID + 1
WIDTH = _DIGEST_AT + _DIGEST + 1


@dataclass(frozen=True)
class Page:
    """An archive page: its first member's key and a digest of its members' ids."""

    start: Key
    members: str

    def line(self) -> str:
        moment, row_id = self.start
        return f"{moment.isoformat():<{_WHEN}} {row_id:>{_ID}} {self.members:<{_DIGEST}}\n"


class PageRecord:
    """The archive pages of one feed as recorded in `folder`: `count` of them."""

    def __init__(self, folder: Path, count: int) -> None:
        self.path = folder / PAGES
        self.count = count
        self._read: dict[int, Page] = {}

    @classmethod
    def open(cls, folder: Path, count: int, last: str) -> PageRecord | None:
        """The record in `folder` when it lists `count` pages, the last of them `last` (a
        line), as the build that wrote it left it; else None."""
        record = cls(folder, count)
        if count == 0:
            return record
        try:
            if record.path.stat().st_size != count * WIDTH:
                return None
            return record if record.page(count).line() == last else None
        except (OSError, ValueError):
            return None

    def page(self, number: int) -> Page:
        """Page `number` (from 1)."""
        if number not in self._read:
            with self.path.open("rb") as record:
                record.seek((number - 1) * WIDTH)
                line = record.read(WIDTH).decode("ascii")
            moment = datetime.fromisoformat(line[:_WHEN].rstrip())
            row_id = int(line[_ID_AT : _ID_AT + _ID])
            members = line[_DIGEST_AT : _DIGEST_AT + _DIGEST]
            self._read[number] = Page((moment, row_id), members)
        return self._read[number]

    def page_of(self, key: Key) -> int:
        """The page a member with `key` falls on: the last one starting at or before it (the
        first page when none does)."""
        low, high = 1, self.count
        while low < high:
            middle = (low + high + 1) // 2
            if self.page(middle).start <= key:
                low = middle
            else:
                high = middle - 1
        return low

    def write(self, start: int, pages: Sequence[Page]) -> None:
        """Record `pages` as pages `start` on, and no page after them."""
        self.count = start - 1 + len(pages)
        self._read = {number: page for number, page in self._read.items() if number < start}
        self._read.update(enumerate(pages, start))
        if self.count == 0:
            self.path.unlink(missing_ok=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        with os.fdopen(fd, "r+b") as record:
            record.seek((start - 1) * WIDTH)
            record.write("".join(page.line() for page in pages).encode("ascii"))
            record.truncate(self.count * WIDTH)
            record.flush()
            os.fsync(record.fileno())

    def last(self) -> str:
        """The last page's line, which the build record keeps ('' when there is none)."""
        return self.page(self.count).line() if self.count else ""
