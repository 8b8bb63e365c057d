"""Calendar days in China, where every watched source publishes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")


def china_day(moment: datetime | None) -> date | None:
    """The calendar date of `moment` in China (a naive value is taken to be UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).date()


def china_midnight(day: date) -> datetime:
    """00:00 of `day` in China, offset +08:00."""
    return datetime(day.year, day.month, day.day, tzinfo=CHINA)
