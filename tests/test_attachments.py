"""Attachment text from every kind of file the replica serves, and what it is used for: a
replaced file's revision and diff, search, and the links of a policy's life, end to end."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from dataclasses import dataclass

import feedparser
import pytest
from sqlalchemy import select

from crawler.attachment_text import NO_TEXT_LAYER, OK, REFUSED, extract_text
from feeds import build_feeds
from feeds.diff.page import version_diff
from policywatch.demo import crawl_in_subprocess
from policywatch.web.views import document_page
from replica import corpus
from replica.attachments import attachment_lines, pdf, zip_of
from replica.corpus.model import REPLACED
from replica.lifecycle import DRAFT_NAME
from replica.server import ReplicaServer
from replica.sites.most import prepare_attachment_files
from storage import open_store
from storage.models import Change, Document, PolicyLink
from storage.search import search
from tests.support.replica import crawl_env
from tests.test_crawl_changes import _make_everything_due
from tests.test_replica import fetch

FOLDERS = {"most_gfxwj": "/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/", "most_tztg": "/tztg/"}
MOST = "https://www.most.gov.cn"
LEGACY_FORMATS = ("doc", "wps")


def _served() -> dict[tuple[str, bool], tuple[corpus.Document, corpus.Attachment]]:
    """One attachment of each format (and the scan) of the replica's last day."""
    found = {}
    for column in corpus.COLUMNS:
        for doc in corpus.documents(column, corpus.LAST_DAY):
            for item in doc.attachments:
                found.setdefault((item.path.rsplit(".", 1)[1], item.scanned), (doc, item))
    return found


def _path(doc: corpus.Document, item: corpus.Attachment) -> str:
    return f"{FOLDERS[doc.column]}{doc.published:%Y%m}/{item.path}"


def _url(doc: corpus.Document) -> str:
    return f"{MOST}{FOLDERS[doc.column]}{doc.path}"


def test_the_replica_serves_every_kind_of_attachment() -> None:
    kinds = {kind for kind, _scanned in _served()}
    assert kinds == {"pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd", "zip"}
    assert ("pdf", True) in _served()


@pytest.mark.parametrize("served", sorted(_served()), ids=lambda k: f"{k[0]}{'-scan' * k[1]}")
def test_text_is_read_from_each_kind_the_replica_serves(
    replica: ReplicaServer, served: tuple[str, bool]
) -> None:
    kind, scanned = served
    if kind in LEGACY_FORMATS and not shutil.which("antiword"):
        if os.environ.get("CI") == "true":
            pytest.fail("antiword is missing: make attachments")
        pytest.skip("antiword is not installed (make attachments)")
    prepare_attachment_files()
    replica.set_day(corpus.LAST_DAY)
    try:
        doc, item = _served()[served]
        answer = fetch(replica, _path(doc, item))
    finally:
        replica.set_day(0)
    assert answer.status == 200
    found = extract_text(answer.body, kind)
    if scanned:
        assert (found.status, found.text) == (NO_TEXT_LAYER, "")
        return
    assert found.status == OK, found.error
    stem = item.path.rsplit(".", 1)[0]
    assert f"附件编号{stem}" in found.text
    assert "医用磁共振成像设备" in found.text


def test_a_zip_is_read_member_by_member_and_its_traps_refused() -> None:
    lines = attachment_lines("关于印发《测试办法》的通知", "附件1：测试.pdf", "P01.pdf", 1)
    nested = zip_of({"inner.zip": zip_of({"正文.pdf": pdf(lines)})})
    found = extract_text(nested, "zip")
    assert found.status == OK and "【正文.pdf】" in found.text and "附件编号P01" in found.text
    assert extract_text(zip_of({"a.zip": nested}), "zip").status == REFUSED
    assert extract_text(zip_of({"../../etc/passwd.pdf": pdf(lines)}), "zip").status == REFUSED
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.xlsx", bytes(10_000_000))
    refused = extract_text(bomb.getvalue(), "zip")
    assert refused.status == REFUSED and "compressed over" in (refused.error or "")
    many = zip_of({f"{n}.pdf": b"%PDF" for n in range(60)})
    assert extract_text(many, "zip").status == REFUSED


