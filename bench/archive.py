"""A generated archive of N documents for the benchmarks that grow with it: sources, policies,
documents, versions, a `new` change each, and a revision of one document in a hundred (of
more in a small archive, so that its revisions fill a feed's page as a large one's do), first
seen one a minute up to now; and what a crawl between two feed builds adds to it."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, update
from sqlalchemy.orm import Session

from bench.search import SOURCES, _batches, insert_sources, store_batch
from storage import ingest
from storage.models import Change, Document, Policy, Version

MEDICAL = ("医疗器械", "体外诊断试剂", "医用耗材", "高端医学影像设备")
REVISED_EVERY = 100
MIN_REVISIONS = 60
SEEN_EVERY = timedelta(minutes=1)
REVISED_AFTER = timedelta(seconds=30)


def generate_archive(engine: Engine, count: int) -> None:
    """Store `count` documents with their policies, versions and changes."""
    now = datetime.now(UTC)
    revised_every = max(1, min(REVISED_EVERY, count // MIN_REVISIONS))
    insert_sources(engine)
    for rows in _batches(random.Random(20260301), count, now):
        changes, revisions = [], []
        for policy, document, version in zip(
            rows["policy"], rows["document"], rows["version"], strict=True
        ):
            number = version["id"]
            seen = now - (count - number + 1) * SEEN_EVERY
            policy["published_at"] = version["published_at"]
            policy["first_seen_at"] = document["first_seen_at"] = seen
            relevant = any(subject in version["title"] for subject in MEDICAL)
            version["topics"] = {"medical_equipment": 1.0 if relevant else 0.0}
            changes.append(_change("new", number, None, number, seen))
            if number % revised_every == 0:
                revised = {**version, "id": count + number, "number": 2}
                revised["text"] = version["text"] + "\n本通知自印发之日起施行。"
                revisions.append(revised)
                changes.append(
                    _change("revised", number, number, count + number, seen + REVISED_AFTER)
                )
        with engine.begin() as connection:
            store_batch(connection, rows)
            if revisions:
                connection.execute(insert(Version), revisions)
                connection.execute(
                    update(Document)
                    .where(Document.id.in_([version["document_id"] for version in revisions]))
                    .values(current_version_id=Document.id + count)
                )
            connection.execute(insert(Change), changes)
            first, last = rows["policy"][0]["id"], rows["policy"][-1]["id"]
            connection.execute(
                update(Policy)
                .where(Policy.id.between(first, last))
                .values(primary_document_id=Policy.id)
            )


def crawl_round(session: Session, count: int, round_number: int) -> None:
    """What a crawl between two feed builds stores in an archive of `count` documents: a new
    policy, and a new version of a document from the middle of the archive (an odd-numbered
    one, which the archive holds no revision of, another each round)."""
    source, (site, agency, prefix) = next(iter(SOURCES.items()))
    now = datetime.now(UTC)
    ingest(
        session,
        {
            "source": source,
            "url": f"https://{site}/bench/new-{round_number}.html",
            "title": f"关于印发《医疗器械第{round_number}号试点方案》的通知",
            "text": f"第一条 为推动医疗器械创新发展，制定本方案（第{round_number}号）。",
            "html": "",
            "published_at": now,
            "wenhao": f"{prefix}〔{now.year}〕{count + round_number}号",
            "issuer": agency,
            "topics": {"medical_equipment": 1.0},
        },
        now=now,
    )
    document = session.get_one(Document, count // 2 + 2 * round_number - 1)
    current = document.current_version
    assert current is not None
    fields = ("title", "wenhao", "issuer", "published_at", "html", "topics")
    ingest(
        session,
        {name: getattr(current, name) for name in fields}
        | {
            "source": document.source_id,
            "url": document.url,
            "text": f"{current.text}\n第{round_number}次修订：本方案自发布之日起施行。",
        },
        now=now,
    )
    session.commit()


def _change(
    kind: str, document: int, old: int | None, new: int, detected: datetime
) -> dict[str, object]:
    return {
        "kind": kind,
        "document_id": document,
        "policy_id": document,
        "from_version_id": old,
        "to_version_id": new,
        "detected_at": detected,
    }
