"""Export in constant memory: peak RSS of `export --format parquet --history` at 10k and 100k.

Run from the project root: `.venv/bin/python -m bench.export [--count 100000] [--backend sqlite]`.
The database is filled in bulk with policies, documents and their versions (every fourth
document revised once, so it has two), up to a tenth of the count and then to the count; at
each point `policywatch export --format parquet --history` runs in a child process, which
reports its own peak resident memory. The goal: the peak at the count is at most 1.3 times the
peak at a tenth of it (flat), while the rows written grow tenfold.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from bench.dedupe import postgres_database, sqlite_database
from storage import ensure_source, open_store
from storage.identity import content_hash
from storage.models import Document, Policy, Version
from tests.support.dedupe_pairs import Doc, policy

SEED = 7
POOL = 2000
BATCH = 1000
REVISED_EVERY = 4
GOAL = 1.3
SOURCES = ("site_a", "site_b", "site_c", "site_d")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fill(session: Session, pool: list[Doc], first: int, last: int) -> None:
    """Store documents `first` to `last` - 1, each its own policy, in batches of BATCH."""
    for start in range(first, last, BATCH):
        numbers = range(start, min(start + BATCH, last))
        policies, documents, versions, current = [], [], [], []
        for n in numbers:
            doc = pool[n % POOL]
            published = datetime(*doc.published.timetuple()[:3], 9, tzinfo=UTC)
            policies.append(
                {"id": n + 1, "key": f"bench-{n}", "title": doc.title, "published_at": published}
            )
            documents.append(
                {
                    "id": n + 1,
                    "url": f"https://bench.example.gov.cn/{n}.html",
                    "source_id": SOURCES[n % len(SOURCES)],
                    "policy_id": n + 1,
                }
            )
            texts = [f"{doc.text}\n（第{n}号）"]
            if n % REVISED_EVERY == 0:
                texts.append(f"{texts[0]}\n第九条 本办法自发布之日起修订施行。")
            for number, text in enumerate(texts, 1):
                versions.append(_version(n, number, doc, published, text))
            current.append({"id": n + 1, "current_version_id": versions[-1]["id"]})
        session.execute(insert(Policy), policies)
        session.execute(insert(Document), documents)
        session.execute(insert(Version), versions)
        session.execute(update(Document), current)
        session.commit()


def _version(n: int, number: int, doc: Doc, published: datetime, text: str) -> dict[str, Any]:
    return {
        "id": 2 * n + number,
        "document_id": n + 1,
        "number": number,
        "title": doc.title,
        "wenhao": doc.wenhao,
        "agency": doc.agency,
        "published_at": published,
        "text": text,
        "html": "",
        "content_hash": content_hash(text),
        "fetched_at": T0 + timedelta(days=number),
    }


def peak_rss(url: str, out: Path) -> tuple[float, float]:
    """The export child's peak resident memory in MiB, and its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.export", "--child", url, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - started


def child(url: str, out: str) -> None:
    """Run the export in this process, then print its peak RSS in KiB."""
    from policywatch.cli import main as cli

    args = ["--db", url, "export", "--format", "parquet", "--history", "--output", out]
    cli.main(args, standalone_mode=False)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def report(
    name: str, count: int, fresh_database: Callable[[], AbstractContextManager[str]]
) -> None:
    rng = random.Random(SEED)
    pool = [policy(rng) for _ in range(POOL)]
    points = [count // 10, count]
    peaks = []
    with fresh_database() as url, tempfile.TemporaryDirectory() as folder:
        store = open_store(url)
        with store.session() as session:
            for source_id in SOURCES:
                ensure_source(session, source_id, site="bench", name=source_id, list_url="x")
            session.commit()
            stored = 0
            for point in points:
                fill(session, pool, stored, point)
                stored = point
                out = Path(folder) / f"export-{point}.parquet"
                rss, wall = peak_rss(url, out)
                peaks.append(rss)
                versions = point + (point + REVISED_EVERY - 1) // REVISED_EVERY
                written = pq.ParquetFile(out).metadata.num_rows
                if written != versions:
                    raise SystemExit(f"{out} holds {written} rows, not {versions}")
                print(
                    f"{name}: {point:>7} documents ({versions} versions): export peak RSS "
                    f"{rss:7.1f} MiB, {wall:5.1f} s, {out.stat().st_size / 2**20:6.1f} MiB written",
                    flush=True,
                )
        store.close()
    ratio = peaks[1] / peaks[0]
    verdict = "flat" if ratio <= GOAL else f"NOT flat (goal ≤ {GOAL}x)"
    print(
        f"{name}: peak RSS {points[1]} / {points[0]} documents: {ratio:.2f}x "
        f"({peaks[1] - peaks[0]:+.1f} MiB) — {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="documents at the last point")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--child", nargs=2, metavar=("URL", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.backend in ("sqlite", "both"):
        report("sqlite", args.count, sqlite_database)
    if args.backend in ("postgresql", "both"):
        report("postgresql", args.count, postgres_database)


if __name__ == "__main__":
    main()
