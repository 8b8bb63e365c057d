"""Whether a folder of archive pages is as a build left it: known from its modification time
once that time has settled, else by counting its files."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

SETTLED_NS = 2_000_000_000
FINE_SETTLED_NS = 50_000_000
SECOND_NS = 1_000_000_000


def folder_stamp(folder: Path) -> int | None:
    """The folder's modification time in nanoseconds, None when there is no such folder."""
    try:
        return os.stat(folder).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        return None


def settled(stamp: int | None) -> int | None:
    """`stamp` when it is old enough to be sure to change with the next file added to or
    removed from the folder, else None. File systems stamp times at a coarse grain: whole
    seconds (two on FAT), so SETTLED_NS; the kernel's clock tick on those that keep fractions
    of a second (which a stamp with a fraction shows), so FINE_SETTLED_NS."""
    if stamp is None:
        return None
    wait = FINE_SETTLED_NS if stamp % SECOND_NS else SETTLED_NS
    return stamp if time.time_ns() - stamp >= wait else None


def holds(
    folder: Path, count: int, stamp: int | None, known: int | None, counted: Callable[[str], bool]
) -> bool:
    """Whether `folder`, whose modification time is `stamp`, still holds the `count` files it
    held at the settled time `known`; when that is not known or the folder changed since,
    the files whose names are `counted` are counted."""
    if known is not None and stamp == known:
        return True
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return count == 0
    return sum(map(counted, names)) == count
