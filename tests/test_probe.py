"""`policywatch probe` for every source: its list through the replica (saved with --save, then
probed again from the file), a detail page of it, the real saved pages, and user errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from policywatch.cli import main
from policywatch.probe.parse import EXPECTED
from replica.server import ReplicaServer

REAL = Path(__file__).resolve().parent / "files" / "real"


def sources() -> dict[str, str]:
    """Each source of `policywatch sources --json`, with its list URL."""
    listed = CliRunner().invoke(main, ["sources", "--json"])
    assert listed.exit_code == 0, listed.output
    return {source["id"]: source["list_url"] for source in json.loads(listed.stdout)}


SOURCES = sources()


def probe(*args: str, replica: ReplicaServer | None = None) -> Result:
    env = {"POLICYWATCH_REPLICA": replica.url if replica else None}
    return CliRunner().invoke(main, ["probe", *args], env=env)


def probed(*args: str, replica: ReplicaServer | None = None) -> dict[str, Any]:
    result = probe(*args, "--json", replica=replica)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_probe_a_sources_list_and_detail_through_the_replica(
    source: str, replica_day0: ReplicaServer, tmp_path: Path
) -> None:
    listed = probed(source, "--url", SOURCES[source], "--save", str(tmp_path), replica=replica_day0)
    assert (listed["source"], listed["kind"], listed["status"]) == (source, "list", 200)
    assert listed["rows"] and all(
        row["url"].startswith("http") and row["title"] for row in listed["rows"]
    )
    assert any(row["published"] for row in listed["rows"])

    (saved,) = (path for path in tmp_path.glob(f"{source}_list.*") if path.suffix != ".source")
    again = probed(source, "--file", str(saved), "--url", listed["url"])
    assert again["rows"] == listed["rows"]

    first = listed["rows"][0]
    detail = probed(source, "--url", first["url"], "--as", "detail", replica=replica_day0)
    assert detail["kind"] == "detail" and detail["fields"]["title"]
    assert detail["fields"]["body"]["length"] > 0
    assert set(detail["missing"]) <= set(EXPECTED) - {"title", "body"}
    text = probe(source, "--url", first["url"], "--as", "detail", replica=replica_day0)
    assert text.exit_code == 0
    assert text.stdout.startswith(f"{source}: detail page {first['url']} (HTTP 200)\n")
    assert f"  title       {detail['fields']['title']}\n" in text.stdout
    assert text.stdout.rstrip().endswith(f"missing: {', '.join(detail['missing']) or 'none'}")


def test_the_saved_page_names_where_and_when_it_was_fetched(
    replica_day0: ReplicaServer, tmp_path: Path
) -> None:
    url = SOURCES["most_gfxwj"]
    assert (
        probe("most_gfxwj", "--url", url, "--save", str(tmp_path), replica=replica_day0).exit_code
        == 0
    )
    head = (tmp_path / "most_gfxwj_list.html").read_text().splitlines()[0]
    assert head.startswith(
        f"<!-- source: policywatch probe most_gfxwj; page URL: {url}; fetched 20"
    )
    assert head.endswith("; HTTP 200 -->")


def test_a_list_probed_as_text_shows_its_rows(replica_day0: ReplicaServer) -> None:
    result = probe("nmpa_ylqxggtg", "--url", SOURCES["nmpa_ylqxggtg"], replica=replica_day0)
    lines = result.stdout.splitlines()
    assert lines[0].endswith("(HTTP 200): 20 rows") and len(lines) == 21
    assert all(line.startswith("  20") and "https://www.nmpa.gov.cn/" in line for line in lines[1:])


@pytest.mark.parametrize("source", ["nmpa_ylqxggtg", "nhc_gfxwj", "hubei_ezf"])
def test_a_challenge_through_the_replica_is_named(
    source: str, challenged_replica: ReplicaServer
) -> None:
    found = probed(source, "--url", SOURCES[source], replica=challenged_replica)
    assert (found["kind"], found["status"], found["challenge"]["kind"]) == (
        "challenge",
        412,
        "ruishu",
    )
    text = probe(source, "--url", SOURCES[source], replica=challenged_replica).stdout
    assert "Ruishu (瑞数) challenge page, HTTP 412" in text and "apt-get install chromium" in text


@pytest.mark.parametrize(
    ("source", "name"),
    [("nhc_gfxwj", "nhc_412_challenge.html"), ("nmpa_ylqxggtg", "nmpa_412_challenge.html")],
)
def test_a_real_challenge_page_is_named(source: str, name: str) -> None:
    found = probed(source, "--file", str(REAL / name))
    assert (found["kind"], found["challenge"]["kind"]) == ("challenge", "ruishu")


def test_a_real_detail_page_shows_its_fields() -> None:
    url = "https://www.nmpa.gov.cn/xxgk/zhengcejiedu/20260729120200100.html"
    found = probed("nmpa_ylqxggtg", "--file", str(REAL / "nmpa_detail.html"), "--url", url)
    fields = found["fields"]
    assert fields["title"] == "《国家药监局关于化妆品注册备案有关事项的公告》政策解读"
    assert fields["published"].startswith("2026-07-29T12:02")
    assert fields["wenhao"] is None, "the 文号 the text cites is not the page's own"
    assert found["missing"] == ["wenhao"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["no_such_source", "--url", "https://www.most.gov.cn/"],
            "unknown source(s) no_such_source",
        ),
        (["most_gfxwj"], "--url URL or --file PATH"),
        (["most_gfxwj", "--file", "/no/such/page.html"], "cannot read /no/such/page.html"),
        (["most_gfxwj", "--url", "https://www.most.gov.cn/tztg/"], "POLICYWATCH_REPLICA"),
        (["most_gfxwj", "--url", "ftp://www.most.gov.cn/"], "not an http(s) URL"),
        (
            ["gd_gkmlpt", "--file", str(REAL / "nmpa_detail.html"), "--as", "list"],
            "cannot read this page as a list",
        ),
    ],
)
def test_a_user_error_is_one_line_and_exit_2(args: list[str], said: str) -> None:
    result = probe(*args)
    assert result.exit_code == 2
    assert said in result.stderr and result.stderr.count("\n") == 1 and result.stdout == ""
