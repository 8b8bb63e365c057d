"""`policywatch export`: Parquet and JSON Lines, current versions or the whole history, on
both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from policywatch.cli import main
from storage import Store
from storage.export import HISTORY_FIELDS
from tests.support.web import PLAN_TEXT_V1, PLAN_TEXT_V2, Archive, fill_archive


@pytest.fixture
def archive(store: Store) -> Archive:
    return fill_archive(store)


def export(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db_url, "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_parquet_history_round_trips(db_url: str, archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "history.parquet"
    export(db_url, "--format", "parquet", "--history", "--output", str(out))
    table = pq.read_table(out)
    assert table.column_names == list(HISTORY_FIELDS)
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="Asia/Shanghai")
    assert table.schema.field("version").type == pa.int32()
    rows = table.to_pylist()
    assert len(rows) == 5
    plan = [row for row in rows if row["document_id"] == archive.plan]
    assert [(row["version"], row["current"], row["text"]) for row in plan] == [
        (1, False, PLAN_TEXT_V1),
        (2, True, PLAN_TEXT_V2),
    ]
    assert plan[0]["published_at"] == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    others = [row for row in rows if row["document_id"] != archive.plan]
    assert {row["document_id"] for row in others} == {archive.repost, archive.telecom, archive.evil}
    assert all(row["version"] == 1 and row["current"] for row in others)


def test_parquet_of_current_versions_with_a_filter(
    db_url: str, archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "current.parquet"
    export(db_url, "--query", "方案", "--format", "parquet", "--output", str(out))
    rows = pq.read_table(out).to_pylist()
    assert [row["document_id"] for row in rows] == [archive.repost, archive.plan]
    assert rows[1]["text"] == PLAN_TEXT_V2 and "version" not in rows[1]


def test_history_as_json_lines(db_url: str, archive: Archive) -> None:
    lines = export(db_url, "--history", "--source", "most_gfxwj").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(row["document_id"], row["version"]) for row in rows] == [
        (archive.plan, 1),
        (archive.plan, 2),
    ]
    assert rows[0]["published_at"] == "2026-03-01T17:30:00+08:00"


def test_parquet_needs_a_file(db_url: str, archive: Archive) -> None:
    result = CliRunner().invoke(main, ["--db", db_url, "export", "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.output
