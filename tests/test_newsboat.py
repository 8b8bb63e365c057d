"""newsboat, a real text-mode feed reader, reads the feeds: entries, their days, the diff text."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from crawler.dates import parse_datetime
from policywatch.publish import publish_feeds
from policywatch.settings import FeedSettings
from storage import ensure_source, ingest, open_store
from storage.days import CHINA
from tests.test_storage import T0, record

NEWSBOAT = shutil.which("newsboat")
URL = "https://www.nhc.gov.cn/fzs/gfxwj/202108/0b7b1e2f.shtml"
TITLE = "关于印发医疗器械临床使用管理办法的通知"
V1 = (
    "第一条 为加强医疗器械临床使用管理，制定本办法。\n第二条 本办法自发布之日起施行。\n"
    "第三条 试点期间另行通知。"
)
V2 = "第一条 为加强医疗器械临床使用安全管理，制定本办法。\n第二条 本办法自2021年10月1日起施行。"


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The feeds of one policy published on 2021-08-18 and revised once (a clause reworded,
    one dropped)."""
    folder = tmp_path_factory.mktemp("newsboat")
    db_url = f"sqlite:///{folder / 'archive.db'}"
    store = open_store(db_url)
    with store.session() as session:
        ensure_source(
            session,
            "nhc_gfxwj",
            site="www.nhc.gov.cn",
            name="国家卫生健康委 规范性文件",
            list_url="https://www.nhc.gov.cn/fzs/gfxwj/list.shtml",
        )
        common = {
            "source": "nhc_gfxwj",
            "url": URL,
            "title": TITLE,
            "wenhao": "国卫医发〔2021〕21号",
            "issuer": "国家卫生健康委员会",
            "published_at": parse_datetime("2021-08-18"),
        }
        ingest(session, record(**common, text=V1), now=T0)
        ingest(session, record(**common, text=V2), now=T0.replace(day=2))
        session.commit()
    store.close()
    out = folder / "feeds"
    publish_feeds(db_url, out, FeedSettings(topic=None))
    return out


def read_with_newsboat(feeds: Path, names: list[str], home: Path) -> list[sqlite3.Row]:
    """Reload the feeds in newsboat, without a terminal, and read back what its cache holds."""
    if NEWSBOAT is None:
        if os.environ.get("CI") == "true":
            pytest.fail("newsboat is not installed (apt-get install newsboat)")
        pytest.skip("newsboat is not installed (apt-get install newsboat)")
    urls, config, cache = home / "urls", home / "config", home / "cache.db"
    urls.write_text("".join(f"{(feeds / name).as_uri()}\n" for name in names))
    config.write_text("")
    subprocess.run(
        [NEWSBOAT, "-u", str(urls), "-C", str(config), "-c", str(cache), "-x", "reload"],
        check=True,
        timeout=60,
        capture_output=True,
        env={**os.environ, "HOME": str(home)},
    )
    with sqlite3.connect(cache) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT title, pubDate, content, feedurl FROM rss_item ORDER BY id"
        ).fetchall()


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_newsboat_lists_the_policy_on_its_day(feeds: Path, tmp_path: Path, fmt: str) -> None:
    [item] = read_with_newsboat(feeds, [f"all.{fmt}"], tmp_path)
    assert item["title"] == TITLE
    assert datetime.fromtimestamp(item["pubDate"], CHINA).isoformat() == "2021-08-18T00:00:00+08:00"
    assert "第三条 试点期间另行通知。" not in item["content"]
    assert "第二条 本办法自2021年10月1日起施行。" in item["content"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_newsboat_shows_what_a_revision_removed_and_added(
    feeds: Path, tmp_path: Path, fmt: str
) -> None:
    [item] = read_with_newsboat(feeds, [f"revisions.{fmt}"], tmp_path)
    assert item["title"] == f"[修订 revised v2] {TITLE}"
    content = item["content"]
    assert "2 paragraphs revised; 1 paragraph removed" in content
    assert "[-第三条 试点期间另行通知。-]" in content
    assert "{+安全+}" in content
    assert "第二条 本办法自[-发布之日起施行。-]" in content
    assert "第二条 本办法自{+2021年10月1日起施行。+}" in content


def test_a_revision_entry_marks_removals_and_additions(feeds: Path) -> None:
    [entry] = feedparser.parse((feeds / "revisions.atom").read_bytes()).entries
    html = entry.content[0].value
    assert ">第三条 试点期间另行通知。</del>" in html
    assert ">安全</ins>" in html
    assert ">发布之日起施行。</del>" in html
    assert ">2021年10月1日起施行。</ins>" in html
    assert entry.summary == "2 paragraphs revised; 1 paragraph removed"
