"""www.nhc.gov.cn (国家卫生健康委员会): 规范性文件 and 政策解读 lists, their pages and files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

from replica.corpus.model import Document, file_bytes
from replica.markup import render
from replica.reply import CHANGED, Reply, SiteRequest, html_reply
from replica.sites import _nhc_corpus as corpus
from replica.sites._pages import list_page, meta_tags

HOST = "www.nhc.gov.cn"
HOSTS = (HOST,)
PAGE_SIZE = 24
LIST_STEM = "list"
SITE_TITLE = "中华人民共和国国家卫生健康委员会"
FONT = "font-family: 仿宋, 仿宋_GB2312; font-size: 16pt;"
BODY_FONT = f"line-height: 1.5; {FONT}"
BODY_STYLE = f"text-indent: 2em; text-align: justify; {BODY_FONT}"
ICONS = {"pdf": "pdf", "doc": "doc", "docx": "doc", "xls": "xls"}

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
    found = list_page(listed, page - 1, PAGE_SIZE, request.list_layout)
    if found is None:
        return _not_found()
    shown, pages = found
    main = render(
        "nhc_list.html",
        column_name=column.name,
        layout_changed=request.list_layout == CHANGED,
        rows=shown,
        pages=pages,
        page=page,
        stem=LIST_STEM,
        records=len(listed),
    )
    modified = corpus.column_modified(column.key, request.day)
    html = render(
        "nhc_frame.html",
        column_name=column.name,
        meta=_generated(modified),
        title=f"{column.name}_{SITE_TITLE}",
        breadcrumb=f'<a href="{column.folder}list.shtml">{column.name}</a>',
        main=main,
    )
    return html_reply(html, last_modified=modified)


def _generated(moment: datetime) -> str:
    return f'<meta name="others" content="页面生成时间 {moment:%Y-%m-%d %H:%M:%S}" />'


def _detail_page(doc: Document) -> Reply:
    """A page as the real ones: metas with the time to the second and an empty
    ContentSource, `div.tit`, the `div.source` spans with line breaks inside, the 文号 as
    the body's first line split across `<span>`/`<font>`, the signature and 成文 date last,
    file links after `pdf.gif` icons; no share or print bar."""
    column = next(column for column in COLUMNS if column.key == doc.column)
    meta = meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published:%Y-%m-%d %H:%M:%S}"),
            ("ContentSource", ""),
            ("Keywords", ""),
            ("Description", ""),
        ),
        " />",
    )
    main = render(
        "nhc_detail.html",
        title=escape(doc.title),
        published=f"{doc.published:%Y-%m-%d}",
        source=escape(doc.source),
        style=BODY_STYLE,
        body=_body(doc),
    )
    html = render(
        "nhc_frame.html",
        column_name=column.name,
        meta=f"{meta}\n{_generated(doc.modified)}",
        title=f"{escape(doc.title)}_{SITE_TITLE}",
        breadcrumb=f'<a href="{column.folder}list.shtml">{column.name}</a> &gt; 正文',
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def _span(text: str) -> str:
    return f'<span style="{FONT}">{escape(text)}</span>'


def _paragraph(inner: str, align: str = "justify") -> str:
    return f'<p style="text-indent: 2em; text-align: {align}; {BODY_FONT}">{inner}</p>'


def _split_wenhao(wenhao: str) -> str:
    """The 文号 in two `<font><span>` runs cut after its opening bracket, as Word exports it."""
    cut = next((n + 1 for n, char in enumerate(wenhao) if char in "〔（(["), len(wenhao))
    runs = "".join(
        f'<font face="国标仿宋" style="{FONT}">{_span(part)}</font>'
        for part in (wenhao[:cut], wenhao[cut:])
        if part
    )
    return f'<span style="{FONT}">{runs}</span><span style="{FONT}"><o:p></o:p></span>'


def _body(doc: Document) -> str:
    lines = []
    for n, text in enumerate(doc.paragraphs):
        if n == 0 and doc.wenhao:
            lines.append(_paragraph(_split_wenhao(text), "center"))
        else:
            lines.append(_paragraph(_span(text)))
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".shtml")
    for item in doc.attachments:
        icon = f'<img border="0" src="/images/{ICONS.get(item.extension, "file")}.gif" />'
        link = (
            f'<a href="{stem}/files/{item.path.rsplit("/", 1)[-1]}" target="_blank">'
            f"{escape(item.name.rsplit('.', 1)[0])}</a>"
        )
        lines.append(_paragraph(f'<span style="{FONT}">{icon}</span>{link}'))
    if doc.wenhao:
        written = f"{doc.written.year}年{doc.written.month}月{doc.written.day}日"
        lines += [_paragraph(_span(line), "right") for line in (doc.agency, written)]
    return "\n".join(lines)


def _not_found() -> Reply:
    return html_reply(render("nhc_404.html", site_title=SITE_TITLE), status=404)
