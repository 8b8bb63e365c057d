"""Trends of a result set: releases per month as a server-rendered SVG chart, top agencies and
topics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from feeds.content import CHINA
from storage.models import Document, Version
from storage.relevance import relevant_topics
from storage.search import STREAM_BATCH, SearchFilters, matching

TREND_ROWS = 5000
TOP = 5
WIDTH = 640
HEIGHT = 180
AXIS = 22
HEADROOM = 16
MAX_LABELS = 12


@dataclass(frozen=True)
class Bar:
    """One month's bar, placed in the chart's viewBox."""

    month: str
    count: int
    x: float
    y: float
    width: float
    height: float
    label: bool


@dataclass(frozen=True)
class Trends:
    """What the newest TREND_ROWS documents found were: how many per month (every month from
    the first to the last, empty ones too), the agencies and topics most among them."""

    counted: int
    capped: bool
    bars: list[Bar]
    agencies: list[tuple[str, int]]
    topics: list[tuple[str, int]]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - AXIS

    @property
    def summary(self) -> str:
        """The chart in words, for its accessible description."""
        return "; ".join(f"{bar.month}: {bar.count}" for bar in self.bars if bar.count)


def search_trends(session: Session, query: str, filters: SearchFilters) -> Trends:
    """The trends of the documents the search (`query`, `filters`) finds."""
    columns = (Document.id, Version.published_at, Version.issuer, Version.topics)
    statement = matching(session, query, filters, *columns).limit(TREND_ROWS + 1)
    months: Counter[str] = Counter()
    agencies: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    counted = 0
    rows = session.execute(statement, execution_options={"yield_per": STREAM_BATCH})
    for _document_id, published_at, agency, scores in rows:
        if counted == TREND_ROWS:
            return _trends(counted, True, months, agencies, topics)
        counted += 1
        if published_at is not None:
            months[published_at.astimezone(CHINA).strftime("%Y-%m")] += 1
        if agency and agency.strip():
            agencies[agency.strip()] += 1
        topics.update(relevant_topics(scores))
    return _trends(counted, False, months, agencies, topics)


def _trends(
    counted: int,
    capped: bool,
    months: Counter[str],
    agencies: Counter[str],
    topics: Counter[str],
) -> Trends:
    return Trends(
        counted,
        capped,
        _bars(months),
        agencies.most_common(TOP),
        topics.most_common(TOP),
    )


def _bars(months: Counter[str]) -> list[Bar]:
    if not months:
        return []
    span = _month_span(min(months), max(months))
    slot = WIDTH / len(span)
    tallest = max(months.values())
    room = HEIGHT - AXIS - HEADROOM
    every = -(-len(span) // MAX_LABELS)
    bars = []
    for n, month in enumerate(span):
        height = room * months[month] / tallest
        bars.append(
            Bar(
                month=month,
                count=months[month],
                x=round(n * slot + slot * 0.1, 2),
                y=round(HEIGHT - AXIS - height, 2),
                width=round(slot * 0.8, 2),
                height=round(height, 2),
                label=n % every == 0,
            )
        )
    return bars


def _month_span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ("YYYY-MM"), both included."""
    month = date.fromisoformat(f"{first}-01")
    end = date.fromisoformat(f"{last}-01")
    span = []
    while month <= end:
        span.append(f"{month:%Y-%m}")
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return span
