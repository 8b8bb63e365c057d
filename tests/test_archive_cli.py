"""The analysts' commands: search, show, history and export on a small SQLite archive."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policywatch.cli import main
from storage import ensure_source, ingest, open_store, withdraw
from tests.test_storage import T0, record

REPOST_URL = "https://www.most.gov.cn/tztg/202603/t20260302_9.html"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Document 1 (new, revised, withdrawn) and document 2, its repost under a variant 文号."""
    url = f"sqlite:///{tmp_path_factory.mktemp('archive') / 'archive.db'}"
    store = open_store(url)
    with store.session() as session:
        for source in ("most_gfxwj", "most_tztg"):
            ensure_source(
                session, source, site="www.most.gov.cn", name=source, list_url="https://x/"
            )
        ingest(session, record(), now=T0)
        ingest(session, record(source="most_tztg", url=REPOST_URL, wenhao="国科发资[2026]12号"))
        ingest(
            session, record(text="第一条 修订后的医疗器械注册条款。"), now=T0 + timedelta(days=1)
        )
        withdraw(session, record()["url"], now=T0 + timedelta(days=2))
        session.commit()
    store.close()
    return url


def run(db: str, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result


def test_search_prints_a_table_with_snippets(db: str) -> None:
    lines = run(db, "search", "器械").stdout.splitlines()
    assert lines[0].split()[:4] == ["2", "2026-03-01", "most_tztg", "国科发资[2026]12号"]
    assert lines[2].split()[0] == "1" and lines[2].endswith("[withdrawn]")
    assert lines[3].strip() == "第一条 修订后的医疗器械注册条款。"


def test_search_says_when_it_shows_fewer_than_it_found(db: str) -> None:
    cut = run(db, "search", "器械", "--limit", "1")
    assert len(cut.stdout.splitlines()) == 2
    assert cut.stderr == "showing 1 of 2 (use --limit)\n"
    assert run(db, "search", "器械", "--limit", "2").stderr == ""


def test_search_as_json_with_filters(db: str) -> None:
    filters = [
        "--wenhao",
        "国科发资〔2026〕第12号",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-01",
    ]
    result = run(db, "search", "医疗器械 注册", *filters, "--kind", "revised", "--format", "json")
    [hit] = json.loads(result.stdout)
    assert (hit["document_id"], hit["status"]) == (1, "withdrawn")
    assert hit["published_at"] == "2026-03-01T17:30:00+08:00"


def test_search_as_csv(db: str) -> None:
    result = run(db, "search", "方案", "--source", "most_tztg", "--format", "csv")
    [row] = csv.DictReader(io.StringIO(result.stdout))
    assert (row["document_id"], row["url"]) == ("2", REPOST_URL)


def test_search_without_results_says_so(db: str) -> None:
    result = run(db, "search", "量子引力")
    assert result.stdout == "" and "no documents found" in result.stderr


def test_show_gives_metadata_versions_reposts_attachments_and_changes(db: str) -> None:
    shown = run(db, "show", "1").stdout
    assert shown.startswith("#1 关于印发《高端医疗器械创新发展行动方案》的通知")
    assert "文号       国科发资〔2026〕12号" in shown and "status     withdrawn" in shown
    assert "  v1  fetched 2026-03-01 16:00" in shown and "  v2  fetched" in shown
    assert f"  #2  2026-03-01  most_tztg  {REPOST_URL}" in shown
    assert "  附件1  pdf  https://www.most.gov.cn/a.pdf" in shown
    assert "2026-03-03 16:00  withdrawn" in shown


def test_show_finds_a_document_by_url_and_as_json(db: str) -> None:
    shown = json.loads(run(db, "show", REPOST_URL.replace("https", "http"), "--json").stdout)
    assert (shown["document_id"], shown["current_version"]) == (2, 1)
    assert [repost["document_id"] for repost in shown["reposts"]] == [1]
    assert shown["versions"][0]["attachments"][0]["name"] == "附件1"


def test_show_of_an_unknown_document_fails() -> None:
    result = CliRunner().invoke(main, ["--db", "sqlite://", "show", "99"])
    assert result.exit_code == 2 and "no document '99'" in result.output


def test_history_lists_the_changes_with_their_versions(db: str) -> None:
    lines = run(db, "history", "1").stdout.splitlines()
    assert [line.split()[2:4] for line in lines] == [
        ["new", "v1"],
        ["revised", "v1"],
        ["withdrawn", "v2"],
    ]
    assert "v1 → v2" in lines[1]
    changes = json.loads(run(db, "history", "1", "--json").stdout)
    assert [(c["kind"], c["to_version"]) for c in changes] == [
        ("new", 1),
        ("revised", 2),
        ("withdrawn", 2),
    ]


@pytest.mark.parametrize("form", ["json", "jsonl", "csv"])
def test_export_writes_full_texts_to_a_file(db: str, tmp_path: Path, form: str) -> None:
    out = tmp_path / f"export.{form}"
    result = run(db, "export", "--query", "方案", "--format", form, "--output", str(out))
    assert "2 documents written" in result.stderr
    content = out.read_text(encoding="utf-8")
    if form == "json":
        rows = json.loads(content)
    elif form == "jsonl":
        rows = [json.loads(line) for line in content.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(content)))
    assert [str(row["document_id"]) for row in rows] == ["2", "1"]
    assert rows[0]["text"] == record()["text"]


def test_export_to_stdout_with_a_filter(db: str) -> None:
    result = run(db, "export", "--source", "most_gfxwj", "--format", "jsonl")
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["text"] == "第一条 修订后的医疗器械注册条款。"
