"""`policywatch serve` on a real server on loopback: conditional GET, gzip, the OPML index,
feed entries linking to policy pages, and the command itself."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

import feedparser
import pytest
from click.testing import CliRunner

from feeds.identity import policy_entry_id
from policywatch.cli import main
from storage import Store, open_store
from storage.models import Policy
from tests.support.web import PLAN_URL, PWNED, Archive, fill_archive, serving, write_feeds

SEARCH = "?" + urlencode({"q": "器械"})


@dataclass(frozen=True)
class Served:
    url: str
    feeds: Path
    store: Store
    archive: Archive


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve")
    store = open_store(f"sqlite:///{folder / 'serve.db'}")
    archive = fill_archive(store)
    feeds = folder / "feeds"
    with serving(store, feeds) as url:
        write_feeds(store, feeds, base_url=url)
        yield Served(url, feeds, store, archive)
    store.close()


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


def get(url: str, **headers: str) -> Answer:
    """The raw answer, not decompressed nor redirected."""
    request = Request(url, headers={"Accept-Encoding": "identity", **headers})
    try:
        with build_opener(_NoRedirect).open(request, timeout=10) as response:
            return Answer(response.status, response.headers, response.read())
    except HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def test_feed_files_have_validators_and_their_media_type(served: Served) -> None:
    answer = get(served.url + "policies.atom")
    assert answer.status == 200
    assert answer.body == (served.feeds / "policies.atom").read_bytes()
    assert answer.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert answer.headers["ETag"].startswith('"')
    modified = parsedate_to_datetime(answer.headers["Last-Modified"])
    assert abs(modified.timestamp() - (served.feeds / "policies.atom").stat().st_mtime) < 1


def test_if_none_match_answers_304_until_the_file_changes(served: Served) -> None:
    path = served.feeds / "revisions.rss"
    etag = get(served.url + "revisions.rss").headers["ETag"]
    again = get(served.url + "revisions.rss", **{"If-None-Match": etag})
    assert (again.status, again.body, again.headers["ETag"]) == (304, b"", etag)
    original = path.read_bytes()
    try:
        path.write_bytes(original.replace(b"</channel>", b"<!-- x --></channel>"))
        changed = get(served.url + "revisions.rss", **{"If-None-Match": etag})
        assert changed.status == 200 and changed.headers["ETag"] != etag
    finally:
        path.write_bytes(original)


def test_if_modified_since_answers_304(served: Served) -> None:
    path = served.feeds / "all.atom"
    os.utime(path, (1_700_000_000, 1_700_000_000))
    last_modified = get(served.url + "all.atom").headers["Last-Modified"]
    assert parsedate_to_datetime(last_modified).timestamp() == 1_700_000_000
    same = get(served.url + "all.atom", **{"If-Modified-Since": last_modified})
    assert (same.status, same.body) == (304, b"")
    older = format_datetime(parsedate_to_datetime(last_modified).replace(year=2020), usegmt=True)
    assert get(served.url + "all.atom", **{"If-Modified-Since": older}).status == 200


def test_gzip_when_the_client_accepts_it(served: Served) -> None:
    plain = get(served.url + "all.rss")
    zipped = get(served.url + "all.rss", **{"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body) / 2
    assert zipped.headers["Vary"] == plain.headers["Vary"] == "Accept-Encoding"
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    revalidated = get(
        served.url + "all.rss",
        **{"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]},
    )
    assert revalidated.status == 304


def test_web_pages_are_compressed_and_conditional_too(served: Served) -> None:
    first = get(served.url + SEARCH, **{"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    assert "医疗器械" in gzip.decompress(first.body).decode()
    second = get(
        served.url + SEARCH,
        **{"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]},
    )
    assert second.status == 304


def test_opml_lists_every_feed_once_and_each_is_served(served: Served) -> None:
    root = ET.fromstring(get(served.url + "index.opml").body)
    listed = {o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")}
    on_disk = {
        urljoin(served.url, path.relative_to(served.feeds).as_posix())
        for path in served.feeds.glob("**/*.atom")
        if not path.relative_to(served.feeds).as_posix().startswith("archive/")
    }
    assert listed == on_disk
    assert {served.url + "policies.atom", served.url + "sources/miit_tz.revisions.atom"} < listed
    for url in sorted(listed | {url.removesuffix(".atom") + ".rss" for url in listed}):
        assert feedparser.parse(get(url).body).bozo == 0, url


def test_diff_pages_are_served(served: Served) -> None:
    [diff] = (served.feeds / "diffs").rglob("v2.html")
    answer = get(urljoin(served.url, diff.relative_to(served.feeds).as_posix()))
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "和体外诊断试剂" in answer.body.decode()


def test_policy_entries_link_to_their_policy_page(served: Served) -> None:
    feed = feedparser.parse(get(served.url + "policies.atom").body)
    entry = next(e for e in feed.entries if e.id == policy_entry_id_of(served))
    assert entry.link == f"{served.url}policy/{served.archive.plan_key}"
    content = entry.content[0].value
    assert f'href="{PLAN_URL}"' in content and f'href="{entry.link}"' in content
    page = get(entry.link)
    assert (page.status, page.headers["Location"]) == (302, f"/document/{served.archive.plan}")
    with urlopen(entry.link, timeout=10) as response:
        assert "国科发资〔2026〕12号" in response.read().decode()


def test_revision_entries_link_to_the_policy_page_too(served: Served) -> None:
    feed = feedparser.parse(get(served.url + "revisions.atom").body)
    [entry] = feed.entries
    assert f'href="{served.url}policy/{served.archive.plan_key}"' in entry.content[0].value
    assert get(entry.link).status == 200


def test_without_a_base_url_entries_link_to_the_default_serve_address(
    served: Served, tmp_path: Path
) -> None:
    write_feeds(served.store, tmp_path)
    feed = feedparser.parse((tmp_path / "policies.atom").read_bytes())
    entry = next(e for e in feed.entries if e.id == policy_entry_id_of(served))
    assert entry.link == f"http://127.0.0.1:8000/policy/{served.archive.plan_key}"
    assert f'href="{PLAN_URL}"' in entry.content[0].value


def test_hostile_rows_cannot_run_in_a_feed_reader(served: Served) -> None:
    for name in ["policies.atom", "all.rss", "sources/nmpa_ylqxggtg.atom"]:
        for entry in feedparser.parse(get(served.url + name).body).entries:
            for value in [entry.title, entry.summary, entry.content[0].value]:
                lowered = value.lower()
                assert "<script" not in lowered and "<img" not in lowered, (name, value)
                assert "onerror=" not in lowered or "&lt;img" in lowered or "＜img" in value
    raw = get(served.url + "policies.atom").body.decode()
    assert f"<script>{PWNED}" not in raw


def policy_entry_id_of(served: Served) -> str:
    return policy_entry_id(Policy(key=served.archive.plan_key))


def test_serve_command_rebuilds_the_feeds_and_serves(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_store(db_url)
    archive = fill_archive(store)
    store.close()
    feeds = tmp_path / "feeds"
    command = [sys.executable, "-m", "policywatch.cli", "--db", db_url, "serve", "--port", "0"]
    command += ["--feeds-dir", str(feeds)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            line = server.stdout.readline()
            assert line.startswith("web view: http://127.0.0.1:") and "Ctrl-C" in line
            url = line.split()[2]
            with urlopen(url + SEARCH, timeout=10) as response:
                assert "高端医疗器械创新发展行动方案" in response.read().decode()
            atom = feedparser.parse((feeds / "policies.atom").read_bytes())
            assert f"{url}policy/{archive.plan_key}" in {e.link for e in atom.entries}
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_feeds_command_links_entries_under_the_configured_base_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_store(db_url)
    archive = fill_archive(store)
    store.close()
    config = tmp_path / "policywatch.toml"
    config.write_text('[feeds]\nbase_url = "https://watch.example.org/pw/"\n')
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(config))
    feeds = tmp_path / "feeds"
    result = CliRunner().invoke(main, ["--db", db_url, "feeds", "--out", str(feeds)])
    assert result.exit_code == 0, result.output
    atom = feedparser.parse((feeds / "policies.atom").read_bytes())
    expected = f"https://watch.example.org/pw/policy/{archive.plan_key}"
    assert expected in {entry.link for entry in atom.entries}
