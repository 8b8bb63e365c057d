"""Search reads attachment text on both backends, also text recorded after the version was."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storage import ensure_source, ingest
from storage.search import search
from tests.test_search import document

PDF = {"url": "https://www.nmpa.gov.cn/list.pdf", "name": "附件：产品名单.pdf", "type": "pdf"}
PHRASE = "全自动化学发光免疫分析仪"
NOTICE = document(
    "notice",
    "nmpa_ylqxggtg",
    "2026-03-02",
    "关于发布第一批创新产品名单的公告",
    "现将第一批名单予以公布。附件：产品名单",
)


def _source(session: Session) -> None:
    site = "www.nmpa.gov.cn"
    ensure_source(session, "nmpa_ylqxggtg", site=site, name="公告通告", list_url=f"https://{site}/")


def test_a_phrase_only_the_attachment_has_finds_the_notice(session: Session) -> None:
    _source(session)
    read = PDF | {"sha256": "a" * 64, "size": 9, "text": f"1 {PHRASE} 第三类", "text_status": "ok"}
    ingest(session, NOTICE | {"attachments": [read]})
    session.commit()
    assert [hit.title for hit in search(session, PHRASE)] == [NOTICE["title"]]
    assert [hit.title for hit in search(session, "仪")] == [NOTICE["title"]]


def test_text_recorded_later_for_the_same_file_is_found(session: Session) -> None:
    _source(session)
    assert ingest(session, NOTICE | {"attachments": [PDF]}).kind == "new"
    session.commit()
    assert search(session, PHRASE) == []
    read = PDF | {"sha256": "b" * 64, "size": 9, "text": PHRASE, "text_status": "ok"}
    assert ingest(session, NOTICE | {"attachments": [read]}).kind == "unchanged"
    session.commit()
    assert [hit.title for hit in search(session, PHRASE)] == [NOTICE["title"]]
