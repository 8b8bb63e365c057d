"""Sources as data: the shipped catalogue, new sources from policywatch.toml, strict checking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.catalogue import shipped_tables
from crawler.platform_table import PLATFORMS
from crawler.sources import select_sources
from crawler.spider_loader import platform_class, source_spider
from policywatch.cli import main
from storage.citations import cited_keys

ROOT = Path(__file__).parent.parent
NEW_SOURCE = """
[sources.most_kjzc]
platform = "trs"
list_url = "https://www.most.gov.cn/kjzc/index.html"
site_name = "科学技术部"
column_name = "科技政策"
region = "national"
row_selector = "div.list-main li"
row_link = "a[title]"
row_date = "span"
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policywatch.toml"
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(path))
    return path


def test_every_platform_setting_is_an_attribute_of_its_spider_class() -> None:
    for platform, (_, keys) in PLATFORMS.items():
        spider = platform_class(platform)
        assert all(hasattr(spider, key) or key in spider.__annotations__ for key in keys), platform


def test_a_shipped_source_is_its_platform_class_with_the_catalogue_attributes() -> None:
    spider = source_spider("hubei_ezf")
    assert issubclass(spider, platform_class("trs"))
    assert spider.row_selector == ".hbgov-bfc-block li"
    assert spider.content_selectors == (".hbgov-article-content", ".TRS_UEDITOR")
    assert source_spider("gdmpa_ylqx").row_wenhao is None
    assert set(shipped_tables()) == {source.id for source in select_sources([])}


def test_a_table_with_a_platform_adds_a_source(config: Path) -> None:
    config.write_text(NEW_SOURCE, encoding="utf-8")
    (added,) = select_sources(["most_kjzc"])
    assert (added.platform, added.region, added.site) == ("trs", "national", "www.most.gov.cn")
    spider = source_spider("most_kjzc")
    assert spider.row_date == "span" and spider.default_agency == "科学技术部"
    listed = json.loads(CliRunner().invoke(main, ["sources", "--json"]).output)
    assert {"id": "most_kjzc", "platform": "trs", "region": "national"}.items() <= next(
        source for source in listed if source["id"] == "most_kjzc"
    ).items()


def _python(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_scrapy_list_sees_a_configured_source(config: Path) -> None:
    config.write_text(NEW_SOURCE, encoding="utf-8")
    listed = _python("-m", "scrapy", "list").split()
    assert "most_kjzc" in listed and "hubei_ezf" in listed


def test_listing_sources_imports_no_scrapy() -> None:
    code = (
        "import sys; from crawler.sources import select_sources; select_sources([]);"
        " print(any(name.split('.')[0] == 'scrapy' for name in sys.modules))"
    )
    assert _python("-c", code).strip() == "False"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (NEW_SOURCE.replace('"trs"', '"drupal"'), "platform: Input should be 'trs', 'nfcms'"),
        (NEW_SOURCE.replace("list_url", "#"), "needs list_url"),
        (NEW_SOURCE + 'colour = "red"\n', "colour: unknown key"),
        (NEW_SOURCE + "page_size = 20\n", "page_size is no setting of platform 'trs'"),
        (NEW_SOURCE.replace('"national"', '"atlantis"'), "unknown region 'atlantis'"),
        ('[sources.hubei_ezf]\nregion = "hubei"\n', "region is for a new source"),
        (
            '[sources.hubei_ezf]\nplatform = "trs"\nlist_url = "https://a.cn/"\nsite_name = "a"'
            '\ncolumn_name = "b"\nregion = "hubei"\n',
            "a shipped source",
        ),
        ("[sources.zj_gfxwj]\nenabled = false\n", "unknown source"),
    ],
)
def test_a_wrong_source_table_is_one_line_and_exit_2(config: Path, text: str, message: str) -> None:
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["sources"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "own", "expected"),
    [
        ("根据《关于…的意见》（国办发〔2024〕53号）精神", None, {"国办发〔2024〕53号"}),
        ("根据《关于…的意见》(国办发[2024]53号)，制定本方案", None, {"国办发〔2024〕53号"}),
        ("《关于印发方案的通知》（浙政办发〔2026〕7号）", "浙政办发〔2026〕7号", set()),
        ("国办发〔2024〕53号 without a title before it", None, set()),
    ],
)
def test_a_citation_is_a_titled_document_with_its_wenhao(
    text: str, own: str | None, expected: set[str]
) -> None:
    assert cited_keys(text, own) == expected
