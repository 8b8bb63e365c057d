"""NFCMS pages of the Guangdong sites: the 文件库 and MPA lists, their detail pages and files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from replica.corpus.model import Attachment, Document
from replica.markup import render, template
from replica.reply import CHANGED, Reply, SiteRequest, html_reply
from replica.sites import _gd_corpus as corpus
from replica.sites._gd_columns import (
    GD_QBWJ,
    GDMPA_GZWJ,
    GDMPA_YLQX,
    LIST_FOLDERS,
    MPA,
    PORTAL,
    SOURCES,
)
from replica.sites._pages import list_page, meta_tags

PAGE_SIZE = 20
BROWSER_MARK = "Mozilla"
RELATED = 3

_LIST_PAGE = re.compile(r"index_([1-9]\d*)\.html")
_DETAIL = re.compile(r"(?:[a-z]+/)?content/post_(\d+)\.html")
_SIGNATURE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}、\S{2,8}")


@dataclass(frozen=True)
class Column:
    """A list of one NFCMS site: where it lives and how its pages are dressed."""

    source: str
    host: str
    name: str
    frame: str
    site_title: str
    trail: str
    menu_title: str
    menu: tuple[tuple[str, str], ...]
    shows_wenhao: bool

    @property
    def folder(self) -> str:
        return LIST_FOLDERS[self.source]

    def page_url(self, page: int) -> str:
        """Page 0 is `index.html`, the next ones `index_2.html`, `index_3.html` …"""
        name = "index.html" if page == 0 else f"index_{page + 1}.html"
        return f"https://{self.host}{self.folder}{name}"


def is_browser(request: SiteRequest) -> bool:
    """Guangdong lists nothing to a client whose User-Agent is not a browser's."""
    return BROWSER_MARK in request.headers.get("user-agent", "")


def column_page(column: Column, rest: str, request: SiteRequest) -> Reply:
    if rest in ("", "index.html"):
        return _list_page(column, 0, request)
    if (match := _LIST_PAGE.fullmatch(rest)) and int(match[1]) >= 2:
        return _list_page(column, int(match[1]) - 1, request)
    if match := _DETAIL.fullmatch(rest):
        doc = corpus.document(column.source, int(match[1]), request.day)
        if doc is not None and doc.path == column.folder + rest:
            return _detail_page(column, doc, request.day)
    return not_found()


def _list_page(column: Column, page: int, request: SiteRequest) -> Reply:
    listed = corpus.documents(column.source, request.day)
    found = list_page(listed, page, PAGE_SIZE, request.list_layout)
    if found is None:
        return not_found()
    shown, pages = found
    if not is_browser(request):
        shown = []
    main = render(
        "gd_list.html",
        breadcrumb=f"{column.trail} &gt; <span>{column.name}</span>",
        menu_title=column.menu_title,
        menu=_menu(column),
        column_name=column.name,
        rows=_rows(column, shown, request.list_layout),
        pager=_pager(column, page, pages),
    )
    html = render(
        column.frame,
        column_name=column.name,
        meta="",
        title=f"{column.name}_{column.site_title}",
        main=main,
    )
    return html_reply(html, last_modified=corpus.column_modified(column.source, request.day))


def _menu(column: Column) -> str:
    items = []
    for name, path in column.menu:
        marker = ' class="on"' if name == column.name else ""
        items.append(f'      <li{marker}><a href="https://{column.host}{path}">{name}</a></li>')
    return "\n".join(items)


def _rows(column: Column, shown: list[Document], layout: str) -> str:
    if layout == CHANGED:
        rows = "".join(
            f'\n        <tr><td class="wjk-name"><a href="{doc.url}" target="_blank">'
            f'{escape(doc.title)}</a></td><td class="wjk-wh">{escape(doc.listed_wenhao or "")}'
            f'</td><td class="wjk-date">{doc.published:%Y-%m-%d}</td></tr>'
            for doc in shown
        )
        return f'    <div class="wjk-list"><table class="wjk-table">{rows}\n    </table></div>'
    head = '<span class="name">标题</span>'
    if column.shows_wenhao:
        head += '<span class="wh">文号</span>'
    rows = [f'        <li class="th">{head}<span class="date">发布日期</span></li>']
    for doc in shown:
        wenhao = f'<span class="wh">{escape(doc.listed_wenhao or "")}</span>'
        rows.append(
            f'        <li><span class="name"><a href="{doc.url}" target="_blank">'
            f"{escape(doc.title)}</a></span>{wenhao if column.shows_wenhao else ''}"
            f'<span class="date">{doc.published:%Y-%m-%d}</span></li>'
        )
    return (
        '    <div class="viewList">\n      <ul>\n' + "\n".join(rows) + "\n      </ul>\n    </div>"
    )


def _pager(column: Column, page: int, pages: int) -> str:
    links = [f'      <a class="first" href="{column.page_url(0)}">首页</a>']
    if page > 0:
        links.append(f'      <a class="prev" href="{column.page_url(page - 1)}">上一页</a>')
    links += [
        f'      <a class="num{" current" if n == page else ""}" href="{column.page_url(n)}">'
        f"{n + 1}</a>"
        for n in range(pages)
    ]
    if page + 1 < pages:
        links.append(f'      <a class="next" href="{column.page_url(page + 1)}">下一页</a>')
    links.append(f'      <a class="last" href="{column.page_url(pages - 1)}">尾页</a>')
    return "\n".join(links)


