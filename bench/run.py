"""Every cost benchmark in one run: each row a ratio to its baseline measured in the same run,
with its goal beside it (`--quick`: smaller archives and shorter timings)."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import crawl, growth, idle, pgsearch, serving, startup


@dataclass(frozen=True)
class Row:
    what: str
    measured: str
    ratio: float
    goal: str
    met: bool


@dataclass(frozen=True)
class Scale:
    archive: int
    search: int
    search_runs: int
    serve_seconds: float
    startup_runs: int


# At once (the bare spider bound by its own CPU), and as a near site answers (real ones are
# crawled a request per second per host).
BACKFILL_LATENCIES = (0.0, 0.05)
FULL = Scale(archive=100_000, search=200_000, search_runs=20, serve_seconds=5, startup_runs=5)
QUICK = Scale(archive=20_000, search=50_000, search_runs=10, serve_seconds=2, startup_runs=3)


def idle_row(_scale: Scale) -> list[Row]:
    found = idle.idle_cycle()
    ratio = found["requests"] / found["list_pages"]
    return [
        Row(
            f"idle cycle, all {found['sources']} sources: requests per list page",
            f"{found['requests']} requests / {found['list_pages']} list pages "
            f"({found['robots']} robots.txt, {found['not_modified']} answered 304)",
            ratio,
            "≤ 1.0",
            ratio <= 1.0,
        )
    ]


def backfill_rows(_scale: Scale) -> list[Row]:
    rows = []
    for latency in BACKFILL_LATENCIES:
        found = crawl.measure(latency=latency)
        ratio = found["full_rate"] / found["bare_rate"]
        rows.append(
            Row(
                f"backfill throughput, full pipeline / bare Scrapy, replica answering in "
                f"{latency * 1000:.0f} ms",
                f"{found['full_rate']:.1f} / {found['bare_rate']:.1f} documents/s "
                f"({found['documents']} documents; CPU per document "
                f"{found['full_cpu_per_document'] * 1000:.1f} / "
                f"{found['bare_cpu_per_document'] * 1000:.1f} ms)",
                ratio,
                "≥ 0.7",
                ratio >= 0.7,
            )
        )
    return rows


def startup_rows(scale: Scale) -> list[Row]:
    found = startup.startup(scale.startup_runs)
    baseline = found.pop(startup.BASELINE)
    floor = found.pop(startup.FLOOR) / baseline
    return [
        Row(
            f"`{command}` start-up / `{startup.BASELINE}`",
            f"{seconds * 1000:.0f} ms / {baseline * 1000:.0f} ms"
            + (f" (`{startup.FLOOR}` alone: {floor:.1f}×)" if command == startup.STATUS else ""),
            seconds / baseline,
            "≤ 8",
            seconds / baseline <= 8,
        )
        for command, seconds in found.items()
    ]


def archive_rows(scale: Scale) -> list[Row]:
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        with growth.archive(folder, growth.SMALL) as small:
            small_feeds = growth.feeds_cpu(small)
            small_health = growth.health_seconds(small)
            served = serving.compare(small.db_url, small.feeds, scale.serve_seconds)
        with growth.archive(folder, scale.archive) as large:
            large_feeds = growth.feeds_cpu(large)
            large_health = growth.health_seconds(large)
    size = f"{scale.archive // 1000}k"
    return [
        Row(
            f"feeds rebuild CPU, archive of {size} / {growth.SMALL} documents",
            f"{large_feeds * 1000:.0f} ms / {small_feeds * 1000:.0f} ms",
            large_feeds / small_feeds,
            "≤ 1.5",
            large_feeds / small_feeds <= 1.5,
        ),
        Row(
            "feed files: `serve` / static server (python -m http.server)",
            f"{served['serve']:.0f} / {served['static']:.0f} requests/s, {served['files']} files",
            served["serve"] / served["static"],
            "≥ 0.5",
            served["serve"] / served["static"] >= 0.5,
        ),
        Row(
            f"/health, archive of {size} / {growth.SMALL} documents",
            f"{large_health * 1000:.1f} ms / {small_health * 1000:.1f} ms",
            large_health / small_health,
            "≤ 1.5",
            large_health / small_health <= 1.5,
        ),
    ]


def search_rows(scale: Scale) -> list[Row]:
    found = pgsearch.pg_search(scale.search, scale.search_runs)
    worst = max(found, key=lambda query: found[query]["postgresql"])
    slowest = found[worst]["postgresql"]
    sqlite = max(by["sqlite"] for by in found.values())
    return [
        Row(
            f"PostgreSQL search p95 at {scale.search // 1000}k documents, slowest query",
            f"{slowest:.1f} ms for {worst!r} (SQLite slowest {sqlite:.1f} ms; same results)",
            slowest / 50,
            "< 50 ms (ratio < 1)",
            slowest < 50,
        )
    ]


MEASURES: dict[str, Callable[[Scale], list[Row]]] = {
    "idle": idle_row,
    "backfill": backfill_rows,
    "startup": startup_rows,
    "archive": archive_rows,
    "search": search_rows,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller archives, shorter timings")
    parser.add_argument(
        "--only", action="append", choices=sorted(MEASURES), help="run only these benchmarks"
    )
    args = parser.parse_args()
    scale = QUICK if args.quick else FULL
    rows: list[Row] = []
    for name in args.only or MEASURES:
        measured = MEASURES[name](scale)
        for row in measured:
            print(f"  {row.what}: {row.ratio:.2f} ({row.measured})", flush=True)
        rows += measured
    print("\n| what | measured | ratio | goal | met |\n| --- | --- | --- | --- | --- |")
    for row in rows:
        met = "yes" if row.met else "NO"
        print(f"| {row.what} | {row.measured} | {row.ratio:.2f} | {row.goal} | {met} |")


if __name__ == "__main__":
    main()
