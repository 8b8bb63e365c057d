"""Dedupe at scale: what ingesting one document costs in a database of 10,000 and of 100,000.

Run from the project root: `.venv/bin/python -m bench.dedupe [--count 100000] [--window 1000]`.
Generated documents (a fifth of them reposts, excerpts or edits of recent ones) fill the database
in bulk up to each measuring point with the rows `ingest` writes (policy, document, version and
its text index, MinHash bands, the `new` change), each joining its original's policy. At a tenth
of the count and at the count, `window` documents are ingested as the crawler ingests: `ingest`
with dedupe, one transaction each. Their documents per second and CPU per document must stay
flat from one point to the other. The baseline, measured in the same run at the first point, is
ingest as it was before text dedupe (a known 文号 only). Also prints how many reposts in the
windows found their original's policy and how many fresh documents were merged into another.
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

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from storage import ensure_source, ingest, open_store
from storage.dedupe import Match
from storage.identity import canonical_url, content_hash, normalize_wenhao, policy_key
from storage.lifecycle import schedule_recheck
from storage.models import Change, Document, DocumentBand, Policy, Version
from storage.similarity import bands, profile
from tests.support.dedupe_pairs import Doc, edit, excerpt, policy, repost

PG_URL = os.environ.get(
    "POLICYWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEED = 42
REPOST_SHARE = 0.2
RECENT_ORIGINALS = 2000
SLICES = 10
BULK_BATCH = 1000
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
        "issuer": doc.agency,
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
    """One measured window: documents per second of wall time, and this process's CPU per
    document (the figure that holds on a busy machine; PostgreSQL's own work is not in it)."""

    rate: float
    cpu_ms: float


def fill(session: Session, items: list[Item], first: int, tally: Tally) -> None:
    """Store `items` (numbered from `first`) in bulk as ingest would, in batches of BULK_BATCH."""
    for start in range(0, len(items), BULK_BATCH):
        batch = list(enumerate(items[start : start + BULK_BATCH], first + start))
        now = datetime.now(UTC)
        fresh = {n: _policy(item.record, now) for n, item in batch if item.original == n}
        session.add_all(fresh.values())
        session.flush()
        tally.original_policies |= {n: new_policy.id for n, new_policy in fresh.items()}
        documents = {
            n: _document(item.record, tally.original_policies[item.original], now)
            for n, item in batch
        }
        session.add_all(documents.values())
        session.flush()
        for n, new_policy in fresh.items():
            new_policy.primary_document_id = documents[n].id
        session.add_all(
            Change(
                kind="new",
                document_id=document.id,
                policy_id=document.policy_id,
                to_version_id=document.current_version_id,
                detected_at=now,
            )
            for document in documents.values()
        )
        rows = [
            {"document_id": documents[n].id, "band": band, "bucket": bucket}
            for n, item in batch
            for band, bucket in bands(
                profile(
                    item.record["title"],
                    item.record["text"],
                    normalize_wenhao(item.record["wenhao"]),
                )
            )
        ]
        if rows:
            session.execute(insert(DocumentBand), rows)
        session.commit()


def _policy(record: dict[str, Any], now: datetime) -> Policy:
    wenhao_key = normalize_wenhao(record["wenhao"])
    return Policy(
        key=policy_key(wenhao_key, record["url"]),
        wenhao_key=wenhao_key,
        title=record["title"],
        published_at=record["published_at"],
        first_seen_at=now,
    )


def _document(record: dict[str, Any], policy_id: int, now: datetime) -> Document:
    document = Document(
        url=canonical_url(record["url"]),
        source_id=record["source"],
        policy_id=policy_id,
        first_seen_at=now,
        last_seen_at=now,
    )
    schedule_recheck(document, now)
    document.current_version = Version(
        document=document,
        number=1,
        title=record["title"],
        wenhao=record["wenhao"],
        issuer=record["issuer"],
        published_at=record["published_at"],
        text=record["text"],
        html=record["html"],
        content_hash=content_hash(record["text"]),
        fetched_at=now,
    )
    return document


def measure(session: Session, items: list[Item], first: int, tally: Tally) -> Slice:
    """Ingest `items` one transaction each, as the crawler's pipeline does."""
    wall, cpu = time.perf_counter(), time.process_time()
    policy_ids = []
    for item in items:
        policy_ids.append(ingest(session, item.record).policy_id)
        session.commit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for n, (item, policy_id) in enumerate(zip(items, policy_ids, strict=True), first):
        tally.add(n, item.original, policy_id)
    return Slice(len(items) / wall, 1000 * cpu / len(items))


def run(url: str, count: int, window: int, points: list[int]) -> tuple[list[Slice], Tally]:
    """Fill the database at `url` up to each point less `window`, then measure `window` ingests."""
    store = open_store(url)
    tally = Tally()
    slices = []
    items = corpus(count)
    stored = 0
    with store.session() as session:
        for source_id in SOURCES:
            ensure_source(session, source_id, site="bench", name=source_id, list_url="x")
        session.commit()
        for point in points:
            started = time.perf_counter()
            fill(session, list(islice(items, point - window - stored)), stored, tally)
            filled = time.perf_counter() - started
            part = measure(session, list(islice(items, window)), point - window, tally)
            slices.append(part)
            stored = point
            print(
                f"  documents {point - window:>7}-{point:<7} {part.rate:8.1f}/s  "
                f"{part.cpu_ms:6.2f} ms CPU each  (bulk fill before: {filled:.0f} s)",
                flush=True,
            )
    store.close()
    return slices, tally


def report(
    name: str,
    count: int,
    window: int,
    fresh_database: Callable[[], AbstractContextManager[str]],
) -> None:
    points = [count // SLICES, count]
    print(f"{name}: ingest with dedupe at {points[0]} and {points[1]} documents", flush=True)
    with fresh_database() as url:
        (first, last), tally = run(url, count, window, points)
    print(f"{name} baseline: 文号 only as before text dedupe, at {points[0]}", flush=True)
    ingest_module = importlib.import_module("storage.ingestion")
    with fresh_database() as url, mock.patch.object(ingest_module, "find_policy", wenhao_only):
        [baseline], _ = run(url, points[0], window, points[:1])
    print(
        f"  cost per document at {points[0]}: {1000 / first.rate:.2f} ms wall, "
        f"{first.cpu_ms:.2f} ms CPU ({first.rate:.1f} documents/s); at {points[1]}: "
        f"{1000 / last.rate:.2f} ms wall, {last.cpu_ms:.2f} ms CPU ({last.rate:.1f} documents/s); "
        f"{points[1]} / {points[0]}: {first.rate / last.rate:.2f} wall, "
        f"{last.cpu_ms / first.cpu_ms:.2f} CPU"
    )
    print(
        f"  baseline: {baseline.rate:.1f} documents/s, "
        f"{baseline.cpu_ms:.2f} ms CPU each; dedupe costs {baseline.rate / first.rate:.2f}x wall, "
        f"{first.cpu_ms / baseline.cpu_ms:.2f}x CPU"
    )
    print(
        f"  in the measured windows, reposts joined their original's policy: "
        f"{tally.joined}/{tally.reposts}; fresh documents merged into another policy: "
        f"{tally.fresh_merged}"
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
    parser.add_argument("--count", type=int, default=100_000, help="documents to store")
    parser.add_argument("--window", type=int, default=1000, help="documents measured at a point")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        report("sqlite", args.count, args.window, sqlite_database)
    if args.backend in ("postgresql", "both"):
        report("postgresql", args.count, args.window, postgres_database)


if __name__ == "__main__":
    main()
