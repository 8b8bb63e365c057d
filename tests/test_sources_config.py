"""Sources as data: policywatch.toml overrides start URLs, schedules, topics, and disables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.config import ConfigError
from crawler.sources import select_sources
from crawler.spider_loader import source_spider

MostTztgSpider = source_spider("most_tztg")

OVERRIDES = """
[crawl]
schedule = "0 6 * * *"

[sources.most_tztg]
list_url = "https://www.most.gov.cn/tztg/index_1.html"
schedule = "30 9 * * 1-5"

[sources.most_gfxwj]
enabled = false
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policywatch.toml"
    path.write_text(OVERRIDES, encoding="utf-8")
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(path))
    return path


def test_overrides_reach_the_source_list(config: Path) -> None:
    by_id = {source.id: source for source in select_sources(["most_tztg"])}
    tztg = by_id["most_tztg"]
    assert tztg.list_url.endswith("/tztg/index_1.html")
    assert tztg.schedule == "30 9 * * 1-5"
    assert tztg.topic == "medical_equipment"


def test_a_disabled_source_is_left_out_unless_named(config: Path) -> None:
    chosen = {source.id for source in select_sources([])}
    assert "most_gfxwj" not in chosen and "most_tztg" in chosen
    named = select_sources(["most_gfxwj"])
    assert [source.id for source in named] == ["most_gfxwj"]
    assert named[0].schedule == "0 6 * * *" and not named[0].enabled


def test_the_spider_starts_from_the_overridden_url(config: Path) -> None:
    assert MostTztgSpider().list_url == "https://www.most.gov.cn/tztg/index_1.html"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.most_tztg]\nlisturl = 'x'\n", "listurl: unknown key; did you mean 'list_url'?"),
        ("[sources.no_such]\nenabled = false\n", "[sources] no_such: unknown source"),
        ("[sources\n", "policywatch.toml"),
        (
            "[sources.most_tztg]\nextra_hosts = 'files.most.gov.cn'\n",
            "extra_hosts: Input should be a valid list, got 'files.most.gov.cn'",
        ),
    ],
)
def test_a_wrong_config_says_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = tmp_path / "policywatch.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(path))
    with pytest.raises(ConfigError, match=re.escape(message)):
        select_sources([])
