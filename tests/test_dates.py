"""Date formats of the watched sites, one named case each."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.dates import CHINA, parse_date, parse_datetime

CASES = [
    ("iso date", "2023-10-08", datetime(2023, 10, 8, tzinfo=CHINA)),
    ("iso minutes", "2023-10-08 10:30", datetime(2023, 10, 8, 10, 30, tzinfo=CHINA)),
    ("iso seconds", "2023-10-08 10:30:05", datetime(2023, 10, 8, 10, 30, 5, tzinfo=CHINA)),
    ("chinese", "2023年10月8日", datetime(2023, 10, 8, tzinfo=CHINA)),
    ("chinese padded", "2023 年 10 月 08 日", datetime(2023, 10, 8, tzinfo=CHINA)),
    ("dotted", "2000.01.30", datetime(2000, 1, 30, tzinfo=CHINA)),
    ("gov.cn meta", "2021-12-28-10:30:00", datetime(2021, 12, 28, 10, 30, tzinfo=CHINA)),
    ("label prefix", "发布时间：2021-12-28 09:15", datetime(2021, 12, 28, 9, 15, tzinfo=CHINA)),
    ("epoch ms text", "1640620800000", datetime(2021, 12, 28, tzinfo=CHINA)),
    ("epoch ms int", 1640620800000, datetime(2021, 12, 28, tzinfo=CHINA)),
    ("impossible day", "2023-02-30", None),
    ("no date", "长期有效", None),
    ("empty", "", None),
    ("none", None, None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_datetime(text: str | int | None, expected: datetime | None) -> None:
    assert parse_datetime(text) == expected


def test_parsed_times_are_china_time() -> None:
    moment = parse_datetime("2023-10-08")
    assert moment is not None
    assert moment.utcoffset().total_seconds() == 8 * 3600


def test_parse_date_takes_the_china_calendar_day() -> None:
    assert parse_date(1640620800000) == date(2021, 12, 28)
