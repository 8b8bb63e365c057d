"""Schedules as operators write them: a crontab line, or `every 30s` / `every 4h`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.dates import CHINA

_EVERY = re.compile(r"every\s+(\d+)\s*([smhd])", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class ScheduleError(ValueError):
    """A schedule that is neither a crontab line nor `every N[smhd]`."""


def interval_of(schedule: str) -> timedelta | None:
    """The period of an `every …` schedule (None for a crontab line)."""
    match = _EVERY.fullmatch(schedule.strip())
    if match is None:
        return None
    return timedelta(**{_UNITS[match[2].lower()]: int(match[1])})


def make_trigger(
    schedule: str, *, jitter: int | None = None, last_start: datetime | None = None
) -> BaseTrigger:
    """The APScheduler trigger of a schedule, in China Standard Time.

    An interval continues from the source's last run (so a restart does not crawl every
    source at once); a crontab line needs no memory.
    """
    period = interval_of(schedule)
    if period is not None:
        start = last_start + period if last_start else None
        return IntervalTrigger(
            seconds=int(period.total_seconds()), start_date=start, timezone=CHINA, jitter=jitter
        )
    try:
        trigger = CronTrigger.from_crontab(schedule, timezone=CHINA)
    except ValueError as error:
        raise ScheduleError(
            f"schedule {schedule!r}: expected a crontab line ('7 */4 * * *') or 'every 30m' "
            f"({error})"
        ) from error
    trigger.jitter = jitter
    return trigger
