"""Any search as a feed: `/search.atom` from the web view, saved queries built with the feeds,
and a subscriber seeing a policy the replica's timeline adds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from feeds.search_feed import search_entries
from policywatch.cli import main
from policywatch.demo import crawl_in_subprocess
from policywatch.web.app import WebApp
from replica.corpus import ADDED, timeline
from replica.server import ReplicaServer
from storage import Store, open_store
from storage.models import Document, Policy
from storage.search import SearchFilters
from tests.support.replica import crawl_env
from tests.support.web import PLAN_URL, Archive, fill_archive

SOURCE = "most_gfxwj"
TERM = "医疗装备"
PLAN_TITLE = "关于印发《高端医疗器械创新发展行动方案》的通知"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Archive, str]]:
    folder = tmp_path_factory.mktemp("search_feed")
    url = f"sqlite:///{folder / 'web.db'}"
    store = open_store(url)
    archive = fill_archive(store)
    yield Client(WebApp(store, folder / "feeds", stale_after=timedelta(days=3650))), archive, url
    store.close()


def test_a_search_is_an_atom_feed_of_its_policies_and_revisions(
    web: tuple[Client, Archive, str],
) -> None:
    client, archive, _ = web
    response = client.get("/search.atom?q=方案&source=most_tztg&sort=relevance")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0
    assert "方案 · source=most_tztg" in feed.feed.title
    revision, entry = feed.entries
    assert entry.id == f"urn:policywatch:policy:{archive.plan_key}"
    assert entry.title == PLAN_TITLE
    assert entry.link == f"http://localhost/policy/{archive.plan_key}"
    assert revision.id == f"urn:policywatch:policy:{archive.plan_key}/v2"
    assert revision.title == f"[修订 revised v2] {PLAN_TITLE}"
    assert revision.link == f"http://localhost/document/{archive.plan}/diff?from=1&to=2"
    assert "和体外诊断试剂</ins>" in revision.content[0].value
    again = client.get(
        "/search.atom?q=方案&source=most_tztg", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_feed_holds_each_policy_once_and_rss_too(web: tuple[Client, Archive, str]) -> None:
    client, archive, _ = web
    feed = feedparser.parse(client.get("/search.rss?q=器械").data)
    ids = [entry.id for entry in feed.entries]
    plan = f"urn:policywatch:policy:{archive.plan_key}"
    assert len(ids) == len(set(ids)) == 3
    assert {plan, f"{plan}/v2"} < set(ids)


def test_a_bad_filter_is_a_400(web: tuple[Client, Archive, str]) -> None:
    client, _, _ = web
    assert client.get("/search.atom?since=yesterday").status_code == 400


def test_every_search_page_links_its_feed(web: tuple[Client, Archive, str]) -> None:
    client, _, _ = web
    page = lxml.html.fromstring(client.get("/?q=体外诊断&agency=科学&page=1").data)
    wanted = f"/search.atom?q={quote('体外诊断')}&agency={quote('科学')}"
    assert page.xpath("//head/link[@type='application/atom+xml']/@href")[-1] == wanted
    assert page.xpath("//a[@class='subscribe']/@href") == [wanted]


def test_saved_queries_are_built_and_listed_in_the_opml(
    web: tuple[Client, Archive, str], tmp_path: Path
) -> None:
    _, archive, url = web
    config = tmp_path / "policywatch.toml"
    config.write_text('[queries.plans]\nq = "方案"\nsince = 2026-01-01\n', encoding="utf-8")
    out = tmp_path / "feeds"
    args = ["--db", url, "feeds", "--out", str(out), "--query", "telecom=q=5G&kind=new"]
    result = CliRunner().invoke(main, args, env={"POLICYWATCH_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
    plans = feedparser.parse((out / "queries/plans.atom").read_bytes())
    plan = f"urn:policywatch:policy:{archive.plan_key}"
    assert [entry.id for entry in plans.entries] == [f"{plan}/v2", plan]
    telecom = feedparser.parse((out / "queries/telecom.rss").read_bytes())
    assert [entry.title for entry in telecom.entries] == ["关于推进5G网络建设的通知"]
    opml = (out / "index.opml").read_text(encoding="utf-8")
    assert 'queries/plans.atom"' in opml and 'queries/telecom.atom"' in opml


@pytest.mark.parametrize(
    "option", ["no-equals-sign", "bad name=q=x", "x=colour=red", "x=until=tomorrow"]
)
def test_a_bad_saved_query_is_a_usage_error(
    web: tuple[Client, Archive, str], tmp_path: Path, option: str
) -> None:
    _, _, url = web
    args = ["--db", url, "feeds", "--out", str(tmp_path), "--query", option]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and not (tmp_path / "index.opml").exists()


def test_a_subscriber_sees_a_new_matching_policy_with_a_stable_id(
    replica: ReplicaServer, tmp_path: Path
) -> None:
    added = [c.doc_id for c in timeline.changes(1) if c.kind == ADDED and c.column == SOURCE]
    titles = [doc.title for doc_id in added if (doc := timeline.document(SOURCE, doc_id, 1))]
    [new_title] = [title for title in titles if TERM in title]
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = crawl_env(replica, db_url)
    store = open_store(db_url)
    client = Client(WebApp(store, tmp_path / "feeds", stale_after=timedelta(days=3650)))
    feed_url = f"/search.atom?q={quote(TERM)}&source={SOURCE}"
    try:
        replica.faults.clear()
        replica.set_day(0)
        crawl_in_subprocess(env, SOURCE)
        before = feedparser.parse(client.get(feed_url).data)
        replica.set_day(1)
        crawl_in_subprocess(env, SOURCE)
        after = feedparser.parse(client.get(feed_url).data)
        rebuilt = feedparser.parse(client.get(feed_url).data)
    finally:
        replica.set_day(0)
        store.close()
    assert before.entries and new_title not in [entry.title for entry in before.entries]
    [new_entry] = [entry for entry in after.entries if entry.title == new_title]
    assert new_entry.id.startswith("urn:policywatch:policy:")
    assert {entry.id for entry in before.entries} < {entry.id for entry in after.entries}
    assert [entry.id for entry in rebuilt.entries] == [entry.id for entry in after.entries]


def test_search_entries_on_each_backend(store: Store) -> None:
    archive = fill_archive(store)
    with store.session() as session:
        entries = search_entries(session, "器械", SearchFilters(source="most_gfxwj"), None)
        plan = session.get_one(Policy, session.get_one(Document, archive.plan).policy_id)
        ids = [entry.id for entry in entries]
    assert ids == [f"urn:policywatch:policy:{plan.key}/v2", f"urn:policywatch:policy:{plan.key}"]
    assert entries[0].link == PLAN_URL
