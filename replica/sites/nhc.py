"""www.nhc.gov.cn (国家卫生健康委员会): 规范性文件 and 政策解读 lists, their pages and files."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

from replica.markup import render
from replica.reply import CHANGED, EMPTY, Reply, SiteRequest, html_reply
from replica.sites import _nhc_corpus as corpus
from replica.sites._nhc_model import Document, file_bytes

HOST = "www.nhc.gov.cn"
HOSTS = (HOST,)
PAGE_SIZE = 24
LINK_TEXT_CHARS = 36
SITE_TITLE = "中华人民共和国国家卫生健康委员会"

_LIST_PAGE = re.compile(r"list(?:_([2-9]|[1-9]\d+))?\.shtml")
_DETAIL = re.compile(r"/[a-z]+/c\d+/\d{6}/[0-9a-f]{32}\.shtml")
_FILE = re.compile(r"/[a-z]+/c\d+/\d{6}/[0-9a-f]{32}/files/[0-9a-f]{32}\.\w+")


@dataclass(frozen=True)
class _Column:
    key: str
    folder: str
    name: str


COLUMNS = (
    _Column(corpus.NHC_GFXWJ, "/wjw/gfxwjj/", "规范性文件"),
    _Column(corpus.NHC_ZCJD, "/wjw/zcjd/", "政策解读"),
)


def respond(request: SiteRequest) -> Reply:
    for column in COLUMNS:
        if request.path.startswith(column.folder):
            rest = request.path.removeprefix(column.folder)
            if match := _LIST_PAGE.fullmatch(rest):
                return _list_page(column, int(match[1] or 1), request)
            return _not_found()
    if _DETAIL.fullmatch(request.path) and (doc := corpus.at_path(request.path, request.day)):
        return _detail_page(doc)
    if _FILE.fullmatch(request.path) and (found := corpus.attachment(request.path, request.day)):
        doc, attachment = found
        return Reply(
            status=200,
            body=file_bytes(doc, attachment),
            content_type=attachment.media_type,
            last_modified=doc.published,
        )
    return _not_found()


def _list_page(column: _Column, page: int, request: SiteRequest) -> Reply:
    listed = corpus.documents(column.key, request.day)
    pages = math.ceil(len(listed) / PAGE_SIZE)
    if page > pages:
        return _not_found()
    shown = (
        [] if request.list_layout == EMPTY else listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    main = render(
        "nhc_list.html",
        column_name=column.name,
        rows=_rows(shown, request.list_layout),
        pages=str(pages),
        page=str(page),
        records=str(len(listed)),
    )
    html = render(
        "nhc_frame.html",
        column_name=column.name,
        meta="",
        title=f"{column.name}_{SITE_TITLE}",
        breadcrumb=f'<a href="{column.folder}list.shtml">{column.name}</a>',
        main=main,
    )
    return html_reply(html, last_modified=corpus.column_modified(column.key, request.day))


def _rows(shown: list[Document], layout: str) -> str:
    if layout == CHANGED:
        rows = "".join(
            f'\n      <dd><a href="{doc.path}" target="_blank">{escape(doc.title)}</a>'
            f"<i>{doc.published:%Y-%m-%d}</i></dd>"
            for doc in shown
        )
        return f'    <dl class="zxxx_dl">{rows}\n    </dl>'
    rows = "".join(
        f'\n      <li><a href="{doc.path}" target="_blank" title="{escape(doc.title)}">'
        f'{_link_text(doc.title)}</a><span class="ml">{doc.published:%Y-%m-%d}</span></li>'
        for doc in shown
    )
    return f'    <ul class="zxxx_list">{rows}\n    </ul>'


def _link_text(title: str) -> str:
    if len(title) <= LINK_TEXT_CHARS:
        return escape(title)
    return escape(title[:LINK_TEXT_CHARS]) + "..."


def _detail_page(doc: Document) -> Reply:
    column = next(column for column in COLUMNS if column.key == doc.column)
    meta = "\n".join(
        f'<meta name="{name}" content="{escape(value)}" />'
        for name, value in (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.source),
            ("Keywords", f"{column.name},{doc.source}"),
            ("Description", doc.paragraphs[1 if doc.wenhao else 0][:80]),
            ("Url", f"https://{HOST}{doc.path}"),
        )
    )
    main = render(
        "nhc_detail.html",
        title=escape(doc.title),
        published=f"{doc.published:%Y-%m-%d}",
        source=escape(doc.source),
        body=_body(doc),
    )
    html = render(
        "nhc_frame.html",
        column_name=column.name,
        meta=meta,
        title=f"{escape(doc.title)}_{SITE_TITLE}",
        breadcrumb=f'<a href="{column.folder}list.shtml">{column.name}</a> &gt; 正文',
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def _body(doc: Document) -> str:
    lines = []
    for n, text in enumerate(doc.paragraphs):
        if n == 0 and doc.wenhao:
            lines.append(f'<p style="text-align: center;">{escape(text)}</p>')
        else:
            lines.append(f'<p style="text-indent: 2em;">{escape(text)}</p>')
    if doc.attachments:
        stem = doc.path.rsplit("/", 1)[-1].removesuffix(".shtml")
        lines.append('<p style="text-indent: 2em;">附件：</p>')
        lines += [
            f'<p style="text-indent: 2em;"><a href="{stem}/files/{item.path.rsplit("/", 1)[-1]}"'
            f' target="_blank">{escape(item.name)}</a></p>'
            for item in doc.attachments
        ]
    return "\n".join(f"      {line}" for line in lines)


def _not_found() -> Reply:
    html = (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" '
        'content="text/html; charset=utf-8" />\n'
        f"<title>404_{SITE_TITLE}</title>\n</head>\n<body>\n"
        '<div class="error"><img src="/images/404.png" alt="404" />'
        "<p>对不起，您访问的页面不存在或已被删除！</p>"
        '<p><a href="/">返回首页</a></p></div>\n</body>\n</html>\n'
    )
    return html_reply(html, status=404)
