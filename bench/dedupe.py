"""Dedupe at scale: ingest generated documents, a fifth of them reposts, into SQLite and PostgreSQL.

Run from the project root: `.venv/bin/python -m bench.dedupe [--count 100000]`. Every document is
ingested and committed in its own transaction, as the crawler's pipeline does. For each tenth of
the run it prints documents per second: the cost per document must stay flat as the LSH index
grows. The baseline, measured in the same run on the first tenth, is ingest as it was before text
dedupe (a known 文号 only). Also prints how many reposts found their original's policy and how many
fresh documents were merged into another one.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import re
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from unittest import mock

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from storage import ensure_source, ingest, open_store
from storage.dedupe import Match
from storage.models import Policy
from tests.support.dedupe_pairs import Doc, edit, excerpt, policy, repost

PG_URL = os.environ.get(
    "POLICYWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEED = 42
REPOST_SHARE = 0.2
RECENT_ORIGINALS = 2000
SLICES = 10
SOURCES = ("site_a", "site_b", "site_c", "site_d")


@dataclass(frozen=True)
class Item:
    """A generated page and the index of the original it is a copy of (itself when fresh)."""

    record: dict[str, Any]
    original: int


@dataclass
class Tally:
    """Dedupe outcomes against the generator's truth."""

    reposts: int = 0
    joined: int = 0
    fresh_merged: int = 0
    original_policies: dict[int, int] = field(default_factory=dict)
    seen_policies: set[int] = field(default_factory=set)

    def add(self, n: int, original: int, policy_id: int) -> None:
        if original != n:
            self.reposts += 1
            self.joined += self.original_policies.get(original) == policy_id
        else:
            self.fresh_merged += policy_id in self.seen_policies
            self.original_policies[n] = policy_id
        self.seen_policies.add(policy_id)


def corpus(count: int) -> Iterator[Item]:
    """Fresh policies with unique 文号, and reposts, excerpts and edits of recent ones."""
    rng = random.Random(SEED)
    recent: deque[tuple[Doc, int]] = deque(maxlen=RECENT_ORIGINALS)
    for n in range(count):
        if recent and rng.random() < REPOST_SHARE:
            doc, original = rng.choice(recent)
            copy = rng.choice((repost, excerpt, edit))(rng, doc)
            yield Item(_record(copy, n), original)
            continue
        doc = policy(rng)
        doc = replace(doc, wenhao=re.sub(r"〕\d+号", f"〕{n}号", doc.wenhao or ""))
        recent.append((doc, n))
        yield Item(_record(doc, n), n)


def _record(doc: Doc, n: int) -> dict[str, Any]:
    return {
        "source": SOURCES[n % len(SOURCES)],
        "url": f"https://bench.example.gov.cn/{n}.html",
        "title": doc.title,
        "text": doc.text,
        "html": "",
        "published_at": datetime(*doc.published.timetuple()[:3], 9, tzinfo=UTC),
        "wenhao": doc.wenhao,
        "agency": doc.agency,
    }


def wenhao_only(
    session: Session, record: dict[str, Any], wenhao_key: str | None, now: datetime
) -> Match:
    """The policy choice before text dedupe: a known 文号, else a new policy."""
    known = None
    if wenhao_key:
        known = session.scalar(select(Policy).where(Policy.wenhao_key == wenhao_key).limit(1))
    return Match(known, [], wenhao_taken=False)


@dataclass(frozen=True)
class Slice:
    """One tenth of a run: documents per second of wall time, and this process's CPU per document
    (the figure that holds on a busy machine; PostgreSQL's own work is not in it)."""

    rate: float
    cpu_ms: float


def run(url: str, count: int, size: int) -> tuple[list[Slice], Tally]:
    """Ingest `count` documents at `url`, one commit each; the figures of each `size` of them."""
    store = open_store(url)
    tally = Tally()
    slices = []
    with store.session() as session:
        for source_id in SOURCES:
            ensure_source(session, source_id, site="bench", name=source_id, list_url="x")
        session.commit()
        items = corpus(count)
        for start in range(0, count, size):
            batch = list(islice(items, size))
            wall, cpu = time.perf_counter(), time.process_time()
            policy_ids = []
            for item in batch:
                policy_ids.append(ingest(session, item.record).policy_id)
                session.commit()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            part = Slice(len(batch) / wall, 1000 * cpu / len(batch))
            slices.append(part)
            print(
                f"  documents {start:>7}-{start + len(batch):<7} "
                f"{part.rate:8.1f}/s  {part.cpu_ms:6.2f} ms CPU each",
                flush=True,
            )
            for n, (item, policy_id) in enumerate(zip(batch, policy_ids, strict=True), start):
                tally.add(n, item.original, policy_id)
    store.close()
    return slices, tally


def report(
    name: str, count: int, fresh_database: Callable[[], AbstractContextManager[str]]
) -> None:
    size = max(1, count // SLICES)
    print(f"{name}: {count} documents with dedupe, one transaction per document", flush=True)
    with fresh_database() as url:
        slices, tally = run(url, count, size)
    print(f"{name} baseline: {size} documents, 文号 only as before text dedupe", flush=True)
    ingest_module = importlib.import_module("storage.ingest")
    with fresh_database() as url, mock.patch.object(ingest_module, "find_policy", wenhao_only):
        [baseline], _ = run(url, size, size)
    first, last = slices[0], slices[-1]
    overall = count / sum(size / part.rate for part in slices)
    print(
        f"  overall {overall:.1f} documents/s; cost per document, last tenth / first tenth: "
        f"{first.rate / last.rate:.2f} wall, {last.cpu_ms / first.cpu_ms:.2f} CPU"
    )
    print(
        f"  baseline: {baseline.rate:.1f} documents/s, "
        f"{baseline.cpu_ms:.2f} ms CPU each; dedupe costs {baseline.rate / first.rate:.2f}x wall, "
        f"{first.cpu_ms / baseline.cpu_ms:.2f}x CPU"
    )
    print(
        f"  reposts joined their original's policy: {tally.joined}/{tally.reposts}; "
        f"fresh documents merged into another policy: {tally.fresh_merged}"
    )


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.db"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards."""
    admin = create_engine(PG_URL)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="documents to ingest")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        report("sqlite", args.count, sqlite_database)
    if args.backend in ("postgresql", "both"):
        report("postgresql", args.count, postgres_database)


if __name__ == "__main__":
    main()
