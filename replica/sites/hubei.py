"""www.hubei.gov.cn (湖北省人民政府): the 政府文件 lists 鄂政发 and 鄂政办发, their pages, files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

from replica.corpus.model import Attachment, Document
from replica.markup import render
from replica.reply import CHANGED, Reply, SiteRequest, html_reply
from replica.sites._hubei_corpus import FOLDERS, HUBEI_EZBF, HUBEI_EZF, timeline
from replica.sites._pages import list_page, meta_tags, related
from replica.words import words

WORDS = words("hubei")

HOST = "www.hubei.gov.cn"
HOSTS = (HOST,)
# Chosen where SITES.md is silent (unconfirmed): page 2 is index_1.shtml, the page count in
# hubei_list.html's createPageHTML(total, current, "index", "shtml"), 20 rows a page, a 404
# past the last page, the class names of the disclosure items other than -wj, and pages
# before 2022 without the .hbgov-article-content wrapper.
PAGE_SIZE = 20
LINK_TITLE_CHARS = 30
RELATED_LINKS = 4
UEDITOR_CLASSES = "TRS_UEDITOR trs_paper_default trs_web"
CURRENT_TEMPLATE_FROM = date(2022, 1, 1)
HOME_LINK = '<a href="/" target="_self">首页</a>'
FILES_LINK = '<a href="/zfwj/" target="_self">政府文件</a>'

_LIST_PAGE = re.compile(r"index_([1-9]\d*)\.shtml")
_DETAIL = re.compile(r"\d{6}/t\d{8}_\d+\.shtml")
_ATTACHMENT = re.compile(r"\d{6}/P0\d+\.\w+")


@dataclass(frozen=True)
class _Column:
    key: str
    name: str


COLUMNS = {
    FOLDERS[HUBEI_EZF]: _Column(HUBEI_EZF, "鄂政发"),
    FOLDERS[HUBEI_EZBF]: _Column(HUBEI_EZBF, "鄂政办发"),
}


def respond(request: SiteRequest) -> Reply:
    for folder, column in COLUMNS.items():
        if request.path.startswith(folder):
            return _column_page(column, request.path.removeprefix(folder), request)
    return _not_found()


def _column_page(column: _Column, rest: str, request: SiteRequest) -> Reply:
    if rest in ("", "index.shtml"):
        return _list_page(column, 0, request)
    if match := _LIST_PAGE.fullmatch(rest):
        return _list_page(column, int(match[1]), request)
    if _DETAIL.fullmatch(rest):
        doc = timeline().at_path(request.path, request.day)
        if doc is not None and doc.column == column.key:
            return _detail_page(column, doc, request.day)
    if _ATTACHMENT.fullmatch(rest) and (found := timeline().attachment(request.path, request.day)):
        return _attachment(*found)
    return _not_found()


def _list_page(column: _Column, page: int, request: SiteRequest) -> Reply:
    listed = timeline().documents(column.key, request.day)
    found = list_page(listed, page, PAGE_SIZE, request.list_layout)
    if found is None:
        return _not_found()
    shown, pages = found
    main = render(
        "hubei_list.html",
        column_name=column.name,
        ezf_on=' class="active"' if column.key == HUBEI_EZF else "",
        ezbf_on=' class="active"' if column.key == HUBEI_EZBF else "",
        changed=request.list_layout == CHANGED,
        rows=_rows(shown),
        page=str(page),
        pages=str(pages),
    )
    html = render(
        "hubei_frame.html",
        column_name=column.name,
        meta="",
        title=f"{column.name}_湖北省人民政府门户网站",
        stylesheet="hbgov-list.css",
        breadcrumb=f"{HOME_LINK} &gt; {FILES_LINK} &gt; "
        f'<a href="./index.shtml" target="_self">{column.name}</a>',
        main=main,
    )
    return html_reply(html, last_modified=timeline().column_modified(column.key, request.day))


def _rows(shown: list[Document]) -> list[dict[str, str]]:
    return [
        {
            "href": "./" + doc.path.split("/", 3)[3],
            "title": escape(doc.title),
            "short": _shortened(doc.title),
            "date": f"{doc.published:%Y-%m-%d}",
        }
        for doc in shown
    ]


def _shortened(title: str) -> str:
    if len(title) <= LINK_TITLE_CHARS:
        return escape(title)
    return escape(title[:LINK_TITLE_CHARS]) + "…"


def _detail_page(column: _Column, doc: Document, day: int) -> Reply:
    meta = meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.agency),
            ("Keywords", column.name),
            ("Url", f"https://{HOST}{doc.path}"),
        )
    )
    main = render(
        "hubei_detail.html",
        index_no=escape(doc.index_no or ""),
        category=escape(WORDS.categories[doc.topic]),
        agency=escape(doc.agency),
        written=f"{doc.written:%Y年%m月%d日}",
        title=escape(doc.title),
        wenhao=escape(doc.listed_wenhao or ""),
        published=f"{doc.published:%Y-%m-%d}",
        source=escape(doc.agency),
        moment=f"{doc.published:%Y-%m-%d %H:%M}",
        related=_related(doc, day),
        **_content(doc),
    )
    html = render(
        "hubei_frame.html",
        column_name=column.name,
        meta=meta,
        title=f"{escape(doc.title)}_湖北省人民政府门户网站",
        stylesheet="hbgov-article.css",
        breadcrumb=f"{HOME_LINK} &gt; {FILES_LINK} &gt; "
        f'<a href="../index.shtml" target="_self">{column.name}</a>',
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def _content(doc: Document) -> dict[str, object]:
    """Pages since 2022 wrap the editor in `.hbgov-article-content`; older ones do not."""
    return {
        "legacy": doc.published.date() < CURRENT_TEMPLATE_FROM,
        "editor": UEDITOR_CLASSES,
        "paragraphs": "\n".join(_paragraph(doc, text) for text in doc.paragraphs),
        "links": [
            f'<a href="./{item.path.rsplit("/", 1)[1]}" target="_blank">{escape(item.name)}</a>'
            for item in doc.attachments
        ],
    }


def _paragraph(doc: Document, text: str) -> str:
    if text == doc.title or (len(text) <= 16 and not text.endswith(("。", "："))):
        return f'<p style="text-align: center;">{escape(text)}</p>'
    return f'<p style="text-indent: 2em;">{escape(text)}</p>'


def _related(doc: Document, day: int) -> list[Document]:
    return related(timeline().documents(doc.column, day), doc, RELATED_LINKS)


def _attachment(doc: Document, attachment: Attachment) -> Reply:
    if attachment.media_type == "application/pdf":
        body = f"%PDF-1.5\n% {attachment.path} of page {doc.id}\n%%EOF\n".encode("ascii")
    else:
        body = b"PK\x03\x04" + f"{attachment.path} {doc.id}".encode()
    return Reply(
        status=200, body=body, content_type=attachment.media_type, last_modified=doc.published
    )


def _not_found() -> Reply:
    return html_reply(render("hubei_404.html"), status=404)
