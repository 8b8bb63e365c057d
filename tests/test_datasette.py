"""The shipped Datasette metadata on a SQLite archive, through Datasette's own test client; and
`policywatch datasette` refusing what it cannot serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from policywatch.cli import main
from policywatch.cli.datasette import datasette_metadata
from storage import open_store
from tests.support.web import REPOST_URL, Archive, fill_archive

DATABASE = "archive"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Datasette, Archive]:
    path = tmp_path_factory.mktemp("datasette") / f"{DATABASE}.db"
    store = open_store(f"sqlite:///{path}")
    archive = fill_archive(store)
    store.close()
    return Datasette([str(path)], metadata=datasette_metadata(DATABASE)), archive


def get(datasette: Datasette, path: str) -> Any:
    async def fetch() -> Any:
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return anyio.run(fetch)


def test_revisions_in_a_period(served: tuple[Datasette, Archive]) -> None:
    datasette, archive = served
    rows = get(
        datasette,
        f"/{DATABASE}/revisions_in_period.json?since=2026-03-02&until=2026-03-02&_shape=array",
    )
    assert [(row["document_id"], row["from_version"], row["to_version"]) for row in rows] == [
        (archive.plan, 1, 2)
    ]
    assert rows[0]["detected_cst"] == "2026-03-02 16:00:00"
    before = f"/{DATABASE}/revisions_in_period.json?since=2026-01-01&until=2026-03-01&_shape=array"
    assert get(datasette, before) == []


def test_reposts_of_a_policy(served: tuple[Datasette, Archive]) -> None:
    datasette, archive = served
    rows = get(
        datasette, f"/{DATABASE}/reposts_of_policy.json?document={archive.repost}&_shape=array"
    )
    assert [(row["document_id"], row["is_primary"]) for row in rows] == [
        (archive.plan, 1),
        (archive.repost, 0),
    ]
    assert rows[1]["url"] == REPOST_URL


def test_latest_policies_per_agency(served: tuple[Datasette, Archive]) -> None:
    datasette, archive = served
    rows = get(datasette, f"/{DATABASE}/latest_per_agency.json?_shape=array")
    by_agency = {row["issuer"]: row for row in rows}
    assert by_agency["科学技术部"]["document_id"] == archive.plan
    assert by_agency["科学技术部"]["published_cst"] == "2026-03-01 17:30:00"
    assert by_agency["工业和信息化部"]["document_id"] == archive.telecom
    assert all(row["rank"] == 1 for row in rows) and len(rows) == 3


def test_tables_and_columns_are_labelled(served: tuple[Datasette, Archive]) -> None:
    datasette, _ = served
    metadata = get(datasette, "/-/metadata.json")
    tables = metadata["databases"][DATABASE]["tables"]
    assert tables["version"]["title"] == "版本 versions"
    assert tables["version"]["columns"]["wenhao"] == "文号 document number"
    listed = get(datasette, f"/{DATABASE}.json")
    assert "document_band" in {table["name"] for table in listed["tables"] if table["hidden"]}


def test_the_command_serves_sqlite_only(tmp_path: Path) -> None:
    runner = CliRunner()
    postgres = runner.invoke(main, ["--db", "postgresql://x@127.0.0.1/db", "datasette"])
    assert postgres.exit_code == 2 and "SQLite archive only" in postgres.output
    missing = runner.invoke(main, ["--db", f"sqlite:///{tmp_path / 'none.db'}", "datasette"])
    assert missing.exit_code == 2 and "no SQLite archive" in missing.output
