"""Source health: each status from recent runs, and the status command."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from policywatch.cli import main
from storage import ensure_source, finish_run, open_store, start_run
from storage.health import judge, source_health
from storage.models import CrawlRun, Document

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
STALE = timedelta(hours=48)
USUAL = {"item_scraped_count": 10, "policywatch/fields/wenhao": 9, "policywatch/fields/body": 10}


def run(outcome: str, *, new: int = 0, hours_ago: float = 1, **stats: Any) -> CrawlRun:
    finished = NOW - timedelta(hours=hours_ago)
    return CrawlRun(
        outcome=outcome,
        new=new,
        reason=f"{outcome} reason" if outcome != "ok" else None,
        started_at=finished,
        finished_at=finished,
        stats=stats or USUAL,
    )


@pytest.mark.parametrize(
    ("runs", "status"),
    [
        ([], "unknown"),
        ([run("ok", new=3)], "ok"),
        ([run("ok"), run("ok", new=2)], "quiet"),
        ([run("empty"), run("ok")], "empty"),
        ([run("blocked"), run("ok")], "blocked"),
        ([run("down"), run("ok")], "down"),
        ([run("interrupted"), run("ok")], "down"),
        ([run("failed"), run("ok")], "degraded"),
        ([run("ok", hours_ago=50)], "stale"),
        (
            [
                run("ok", new=1, item_scraped_count=10, **{"policywatch/fields/wenhao": 1}),
                run("ok"),
                run("ok"),
            ],
            "degraded",
        ),
    ],
)
def test_status_follows_the_recent_runs(runs: list[CrawlRun], status: str) -> None:
    assert judge(runs, now=NOW, stale_after=STALE)[0] == status


def test_a_degraded_source_says_which_field_dropped() -> None:
    dropped = {**USUAL, "policywatch/fields/body": 2}
    runs = [run("ok", **dropped), run("ok")]
    assert judge(runs, now=NOW, stale_after=STALE) == (
        "degraded",
        "body found on 20% of pages, usually 100%",
    )


def test_source_health_reads_runs_from_the_database(session: Session) -> None:
    for source_id in ("a_ok", "b_blocked"):
        ensure_source(session, source_id, site="x.gov.cn", name=source_id, list_url="https://x/")
    first = start_run(session, "a_ok", now=NOW - timedelta(hours=2))
    finish_run(session, first, outcome="ok", reason=None, counts={"new": 4}, stats=USUAL, now=NOW)
    second = start_run(session, "b_blocked", now=NOW - timedelta(hours=1))
    finish_run(session, second, outcome="blocked", reason="Ruishu", counts={}, stats={}, now=NOW)
    session.commit()
    report = {h.source_id: h for h in source_health(session, now=NOW + timedelta(hours=1))}
    assert (report["a_ok"].status, report["b_blocked"].status) == ("ok", "blocked")
    assert report["b_blocked"].reason == "Ruishu"


def test_status_command_prints_every_source(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    open_store(db_url).close()
    result = CliRunner().invoke(main, ["--db", db_url, "status", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["source_id"]: row for row in json.loads(result.output)}
    assert rows["most_gfxwj"]["status"] == "unknown"
    assert rows["most_gfxwj"]["next_run_at"]


def test_each_sources_newest_document_is_read_from_its_index(session: Session) -> None:
    for source_id in ("a_ok", "b_quiet"):
        ensure_source(session, source_id, site="x.gov.cn", name=source_id, list_url="https://x/")
    for day, source_id in ((1, "a_ok"), (3, "a_ok"), (2, "b_quiet")):
        session.add(
            Document(
                url=f"https://x.gov.cn/{source_id}/{day}.html",
                source_id=source_id,
                first_seen_at=NOW - timedelta(days=day),
            )
        )
    session.commit()
    report = {h.source_id: h.last_new_at for h in source_health(session, now=NOW)}
    assert report == {"a_ok": NOW - timedelta(days=1), "b_quiet": NOW - timedelta(days=2)}
    newest = select(func.max(Document.first_seen_at)).where(Document.source_id == "a_ok")
    explain = "EXPLAIN QUERY PLAN " if session.get_bind().dialect.name == "sqlite" else "EXPLAIN "
    compiled = newest.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = " ".join(str(row) for row in session.execute(text(f"{explain}{compiled}")))
    assert "ix_document_source_first_seen" in plan
