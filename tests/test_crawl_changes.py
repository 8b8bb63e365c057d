"""Every change kind end to end: MOST 规范性文件 crawled day by day, each re-check made due."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from policywatch.demo import crawl_in_subprocess
from replica import corpus
from replica.corpus import Document, timeline
from replica.reply import SiteRequest
from replica.server import ReplicaServer
from replica.sites import most
from storage import open_store
from storage.models import Change, CrawlRun
from storage.models import Document as StoredDocument
from tests.support.replica import crawl_env

SOURCE = "most_gfxwj"
FOLDER = "/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/"


@dataclass
class Crawled:
    db_url: str
    paths: dict[int, list[str]]


@pytest.fixture(scope="module")
def crawled(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """Days 0 to 3; before each later day every stored document is due a re-check."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('changes') / 'policywatch.db'}"
    env = crawl_env(replica, db_url)
    replica.faults.clear()
    paths: dict[int, list[str]] = {}
    try:
        for day in range(timeline.LAST_DAY + 1):
            if day:
                _make_everything_due(db_url)
            replica.set_day(day)
            replica.clear_requests()
            crawl_in_subprocess(env, SOURCE)
            paths[day] = [entry["path"] for entry in replica.requests]
    finally:
        replica.set_day(0)
    return Crawled(db_url, paths)


def _make_everything_due(db_url: str) -> None:
    store = open_store(db_url)
    with store.session() as session, session.begin():
        session.execute(
            update(StoredDocument).values(next_check_at=datetime.now(UTC) - timedelta(hours=1))
        )
    store.close()


def _url(doc: Document) -> str:
    return f"https://{most.HOST}{FOLDER}{doc.path}"


def _stored_changes(db_url: str) -> list[tuple[str, str, int]]:
    """(kind, document URL, timeline day) of every stored Change; one crawl run a day."""
    store = open_store(db_url)
    with store.session() as session:
        runs = list(session.scalars(select(CrawlRun.id).order_by(CrawlRun.id)))
        rows = session.execute(
            select(Change.kind, StoredDocument.url, Change.crawl_run_id)
            .join(StoredDocument, StoredDocument.id == Change.document_id)
            .order_by(Change.id)
        ).all()
    store.close()
    return [(kind, url, runs.index(run)) for kind, url, run in rows]


def _file_paths(doc: Document) -> list[str]:
    return [FOLDER + f"{doc.published:%Y%m}/{item.path}" for item in doc.attachments]


def _file_bytes(path: str, day: int) -> bytes:
    reply = most.respond(SiteRequest(path=path, day=day, host=most.HOST))
    assert reply.status == 200
    return reply.body


def _the(kind: str, day: int) -> Document:
    [change] = [c for c in timeline.changes(day) if c.kind == kind and c.column == SOURCE]
    doc = timeline.document(SOURCE, change.doc_id, day) or timeline.document(
        SOURCE, change.doc_id, day - 1
    )
    assert doc is not None
    return doc


EXPECTED = [
    ("revised", 1, corpus.REVISED),
    ("withdrawn", 2, corpus.WITHDRAWN),
    ("metadata_changed", 2, corpus.RETITLED),
    ("attachment_changed", 2, corpus.REPLACED),
    ("revised", 3, corpus.REVISED),
    ("restored", 3, corpus.RESTORED),
]


@pytest.mark.parametrize(("kind", "day", "timeline_kind"), EXPECTED)
def test_each_timeline_edit_is_stored_as_its_change_kind(
    crawled: Crawled, kind: str, day: int, timeline_kind: str
) -> None:
    assert (kind, _url(_the(timeline_kind, day)), day) in _stored_changes(crawled.db_url)


def test_nothing_else_changes_and_every_listed_page_is_new_once(crawled: Crawled) -> None:
    stored = _stored_changes(crawled.db_url)
    edits = [(kind, _url(_the(edit, day)), day) for kind, day, edit in EXPECTED]
    assert sorted(c for c in stored if c[0] != "new") == sorted(edits)
    new = [url for kind, url, _day in stored if kind == "new"]
    added = [
        _url(doc)
        for day in range(1, timeline.LAST_DAY + 1)
        for change in timeline.changes(day)
        if change.kind == corpus.ADDED
        and change.column == SOURCE
        and (doc := timeline.document(SOURCE, change.doc_id, day))
    ]
    assert sorted(new) == sorted({_url(doc) for doc in timeline.documents(SOURCE, 0)} | set(added))


def test_attachments_are_stored_with_the_sha256_and_size_of_their_bytes(
    crawled: Crawled,
) -> None:
    replaced = _the(corpus.REPLACED, 2)
    store = open_store(crawled.db_url)
    with store.session() as session:
        document = session.scalar(
            select(StoredDocument).where(StoredDocument.url == _url(replaced))
        )
        assert document is not None
        before, after = document.versions[-2:]
        old, new = before.attachments[0], after.attachments[0]
        assert old.url == new.url and old.name == new.name
        path = _file_paths(replaced)[0]
        files = [_file_bytes(path, 1), _file_bytes(path, 2)]
        assert [old.sha256, new.sha256] == [hashlib.sha256(body).hexdigest() for body in files]
        assert new.size == len(files[1])
        everything = session.scalars(select(StoredDocument)).all()
        files = [a for d in everything for a in d.current_version.attachments]
        assert files and all(a.sha256 and a.size for a in files)
    store.close()


def test_files_are_downloaded_only_with_their_page(crawled: Crawled) -> None:
    """A re-check answered 304 downloads no attachment: day 2 fetches only the files of the
    pages that answered in full (the corrected title, the replaced file)."""
    fetched = {path for path in crawled.paths[2] if "/P0" in path}
    pages = [_the(corpus.RETITLED, 2), _the(corpus.REPLACED, 2)]
    assert fetched == {path for doc in pages for path in _file_paths(doc)}


def test_the_metadata_change_keeps_the_body(crawled: Crawled) -> None:
    corrected = _the(corpus.RETITLED, 2)
    store = open_store(crawled.db_url)
    with store.session() as session:
        change = session.scalar(select(Change).where(Change.kind == "metadata_changed"))
        assert change is not None and change.from_version and change.to_version
        assert change.from_version.content_hash == change.to_version.content_hash
        assert change.to_version.title == corrected.title != change.from_version.title
    store.close()


def test_files_over_the_size_cap_are_not_digested(
    replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cap = 5000
    db_url = f"sqlite:///{tmp_path_factory.mktemp('capped') / 'policywatch.db'}"
    env = crawl_env(replica, db_url, POLICYWATCH_ATTACHMENT_MAXSIZE=str(cap))
    replica.set_day(0)
    assert crawl_in_subprocess(env, SOURCE)[SOURCE]["outcome"] == "ok"
    store = open_store(db_url)
    with store.session() as session:
        stored = session.scalars(select(StoredDocument)).all()
        digests = {a.url: a.sha256 for d in stored for a in d.current_version.attachments}
    store.close()
    sizes = {
        f"https://{most.HOST}{path}": len(_file_bytes(path, 0))
        for doc in timeline.documents(SOURCE, 0)
        for path in _file_paths(doc)
    }
    assert digests.keys() == sizes.keys()
    assert {url for url, digest in digests.items() if digest} == {
        url for url, size in sizes.items() if size <= cap
    }
    assert None in digests.values() and len(set(digests.values())) > 1
