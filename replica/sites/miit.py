"""www.miit.gov.cn (工业和信息化部): column shells, the unit and search APIs, articles, files."""

from __future__ import annotations

from datetime import datetime

from replica import waf
from replica.corpus.model import Attachment, Document
from replica.reply import Reply, SiteRequest, html_reply
from replica.sites import _miit_corpus as corpus
from replica.sites._miit_api import SEARCH_PATH, UNIT_PATH, search_answer, unit_answer
from replica.sites._miit_columns import ATTACHMENT_ROOT, COLUMNS
from replica.sites._miit_pages import article_page, not_found_page, shell_page

HOST = "www.miit.gov.cn"
HOSTS = (HOST,)
BROWSER_MARK = "Mozilla"
SHELL_MODIFIED = datetime(2024, 11, 18, 9, 30)


def respond(request: SiteRequest) -> Reply:
    if BROWSER_MARK not in request.headers.get("user-agent", ""):
        return waf.forbidden()
    if request.path == UNIT_PATH:
        return unit_answer(request)
    if request.path == SEARCH_PATH:
        return search_answer(request)
    for column in COLUMNS.values():
        if column.source and request.path in (column.folder, f"{column.folder}index.html"):
            return html_reply(shell_page(column), last_modified=SHELL_MODIFIED)
    if request.path.startswith(ATTACHMENT_ROOT):
        if found := corpus.timeline().attachment(request.path, request.day):
            return _attachment(*found)
    elif doc := corpus.timeline().at_path(request.path, request.day):
        return html_reply(article_page(doc), last_modified=doc.modified)
    return html_reply(not_found_page(), status=404)


def _attachment(doc: Document, attachment: Attachment) -> Reply:
    filename = attachment.path.rsplit("/", 1)[-1]
    if attachment.extension == "pdf":
        body = (
            f"%PDF-1.6\n% {filename} of {doc.id}\n"
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            "trailer << /Root 1 0 R >>\n%%EOF\n"
        ).encode("ascii")
    else:
        body = b"PK\x03\x04\x14\x00\x06\x00" + f"{filename} {doc.id}".encode()
    return Reply(
        status=200, body=body, content_type=attachment.media_type, last_modified=doc.published
    )
