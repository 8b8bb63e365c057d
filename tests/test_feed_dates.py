"""A date-only publication date is that day in China everywhere: feeds, show, search, web view."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import lxml.html
import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import text
from werkzeug.test import Client

from crawler.dates import parse_datetime
from policywatch.cli import main
from policywatch.publish import publish_feeds
from policywatch.settings import FeedSettings
from policywatch.web.app import WebApp
from storage import ensure_source, ingest, open_store
from storage.db import alembic_config
from storage.models import Version
from tests.test_storage import T0, record

URL = "https://www.nhc.gov.cn/fzs/gfxwj/202108/0b7b1e2f.shtml"
DAY = "2021-08-18"


@pytest.fixture
def archive(db_url: str) -> int:
    """One NHC policy published on 2021-08-18 (a date without a time); its document id."""
    store = open_store(db_url)
    with store.session() as session:
        ensure_source(
            session,
            "nhc_gfxwj",
            site="www.nhc.gov.cn",
            name="国家卫生健康委 规范性文件",
            list_url="https://www.nhc.gov.cn/fzs/gfxwj/list.shtml",
        )
        result = ingest(
            session,
            record(
                source="nhc_gfxwj",
                url=URL,
                title="关于印发医疗器械临床使用管理办法的通知",
                text="第一条 为加强医疗器械临床使用管理，制定本办法。",
                wenhao="国卫医发〔2021〕21号",
                issuer="国家卫生健康委员会",
                department="医政医管局",
                published_at=parse_datetime(DAY),
            ),
            now=T0,
        )
        session.commit()
    store.close()
    return result.document_id


def run(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_day_is_stored_as_a_day(db_url: str, archive: int) -> None:
    store = open_store(db_url)
    with store.session() as session:
        version = session.get(Version, 1)
        assert version is not None and version.published_on.isoformat() == DAY
        stored = session.execute(text("SELECT published_on FROM version")).scalar_one()
        assert str(stored) == DAY
    store.close()


@pytest.mark.parametrize(
    ("fmt", "published"),
    [("atom", "2021-08-18T00:00:00+08:00"), ("rss", "Wed, 18 Aug 2021 00:00:00 +0800")],
)
def test_feeds_publish_the_day_at_midnight_in_china(
    db_url: str, archive: int, tmp_path: Path, fmt: str, published: str
) -> None:
    publish_feeds(db_url, tmp_path, FeedSettings(topic=None))
    parsed = feedparser.parse((tmp_path / f"all.{fmt}").read_bytes())
    [entry] = parsed.entries
    assert entry.published == published
    assert f"发布日期 (published)：{DAY}" in entry.content[0].value
    assert "发文机关 (issuer)：国家卫生健康委员会" in entry.content[0].value
    assert "发布部门 (department)：医政医管局" in entry.content[0].value


def test_show_prints_the_day(db_url: str, archive: int) -> None:
    lines = run(db_url, "show", str(archive)).splitlines()
    assert f"  published  {DAY}" in lines
    versions = json.loads(run(db_url, "show", str(archive), "--json"))["versions"]
    assert versions[0]["published_on"] == DAY
    assert versions[0]["published_at"] == f"{DAY}T00:00:00+08:00"


def test_search_prints_the_day(db_url: str, archive: int) -> None:
    assert run(db_url, "search", "医疗器械").split()[:2] == [str(archive), DAY]
    [hit] = json.loads(run(db_url, "search", "医疗器械", "--format", "json"))
    assert hit["published_on"] == DAY


def test_the_web_view_shows_the_day(db_url: str, archive: int, tmp_path: Path) -> None:
    store = open_store(db_url)
    client = Client(WebApp(store, tmp_path, stale_after=timedelta(days=3650)))
    try:
        hits = lxml.html.fromstring(client.get("/?q=医疗器械").data)
        assert hits.xpath("string(//ol[@class='hits']/li//div[@class='meta'])").startswith(DAY)
        page = lxml.html.fromstring(client.get(f"/document/{archive}").data)
        facts = dict(zip(page.xpath("//dt/text()"), page.xpath("//dd"), strict=False))
        assert facts["发布日期 published"].text_content() == DAY
        assert facts["发文机关 issuer"].text_content() == "国家卫生健康委员会"
        assert facts["发布部门 department"].text_content() == "医政医管局"
    finally:
        store.close()


def test_the_migration_gives_stored_rows_their_day_issuer_and_department(
    db_url: str, archive: int
) -> None:
    store = open_store(db_url)
    config = alembic_config(store.engine)
    command.downgrade(config, "0011")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE version SET agency = '装备工业一司'"))
        connection.execute(
            text("UPDATE version SET published_at = :moment"),
            {"moment": datetime(2021, 8, 17, 16, tzinfo=UTC)},
        )
    command.upgrade(config, "head")
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT published_on, issuer, department FROM version"))
        day, issuer, department = row.one()
    assert (str(day), issuer, department) == (DAY, None, "装备工业一司")
    store.close()
