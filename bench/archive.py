"""A generated archive of N documents for the benchmarks that grow with it: sources, policies,
documents, versions, a `new` change each, and a revision of one document in a hundred."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, update

from bench.search import _batches, insert_sources, store_batch
from storage.models import Change, Policy, Version

MEDICAL = ("医疗器械", "体外诊断试剂", "医用耗材", "高端医学影像设备")
REVISED_EVERY = 100


def generate_archive(engine: Engine, count: int) -> None:
    """Store `count` documents with their policies, versions and changes."""
    now = datetime.now(UTC)
    insert_sources(engine)
    for rows in _batches(random.Random(20260301), count, now):
        changes, revisions = [], []
        for policy, version in zip(rows["policy"], rows["version"], strict=True):
            policy["published_at"] = version["published_at"]
            relevant = any(subject in version["title"] for subject in MEDICAL)
            version["topics"] = {"medical_equipment": 1.0 if relevant else 0.0}
            number = version["id"]
            changes.append(_change("new", number, None, number, now))
            if number % REVISED_EVERY == 0:
                revised = {**version, "id": count + number, "number": 2}
                revised["text"] = version["text"] + "\n本通知自印发之日起施行。"
                revisions.append(revised)
                changes.append(_change("revised", number, number, count + number, now))
        with engine.begin() as connection:
            store_batch(connection, rows)
            if revisions:
                connection.execute(insert(Version), revisions)
            connection.execute(insert(Change), changes)
            first, last = rows["policy"][0]["id"], rows["policy"][-1]["id"]
            connection.execute(
                update(Policy)
                .where(Policy.id.between(first, last))
                .values(primary_document_id=Policy.id)
            )


def _change(
    kind: str, document: int, old: int | None, new: int, now: datetime
) -> dict[str, object]:
    return {
        "kind": kind,
        "document_id": document,
        "policy_id": document,
        "from_version_id": old,
        "to_version_id": new,
        "detected_at": now,
    }
