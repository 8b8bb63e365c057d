"""Feeds as whoever rebuilds them publishes them: absolute links, every policy reachable."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

import feeds.maker
from crawler.config import load_config
from policywatch.cli import main
from policywatch.publish import publish_feeds
from policywatch.service.daemon import Daemon, DaemonSettings
from policywatch.settings import FeedSettings
from storage import ensure_source, ingest, open_store
from tests.test_storage import T0, record

RELEVANT = {"medical_equipment": 1.0}
COUNT = 40
PAGE = 10


def fill(db_url: str, count: int, start: int = 0) -> None:
    """`count` policies, every third one irrelevant to the medical-equipment topic."""
    store = open_store(db_url)
    with store.session() as session:
        ensure_source(
            session, "most_gfxwj", site="www.most.gov.cn", name="科技部", list_url="https://x/"
        )
        for n in range(start, start + count):
            ingest(
                session,
                record(
                    url=f"https://www.most.gov.cn/xxgk/gfxwj/2026/t{n}.html",
                    title=f"关于第{n}号事项的通知",
                    text=f"第一条 第{n}号事项。\n第二条 事项{n}的细则。",
                    wenhao=f"国科发资〔2026〕{n + 1}号",
                    topics={} if n % 3 == 0 else RELEVANT,
                ),
                now=T0 + timedelta(minutes=n),
            )
        session.commit()
    store.close()


def walk(out: Path, base: str, name: str) -> list[list[str]]:
    """The entry titles of the current feed, then of each archive page it leads to."""
    pages, url = [], f"{base}{name}.atom"
    while url:
        assert url.startswith(base), url
        parsed = feedparser.parse((out / url.removeprefix(base)).read_bytes())
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        pages.append([entry.title for entry in parsed.entries])
        url = {link.rel: link.href for link in parsed.feed.links}.get("prev-archive")
    return pages


def relevant_titles(count: int) -> set[str]:
    return {f"关于第{n}号事项的通知" for n in range(count) if n % 3}


def test_every_relevant_policy_is_reachable_through_the_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    fill(db_url, COUNT)
    out = tmp_path / "feeds"
    config = tmp_path / "policywatch.toml"
    config.write_text(f"[feeds]\npage_size = {PAGE}\n")
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(config))
    CliRunner().invoke(main, ["--db", db_url, "feeds", "--out", str(out)], catch_exceptions=False)
    pages = walk(out, "http://127.0.0.1:8000/", "policies")
    assert [len(page) for page in pages] == [PAGE, PAGE, PAGE]
    assert set().union(*pages) == relevant_titles(COUNT)
    assert len(set().union(*walk(out, "http://127.0.0.1:8000/", "all"))) == COUNT
    assert len(set().union(*walk(out, "http://127.0.0.1:8000/", "sources/most_gfxwj"))) == len(
        relevant_titles(COUNT)
    )


def test_unchanged_archive_pages_are_neither_rebuilt_nor_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    fill(db_url, COUNT)
    out = tmp_path / "feeds"
    settings = FeedSettings(topic="medical_equipment", page_size=PAGE)
    publish_feeds(db_url, out, settings)
    archived = sorted((out / "archive").rglob("*.atom"))
    assert archived
    for path in archived:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    fill(db_url, 3, start=COUNT)
    built: list[str] = []
    entry = feeds.maker.policy_entry

    def counted(policy, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(policy.key)
        return entry(policy, *args, **kwargs)

    monkeypatch.setattr(feeds.maker, "policy_entry", counted)
    publish_feeds(db_url, out, settings)
    assert all(path.stat().st_mtime_ns == 1_000_000_000 for path in archived)
    assert len(built) <= 2 * settings.page_size
    assert set().union(*walk(out, "http://127.0.0.1:8000/", "policies")) == relevant_titles(
        COUNT + 3
    )


@pytest.mark.parametrize(
    ("configured", "base"),
    [("", "http://127.0.0.1:8000/"), ('base_url = "https://policy.example.org/pw/"', None)],
)
def test_feeds_rebuilt_by_the_daemon_link_absolutely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, configured: str, base: str | None
) -> None:
    base = base or "https://policy.example.org/pw/"
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    fill(db_url, 3)
    config = tmp_path / "policywatch.toml"
    config.write_text(f'[feeds]\n{configured}\n[daemon]\nfeeds_dir = "{tmp_path / "feeds"}"\n')
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(config))
    loaded = load_config()
    daemon = Daemon(
        [],
        DaemonSettings.from_config(loaded),
        db_url=db_url,
        feeds=FeedSettings.from_config(loaded),
    )
    daemon.rebuild_feeds()
    out = tmp_path / "feeds"
    for name in ["policies.atom", "policies.rss", "revisions.atom", "sources/most_gfxwj.atom"]:
        parsed = feedparser.parse((out / name).read_bytes())
        links = [link.href for link in parsed.feed.links]
        assert f"{base}{name}" in links
        assert all(href.startswith(("http://", "https://")) for href in links), links
    root = ET.fromstring((out / "index.opml").read_bytes())
    outlines = [outline for outline in root.iter("outline") if outline.get("xmlUrl")]
    assert outlines and all(o.get("xmlUrl").startswith(base) for o in outlines)
    assert all(o.get("xmlUrl").endswith(".atom") for o in outlines)
    assert all(o.get("htmlUrl").startswith(base) for o in outlines)


def test_a_base_url_that_is_no_web_url_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{tmp_path / 'a.db'}", "feeds", "--base-url", "var/feeds"]
    )
    assert result.exit_code == 2
    assert "--base-url" in result.output
