"""Re-checks end to end: due documents are fetched conditionally; 304 confirms, 200 revises."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import timeline
from replica.corpus.model import REVISED
from replica.server import ReplicaServer
from storage import open_store
from storage.models import Document, Version

SOURCE = "most_gfxwj"


def test_due_documents_are_rechecked_conditionally(replica: ReplicaServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": replica.url}
    env["POLICYWATCH_DB_URL"] = db_url
    replica.faults.clear()
    replica.set_day(2)
    try:
        crawl_in_subprocess(env, SOURCE)
        store = open_store(db_url)
        with store.session() as session, session.begin():
            session.execute(
                update(Document).values(next_check_at=datetime.now(UTC) - timedelta(hours=1))
            )
            stored = session.scalar(select(func.count()).select_from(Document))
        replica.set_day(3)
        replica.clear_requests()
        summary = crawl_in_subprocess(env, SOURCE)[SOURCE]
        statuses = [entry["status"] for entry in replica.requests if "/t20" in entry["path"]]
        with store.session() as session:
            versions = session.scalar(select(func.count()).select_from(Version))
        store.close()
    finally:
        replica.set_day(0)
    [body_only] = [c for c in timeline.changes(3) if c.kind == REVISED]
    added = [c for c in timeline.changes(3) if c.kind != REVISED and c.column == SOURCE]
    assert summary["outcome"] == "ok"
    assert summary["revised"] == 1 and body_only.column == SOURCE
    assert summary["new"] == len(added)
    assert summary["unchanged"] == stored - 1
    assert statuses.count(304) == stored - 1
    assert versions == stored + len(added) + 1
