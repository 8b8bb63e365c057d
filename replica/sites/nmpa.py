"""www.nmpa.gov.cn (国家药品监督管理局): the device columns 公告通告 and 法规文件, pages, files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from replica.corpus.model import Attachment, Document
from replica.markup import render
from replica.reply import CHANGED, Reply, SiteRequest, html_reply
from replica.sites._nmpa_corpus import (
    ATTACHMENT_FOLDER,
    FOLDERS,
    NMPA_YLQXFGWJ,
    NMPA_YLQXGGTG,
    timeline,
)
from replica.sites._pages import list_page, meta_tags, related

HOST = "www.nmpa.gov.cn"
HOSTS = (HOST,)
# As the real pages show (tests/files/real/nmpa_*.html): rows `div.list ul li` with
# `a[title]` and a date span (no aria attributes on the wire: a browser script adds them);
# pages `div.wenzhang` with `h2.title`, `div.date`, `div.text` between the ContentStart and
# ContentEnd metas, then the 「相关链接」 `div.about`. Unconfirmed: the list's
# createPageHTML(total, current, "index", "html"), a 404 past the last page, and
# attachments under /directory/web/nmpa/images/.
PAGE_SIZE = 20
RELATED_LINKS = 3
HOME_LINK = '<a href="/" target="_self">首页</a>'
DEVICE_LINK = '<a href="/ylqx/index.html" target="_self">医疗器械</a>'

_LIST_PAGE = re.compile(r"index_([1-9]\d*)\.html")
_DETAIL = re.compile(r"\d{17}\.html")


@dataclass(frozen=True)
class _Column:
    key: str
    name: str


COLUMNS = {
    FOLDERS[NMPA_YLQXGGTG]: _Column(NMPA_YLQXGGTG, "医疗器械公告通告"),
    FOLDERS[NMPA_YLQXFGWJ]: _Column(NMPA_YLQXFGWJ, "医疗器械法规文件"),
}


def respond(request: SiteRequest) -> Reply:
    if request.path.startswith(ATTACHMENT_FOLDER):
        found = timeline().attachment(request.path, request.day)
        return _attachment(*found) if found else _not_found()
    for folder, column in COLUMNS.items():
        if request.path.startswith(folder):
            return _column_page(column, folder, request)
    return _not_found()


def _column_page(column: _Column, folder: str, request: SiteRequest) -> Reply:
    rest = request.path.removeprefix(folder)
    if rest in ("", "index.html"):
        return _list_page(column, 0, request)
    if match := _LIST_PAGE.fullmatch(rest):
        return _list_page(column, int(match[1]), request)
    if _DETAIL.fullmatch(rest):
        doc = timeline().at_path(request.path, request.day)
        if doc is not None and doc.column == column.key:
            return _detail_page(column, doc, request.day)
    return _not_found()


def _list_page(column: _Column, page: int, request: SiteRequest) -> Reply:
    listed = timeline().documents(column.key, request.day)
    found = list_page(listed, page, PAGE_SIZE, request.list_layout)
    if found is None:
        return _not_found()
    shown, pages = found
    main = render(
        "nmpa_list.html",
        column_name=column.name,
        ggtg_on=' class="active"' if column.key == NMPA_YLQXGGTG else "",
        fgwj_on=' class="active"' if column.key == NMPA_YLQXFGWJ else "",
        changed=request.list_layout == CHANGED,
        rows=_rows(shown),
        page=str(page),
        pages=str(pages),
    )
    html = render(
        "nmpa_frame.html",
        column_name=column.name,
        meta="",
        title=f"{column.name} - 国家药品监督管理局",
        stylesheet="list.css",
        breadcrumb=f"{HOME_LINK} &gt; {DEVICE_LINK} &gt; "
        f'<a href="./index.html" target="_self">{column.name}</a>',
        main=main,
    )
    modified = timeline().column_modified(column.key, request.day)
    return html_reply(html, last_modified=modified)


def _rows(shown: list[Document]) -> list[dict[str, str]]:
    return [
        {"href": _href(doc), "title": escape(doc.title), "date": f"{doc.published:%Y-%m-%d}"}
        for doc in shown
    ]


def _href(doc: Document) -> str:
    """Row links are relative, some of them climbing to the site root and down again."""
    name = doc.path.rsplit("/", 1)[1]
    return f"../..{doc.path}" if doc.id % 3 == 0 else f"./{name}"


def _detail_page(column: _Column, doc: Document, day: int) -> Reply:
    meta = meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.agency),
            ("Keywords", column.name),
            ("Description", doc.title),
            ("Url", f"https://{HOST}{doc.path}"),
        )
    )
    main = render(
        "nmpa_detail.html",
        title=escape(doc.title),
        url=quote(f"https://{HOST}{doc.path}", safe=""),
        published=f"{doc.published:%Y-%m-%d}",
        body=_body(doc),
        related=_related(doc, day),
    )
    html = render(
        "nmpa_frame.html",
        column_name=column.name,
        meta=meta,
        title=escape(doc.title),
        stylesheet="detail.css",
        breadcrumb=f"{HOME_LINK} &gt; {DEVICE_LINK} &gt; "
        f'<a href="./index.html" target="_self">{column.name}</a>',
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def _body(doc: Document) -> str:
    lines = []
    for text in doc.paragraphs:
        if text == doc.listed_wenhao:
            lines.append(f'<p style="text-align: center;">{escape(text)}</p>')
        elif len(text) <= 16 and not text.endswith(("。", "：")):
            lines.append(f'<p style="text-align: right;">{escape(text)}</p>')
        else:
            lines.append(f'<p style="text-indent: 2em;">{escape(text)}</p>')
    for n, item in enumerate(doc.attachments):
        lead = "附件：" if n == 0 else "\u3000\u3000\u3000"
        lines.append(
            f'<p style="text-indent: 2em;">{lead}<a href="../..{item.path}" target="_blank">'
            f"{escape(item.name)}</a></p>"
        )
    return "\n".join(lines)


def _related(doc: Document, day: int) -> list[Document]:
    return related(timeline().documents(doc.column, day), doc, RELATED_LINKS)


def _attachment(doc: Document, attachment: Attachment) -> Reply:
    if attachment.media_type == "application/pdf":
        body = (
            f"%PDF-1.4\n% {attachment.path} of document {doc.id}\n"
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "trailer << /Root 1 0 R >>\n%%EOF\n"
        ).encode("ascii")
    elif attachment.path.endswith(".docx"):
        body = b"PK\x03\x04" + f"{attachment.path} {doc.id}".encode()
    else:
        body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + f"{attachment.path} {doc.id}".encode()
    return Reply(
        status=200, body=body, content_type=attachment.media_type, last_modified=doc.published
    )


def _not_found() -> Reply:
    return html_reply(render("nmpa_404.html"), status=404)