def _detail_page(column: Column, doc: Document, day: int) -> Reply:
    listed = corpus.documents(column.source, day)
    position = next(n for n, other in enumerate(listed) if other.id == doc.id)
    related = listed[position + 1 : position + 1 + RELATED]
    main = render(
        "gd_detail.html",
        breadcrumb=(
            f'{column.trail} &gt; <a href="{column.page_url(0)}">{column.name}</a> &gt; 正文'
        ),
        index_no=escape(doc.index_no),
        category=escape(doc.category),
        agency=escape(doc.agency),
        written=f"{doc.written:%Y-%m-%d}",
        title=escape(doc.title),
        wenhao=escape(doc.wenhao or ""),
        published=f"{doc.published:%Y-%m-%d}",
        source=escape(doc.agency),
        published_at=f"{doc.published:%Y-%m-%d %H:%M:%S}",
        body=body_html(doc, in_body_qrcode=doc.id % 3 == 0),
        share=template("gd_share.html"),
        related="\n".join(
            f'      <li><a href="{other.url}" target="_blank">{escape(other.title)}</a>'
            f"<span>{other.published:%Y-%m-%d}</span></li>"
            for other in related
        ),
    )
    html = render(
        column.frame,
        column_name=column.name,
        meta=article_meta(doc),
        title=f"{escape(doc.title)}_{column.site_title}",
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def article_meta(doc: Document) -> str:
    """The article `<meta>` tags NFCMS and gkmlpt pages carry."""
    return meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.agency),
            ("Keywords", doc.category),
            ("Description", doc.paragraphs[0][:80]),
            ("Url", doc.url),
        )
    )


def body_html(doc: Document, *, in_body_qrcode: bool = False) -> str:
    """The body as NFCMS editors leave it: indented paragraphs, signature right, attachments."""
    lines = [_paragraph(text, doc) for text in doc.paragraphs]
    if doc.attachments:
        lines.append('<p style="text-indent: 2em;">附件：</p>')
        lines += [
            f'<p style="text-indent: 2em;"><a href="https://{doc.host}{item.path}"'
            f' target="_blank">{escape(item.name)}.{item.extension}</a></p>'
            for item in doc.attachments
        ]
    if in_body_qrcode:
        lines.append(
            '<div class="zw-qrcode"><img src="/images/2021/qrcode.png" alt="">'
            "<p>扫一扫在手机打开当前页</p></div>"
        )
    return "\n".join(lines)


def _paragraph(text: str, doc: Document) -> str:
    if text == doc.agency or _SIGNATURE_DATE.fullmatch(text):
        return f'<p style="text-align: right;">{escape(text)}</p>'
    if _HEADING.fullmatch(text):
        return f'<p style="text-indent: 2em;"><strong>{escape(text)}</strong></p>'
    return f'<p style="text-indent: 2em;">{escape(text)}</p>'


def attachment(request: SiteRequest) -> Reply:
    """A file from a site's attachment store, if a document on the day links it."""
    for source in SOURCES:
        for doc in corpus.documents(source, request.day):
            for item in doc.attachments:
                if doc.host == request.host and item.path == request.path:
                    return _file(doc, item)
    return not_found()


def _file(doc: Document, item: Attachment) -> Reply:
    if item.extension == "pdf":
        body = (
            f"%PDF-1.4\n% {item.name} of post {doc.id}\n"
            "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            "trailer << /Root 1 0 R >>\n%%EOF\n"
        ).encode()
    else:
        body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + f"{item.name} {doc.id}".encode()
    return Reply(status=200, body=body, content_type=item.media_type, last_modified=doc.published)


def not_found() -> Reply:
    return html_reply(template("gd_404.html"), status=404)


_PORTAL_TRAIL = (
    '<a href="https://www.gd.gov.cn/">首页</a> &gt; <a href="https://www.gd.gov.cn/zwgk/">政务公开</a>'
    ' &gt; <a href="https://www.gd.gov.cn/zwgk/wjk/qbwj/">文件库</a>'
)
_MPA_TRAIL = '<a href="https://mpa.gd.gov.cn/">首页</a> &gt; <a href="https://mpa.gd.gov.cn/zwgk/">政务公开</a>'
_MPA_MENU = (
    ("工作文件", LIST_FOLDERS[GDMPA_GZWJ]),
    ("通知公告", "/zwgk/tzgg/"),
    ("医疗器械", LIST_FOLDERS[GDMPA_YLQX]),
    ("药品", "/zwgk/zcfg/fgjd/yp/"),
    ("化妆品", "/zwgk/zcfg/fgjd/hzp/"),
)

COLUMNS = (
    Column(
        source=GD_QBWJ,
        host=PORTAL,
        name="全部文件",
        frame="gd_frame.html",
        site_title="广东省人民政府门户网站",
        trail=_PORTAL_TRAIL,
        menu_title="文件库",
        menu=(
            ("全部文件", LIST_FOLDERS[GD_QBWJ]),
            ("粤府", "/zwgk/wjk/qbwj/yf/"),
            ("粤府办", "/zwgk/wjk/qbwj/yfb/"),
            ("粤府函", "/zwgk/wjk/qbwj/yfh/"),
            ("粤办函", "/zwgk/wjk/qbwj/ybh/"),
        ),
        shows_wenhao=True,
    ),
    Column(
        source=GDMPA_GZWJ,
        host=MPA,
        name="工作文件",
        frame="gd_mpa_frame.html",
        site_title="广东省药品监督管理局网站",
        trail=_MPA_TRAIL,
        menu_title="政务公开",
        menu=_MPA_MENU,
        shows_wenhao=True,
    ),
    Column(
        source=GDMPA_YLQX,
        host=MPA,
        name="医疗器械",
        frame="gd_mpa_frame.html",
        site_title="广东省药品监督管理局网站",
        trail=f'{_MPA_TRAIL} &gt; <a href="https://mpa.gd.gov.cn/zwgk/zcfg/fgjd/">政策解读</a>',
        menu_title="政策解读",
        menu=_MPA_MENU,
        shows_wenhao=False,
    ),
)