def test_a_broken_file_is_flagged_not_raised() -> None:
    found = extract_text(b"%PDF-1.4 not really", "pdf")
    assert found.status == "failed" and found.error


@dataclass
class Crawled:
    db_url: str


@pytest.fixture(scope="module")
def crawled(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('attachments') / 'policywatch.db'}"
    env = crawl_env(replica, db_url)
    replica.faults.clear()
    try:
        for day in range(corpus.LAST_DAY + 1):
            if day:
                _make_everything_due(db_url)
            replica.set_day(day)
            crawl_in_subprocess(env, *FOLDERS)
    finally:
        replica.set_day(0)
    return Crawled(db_url)


def _document(session, doc: corpus.Document) -> Document:
    return session.scalar(select(Document).where(Document.url == _url(doc)))


def _doc(day: int, title_has: str) -> corpus.Document:
    return next(
        doc
        for column in corpus.COLUMNS
        for doc in corpus.documents(column, day)
        if title_has in doc.title
    )


def test_a_file_replaced_at_its_url_is_a_revision_whose_diff_shows_the_new_text(
    crawled: Crawled,
) -> None:
    [change] = [c for c in corpus.changes(2) if c.kind == REPLACED]
    doc = corpus.document(change.column, change.doc_id, 2)
    store = open_store(crawled.db_url)
    with store.session() as session:
        document = _document(session, doc)
        kinds = [c.kind for c in session.scalars(select(Change).where(Change.document == document))]
        assert kinds == ["new", "attachment_changed"]
        old, new = document.versions
        assert old.text == new.text
        diff = version_diff(old, new)
        assert "+更正说明：第2版删去原第3项" in diff
        page = document_page(session, document.id, "/")
        assert "文字已变更 text changed" in page
    store.close()


def test_search_finds_a_policy_by_words_only_its_pdf_contains(crawled: Crawled) -> None:
    doc, item = next(
        (doc, item)
        for column in corpus.COLUMNS
        for doc in corpus.documents(column, corpus.LAST_DAY)
        for item in doc.attachments[:1]
        if item.path.endswith(".pdf") and not item.scanned
    )
    phrase = f"附件编号{item.path.rsplit('.', 1)[0]}"
    store = open_store(crawled.db_url)
    with store.session() as session:
        document = _document(session, doc)
        assert phrase not in document.current_version.text
        assert [hit.document_id for hit in search(session, phrase)] == [document.id]
        [attachment] = document.current_version.attachments[:1]
        assert attachment.text_status == OK and attachment.sha256 and attachment.size
    store.close()


def test_a_draft_its_final_version_and_a_reading_are_linked(crawled: Crawled) -> None:
    draft, final = _doc(1, "征求意见稿"), _doc(3, f"印发《{DRAFT_NAME}》")
    reading = _doc(1, "政策解读")
    explained = _doc(0, reading.title.partition("》")[0].lstrip("《"))
    store = open_store(crawled.db_url)
    with store.session() as session:
        draft_policy = _document(session, draft).policy_id
        final_policy = _document(session, final).policy_id
        links = {
            (link.from_policy_id, link.kind, link.to_policy_id)
            for link in session.scalars(select(PolicyLink))
        }
        assert (draft_policy, "draft_of", final_policy) in links
        reading_policy = _document(session, reading).policy_id
        explained_policy = _document(session, explained).policy_id
        assert (reading_policy, "interprets", explained_policy) in links
    store.close()


def test_a_repeal_shows_on_the_repealed_policys_page_and_in_the_feed(
    crawled: Crawled, tmp_path
) -> None:
    final = _doc(3, f"印发《{DRAFT_NAME}》")
    repealed_name = final.paragraphs[2].partition("《")[2].partition("》")[0]
    repealed = _doc(0, f"《{repealed_name}》")
    store = open_store(crawled.db_url)
    with store.session() as session:
        page = document_page(session, _document(session, repealed).id, "/")
        assert page.index("已废止 repealed") < page.index("<h2>")
        assert final.title in page[: page.index("<h2>")]
        build_feeds(session, tmp_path)
    store.close()
    entries = feedparser.parse(str(tmp_path / "all.atom")).entries
    [entry] = [entry for entry in entries if entry.title == final.title]
    assert f"废止 repeals {repealed.wenhao}" in entry.content[0].value
