"""feeds.folders: a folder known whole from its settled modification time, else counted."""

from __future__ import annotations

import os
import time
from pathlib import Path

from feeds.folders import (
    FINE_SETTLED_NS,
    SECOND_NS,
    SETTLED_NS,
    folder_stamp,
    holds,
    settled,
)


def test_a_fresh_stamp_is_not_settled_and_an_old_one_is(tmp_path: Path) -> None:
    assert settled(folder_stamp(tmp_path)) is None
    long_ago = time.time_ns() - 2 * SETTLED_NS
    os.utime(tmp_path, ns=(long_ago, long_ago))
    assert settled(folder_stamp(tmp_path)) == long_ago
    assert settled(folder_stamp(tmp_path / "missing")) is None


def test_a_stamp_in_whole_seconds_settles_later_than_a_finer_one() -> None:
    now = time.time_ns()
    fine = now - 2 * FINE_SETTLED_NS
    fine -= 0 if fine % SECOND_NS else 1
    whole = (now - SETTLED_NS // 2) // SECOND_NS * SECOND_NS
    assert settled(fine) == fine
    assert settled(whole) is None
    assert settled(whole - SETTLED_NS) == whole - SETTLED_NS


def is_page(name: str) -> bool:
    return name.endswith(".atom")


def test_a_folder_is_counted_unless_its_settled_stamp_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "1.atom").write_text("")
    (tmp_path / "notes.txt").write_text("")
    stamp = folder_stamp(tmp_path)
    assert holds(tmp_path, 1, stamp, None, is_page)
    assert not holds(tmp_path, 2, stamp, None, is_page)
    assert holds(tmp_path, 2, stamp, stamp, is_page)
    assert not holds(tmp_path, 2, stamp, stamp - 1, is_page)
    assert holds(tmp_path / "missing", 0, None, None, is_page)


def test_removing_a_file_changes_a_settled_stamp(tmp_path: Path) -> None:
    (tmp_path / "1.atom").write_text("")
    long_ago = time.time_ns() - 2 * SETTLED_NS
    os.utime(tmp_path, ns=(long_ago, long_ago))
    known = settled(folder_stamp(tmp_path))
    (tmp_path / "1.atom").unlink()
    assert not holds(tmp_path, 1, folder_stamp(tmp_path), known, is_page)
