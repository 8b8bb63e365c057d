"""Parse the date formats of Chinese government sites into Asia/Shanghai timestamps."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT\-]*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
_EPOCH_MS = re.compile(r"^\d{12,13}$")


def parse_datetime(value: str | int | float | None) -> datetime | None:
    """The first date in `value` (text, or epoch milliseconds) as an aware China-time datetime."""
    if value is None:
        return None
    if isinstance(value, int | float) or _EPOCH_MS.match(str(value).strip()):
        return datetime.fromtimestamp(int(value) / 1000, CHINA)
    match = _DATE.search(str(value))
    if not match:
        return None
    parts = {k: int(v) if v else 0 for k, v in match.groupdict().items()}
    try:
        return datetime(
            parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"], tzinfo=CHINA
        )
    except ValueError:
        return None


def parse_date(value: str | int | float | None) -> date | None:
    """The calendar date (China time) of the first date in `value`."""
    moment = parse_datetime(value)
    return moment.date() if moment else None
