"""What a running crawl shows on stderr: a live table per source on a terminal (log lines
printed above it), plain lines elsewhere (a pipe, a log, the daemon)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.extensions.crawl_run import run_counts, run_outcome

COLUMNS = ("requests", "items", "new", "revised", "errors")
REFRESHES_PER_SECOND = 4


class CrawlProgress:
    """Follows the crawlers of one `crawl` command, source by source."""

    def __init__(self, source_ids: list[str], stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live_display = self.stream.isatty()
        self.crawlers: dict[str, Crawler] = {}
        self.started: dict[str, float] = {}
        self.ended: dict[str, tuple[str, float]] = {}
        self.source_ids = source_ids
        self._live: Live | None = None

    def __enter__(self) -> CrawlProgress:
        if self.live_display:
            console = Console(file=self.stream)
            self._live = Live(
                get_renderable=self.table,
                console=console,
                refresh_per_second=REFRESHES_PER_SECOND,
                transient=True,
                redirect_stderr=True,
                redirect_stdout=False,
            )
            self._live.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._live is not None:
            self._live.stop()

    def watch(self, crawler: Crawler, source_id: str) -> None:
        """Follow `crawler`, the crawl of `source_id`, from its start to its end."""
        self.crawlers[source_id] = crawler
        crawler.signals.connect(
            lambda spider: self._opened(source_id), signal=signals.spider_opened, weak=False
        )
        crawler.signals.connect(
            lambda spider, reason: self._closed(source_id, reason),
            signal=signals.spider_closed,
            weak=False,
        )

    def _opened(self, source_id: str) -> None:
        self.started[source_id] = time.monotonic()
        if not self.live_display:
            self._line(f"{source_id}: crawling")

    def _closed(self, source_id: str, reason: str) -> None:
        stats = self.crawlers[source_id].stats.get_stats()
        outcome, _ = run_outcome(stats, reason)
        self.ended[source_id] = (outcome, time.monotonic())
        if not self.live_display:
            counts = run_counts(stats)
            shown = ", ".join(f"{name} {counts[name]}" for name in COLUMNS)
            self._line(f"{source_id}: {outcome} in {self._elapsed(source_id):.1f} s, {shown}")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _elapsed(self, source_id: str) -> float:
        start = self.started.get(source_id)
        if start is None:
            return 0.0
        end = self.ended[source_id][1] if source_id in self.ended else time.monotonic()
        return end - start

    def table(self) -> Table:
        """One row per source: its state, counts so far and time taken."""
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column("source")
        table.add_column("state")
        for name in COLUMNS:
            table.add_column(name, justify="right")
        table.add_column("time", justify="right")
        for source_id in self.source_ids:
            table.add_row(source_id, *self._row(source_id))
        return table

    def _row(self, source_id: str) -> list[str]:
        crawler = self.crawlers.get(source_id)
        if crawler is None or source_id not in self.started:
            return ["waiting", *("" for _ in COLUMNS), ""]
        state = self.ended[source_id][0] if source_id in self.ended else "crawling"
        counts: dict[str, Any] = run_counts(crawler.stats.get_stats())
        return [
            state,
            *(str(counts[name]) for name in COLUMNS),
            f"{self._elapsed(source_id):.0f} s",
        ]
