"""feeds.page_record: a feed's archive pages, one fixed-width line each, read one at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from feeds.page_record import WIDTH, Page, PageRecord

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


def page(n: int) -> Page:
    return Page((T0 + timedelta(minutes=n, microseconds=n % 2), 1000 * n), f"{n:016x}")


def test_pages_written_are_read_back_one_at_a_time(tmp_path: Path) -> None:
    record = PageRecord(tmp_path, 0)
    record.write(1, [page(n) for n in range(1, 8)])
    assert (tmp_path / "pages.txt").stat().st_size == 7 * WIDTH
    assert [record.page(n) for n in range(1, 8)] == [page(n) for n in range(1, 8)]
    record.write(5, [page(50)])
    assert record.count == 5
    assert [record.page(n) for n in range(4, 6)] == [page(4), page(50)]
    assert (tmp_path / "pages.txt").stat().st_size == 5 * WIDTH


def test_a_key_falls_on_the_last_page_starting_at_or_before_it(tmp_path: Path) -> None:
    record = PageRecord(tmp_path, 0)
    record.write(1, [page(n) for n in range(1, 10)])
    assert record.page_of(page(1).start) == 1
    assert record.page_of((T0, 0)) == 1
    assert record.page_of(page(4).start) == 4
    assert record.page_of((page(4).start[0], 4001)) == 4
    assert record.page_of((T0 + timedelta(days=1), 0)) == 9


def test_a_record_is_opened_only_as_its_build_left_it(tmp_path: Path) -> None:
    record = PageRecord(tmp_path, 0)
    record.write(1, [page(n) for n in range(1, 4)])
    last = record.last()
    assert PageRecord.open(tmp_path, 3, last) is not None
    assert PageRecord.open(tmp_path, 2, last) is None
    assert PageRecord.open(tmp_path, 3, page(9).line()) is None
    assert PageRecord.open(tmp_path / "missing", 3, last) is None
    record.write(1, [])
    assert not (tmp_path / "pages.txt").exists()
    assert PageRecord.open(tmp_path, 0, "") is not None
