"""The command line: listing sources, refusing unknown ones, rebuilding feeds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policywatch.cli import main
from storage import open_store


def test_sources_lists_every_spider_with_its_list_url() -> None:
    result = CliRunner().invoke(main, ["sources", "--json"])
    assert result.exit_code == 0, result.output
    sources = {source["id"]: source for source in json.loads(result.output)}
    assert {"most_gfxwj", "most_tztg"} <= set(sources)
    assert sources["most_gfxwj"]["list_url"].startswith("https://www.most.gov.cn/")


def test_crawl_refuses_an_unknown_source_and_names_the_known_ones(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "crawl", "no_such_source"]
    )
    assert result.exit_code == 2
    assert "unknown source(s) no_such_source" in result.output
    assert "most_gfxwj" in result.output


def test_feeds_on_an_empty_database_writes_valid_empty_feeds(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    db = f"sqlite:///{tmp_path / 'x.db'}"
    open_store(db).close()
    result = CliRunner().invoke(main, ["--db", db, "feeds", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "policies.atom").exists() and (out / "policies.rss").exists()
