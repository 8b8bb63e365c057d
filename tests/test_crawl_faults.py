"""Bad answers from a site, end to end: WAF pages, empty lists, errors, wrong charsets, garbage."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.corpus import timeline
from replica.server import ReplicaServer
from storage import open_store
from storage.models import Change, Document, Source, Version

HOST = "www.most.gov.cn"
SOURCE = "most_tztg"
NEW_ON_DAY_ONE = "/tztg/202602/"


@pytest.fixture(scope="module")
def day0_db(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the source as the replica shows it on day 0."""
    path = tmp_path_factory.mktemp("faults") / "day0.db"
    replica.set_day(0)
    replica.faults.clear()
    summary = crawl_in_subprocess(_env(replica, path), SOURCE)
    assert summary[SOURCE]["outcome"] == "ok"
    return path


@pytest.fixture
def db(day0_db: Path, tmp_path: Path, replica: ReplicaServer) -> Iterator[Path]:
    """A copy of the day-0 database, with the replica on day 1 and faults cleared after."""
    path = tmp_path / "policywatch.db"
    shutil.copy(day0_db, path)
    replica.set_day(1)
    replica.faults.clear()
    yield path
    replica.faults.clear()
    replica.set_day(0)


def _env(replica: ReplicaServer, db: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, **LOOPBACK_SETTINGS, **extra}
    return env | {"POLICYWATCH_REPLICA": replica.url, "POLICYWATCH_DB_URL": f"sqlite:///{db}"}


def _crawl(replica: ReplicaServer, db: Path, **extra: str) -> dict[str, Any]:
    return crawl_in_subprocess(_env(replica, db, **extra), SOURCE)[SOURCE]


def _counts(db: Path) -> tuple[int, int, int]:
    store = open_store(f"sqlite:///{db}")
    with store.session() as session:
        counted = tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Document, Version, Change)
        )
    store.close()
    return counted  # type: ignore[return-value]


def _source_status(db: Path) -> str:
    store = open_store(f"sqlite:///{db}")
    with store.session() as session:
        status = session.get_one(Source, SOURCE).status
    store.close()
    return status


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("ruishu", "Ruishu"), ("jsl", "JSL"), ("forbidden_non_browser", None)],
)
def test_a_waf_answer_blocks_the_run_and_leaves_stored_documents_alone(
    replica: ReplicaServer, db: Path, kind: str, reason: str | None
) -> None:
    before = _counts(db)
    replica.faults.add(HOST, "/tztg/", kind)
    extra = {"POLICYWATCH_USER_AGENT": "python-requests/2.32"} if reason is None else {}
    summary = _crawl(replica, db, **extra)
    assert summary["outcome"] == "blocked"
    assert (reason or "403") in summary["reason"]
    assert summary["new"] == summary["revised"] == 0
    assert _counts(db) == before
    assert _source_status(db) == "blocked"


def test_a_browser_user_agent_passes_the_non_browser_check(
    replica: ReplicaServer, db: Path
) -> None:
    replica.faults.add(HOST, "/tztg/", "forbidden_non_browser")
    assert _crawl(replica, db)["outcome"] == "ok"


@pytest.mark.parametrize("kind", ["empty_list", "layout_changed"])
def test_a_list_without_rows_marks_the_source_empty(
    replica: ReplicaServer, db: Path, kind: str
) -> None:
    before = _counts(db)
    replica.faults.add(HOST, "/tztg/index", kind)
    summary = _crawl(replica, db)
    assert summary["outcome"] == "empty"
    assert _counts(db) == before
    assert _source_status(db) == "empty"


@pytest.mark.parametrize("kind", ["http_500", "redirect_loop"])
def test_a_list_that_never_answers_marks_the_source_down(
    replica: ReplicaServer, db: Path, kind: str
) -> None:
    replica.faults.add(HOST, "/tztg/index", kind)
    summary = _crawl(replica, db)
    assert summary["outcome"] == "down"
    assert _source_status(db) == "down"


def test_a_server_error_that_passes_is_retried(replica: ReplicaServer, db: Path) -> None:
    replica.faults.add(HOST, "/tztg/index", "http_500", count=1)
    summary = _crawl(replica, db)
    assert summary["outcome"] == "ok" and summary["new"] == 1


def test_a_wrong_charset_declaration_is_corrected_and_flagged(
    replica: ReplicaServer, db: Path
) -> None:
    replica.faults.add(HOST, NEW_ON_DAY_ONE, "wrong_charset")
    summary = _crawl(replica, db)
    assert summary["new"] == 1
    [added] = [c for c in timeline.changes(1) if c.column == SOURCE and c.kind == "added"]
    doc = timeline.document(SOURCE, added.doc_id, 1)
    store = open_store(f"sqlite:///{db}")
    with store.session() as session:
        stored = session.scalar(select(Document).where(Document.url.endswith(doc.path)))
        version = stored.current_version
        assert version.title == doc.title
        assert "charset_mismatch" in version.flags
    store.close()


def test_a_truncated_page_is_not_stored_and_is_picked_up_next_time(
    replica: ReplicaServer, db: Path
) -> None:
    before = _counts(db)
    replica.faults.add(HOST, NEW_ON_DAY_ONE, "truncated")
    summary = _crawl(replica, db)
    assert summary["outcome"] == "failed" and summary["new"] == 0
    assert _counts(db)[0] == before[0]
    replica.faults.clear()
    assert _crawl(replica, db)["new"] == 1


def test_a_detail_page_in_a_redirect_loop_is_counted_and_the_run_is_not_ok(
    replica: ReplicaServer, db: Path
) -> None:
    before = _counts(db)
    replica.faults.add(HOST, NEW_ON_DAY_ONE, "redirect_loop")
    summary = _crawl(replica, db)
    assert summary["outcome"] == "down" and summary["new"] == 0
    assert summary["detail_failed"] == 1
    assert "redirect_limit 1" in summary["reason"]
    assert _counts(db) == before
    assert _source_status(db) == "down"
