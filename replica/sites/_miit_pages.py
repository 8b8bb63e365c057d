"""MIIT's HTML: column shells, the list fragments the unit API returns, and article pages."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from html import escape

from replica.corpus.model import Document
from replica.markup import render
from replica.reply import CHANGED
from replica.sites._miit_columns import COLUMNS, TPL_SET_ID, UNIT_TAG, WEB_ID, ZBYS, ZCJD, Column
from replica.sites._pages import meta_tags

SITE_TITLE = "中华人民共和国工业和信息化部"
LINK_TITLE_CHARS = 34
HOME = '<a href="/" target="_self">首页</a>'
ON = ' class="on"'
SIDE_LINKS = {
    ZCJD: (("政策文件", "/zwgk/zcwj/index.html"), ("政策解读", "/zwgk/zcjd/index.html")),
    ZBYS: (
        ("工作动态", "/jgsj/zbys/gzdt/index.html"),
        ("文件发布", "/jgsj/zbys/wjfb/index.html"),
        ("政策解读", "/jgsj/zbys/zcjd/index.html"),
    ),
}
WJFB_LINKS = (
    ("令", "/zwgk/zcwj/wjfb/l/index.html"),
    ("公告", "/zwgk/zcwj/wjfb/gg/index.html"),
    ("通知", "/zwgk/zcwj/wjfb/tz/index.html"),
    ("意见", "/zwgk/zcwj/wjfb/yj/index.html"),
    ("其他", "/zwgk/zcwj/wjfb/qt/index.html"),
)
SECTIONS = {ZCJD: "政务公开", ZBYS: "装备工业一司"}


def shell_page(column: Column) -> str:
    """The column page: furniture and the unitbuild script whose querydata names the list."""
    querydata = (
        f"{{'webId':'{WEB_ID}','pageId':'{column.page_id}','tplSetId':'{TPL_SET_ID}',"
        f"'pageType':'column','tagId':'{UNIT_TAG}','editType':'null'}}"
    )
    current = SIDE_LINKS.get(column.key, WJFB_LINKS)
    side_links = "\n".join(
        f"        <li{ON if name == column.name else ''}>"
        f'<a href="{href}" target="_self">{name}</a></li>'
        for name, href in current
    )
    main = render(
        "miit_column.html",
        section=SECTIONS.get(column.key, "文件发布"),
        side_links=side_links,
        column_name=column.name,
        unit_id=f"unit_{column.page_id[:8]}",
        web_id=WEB_ID,
        querydata=querydata,
    )
    return _frame(
        column,
        title=f"{column.name}_{SITE_TITLE}",
        breadcrumb=_breadcrumb(column),
        main=main,
        meta="",
        stylesheet="list.css",
    )


def unit_fragment(
    column: Column, shown: list[Document], page_no: int, count: int, rows: int, layout: str
) -> str:
    """The HTML the unit API answers for one page of a column's list."""
    if layout == CHANGED:
        items = "".join(
            f'\n  <dd><a href="{doc.path}" title="{escape(doc.title)}" target="_blank">'
            f"{_shortened(doc.title)}</a><em>{doc.published:%Y-%m-%d}</em></dd>"
            for doc in shown
        )
        listing = f'<div class="list-box">\n<dl>{items}\n</dl>\n</div>'
    else:
        items = "".join(
            f'\n    <li class="cf"><a class="fl" href="{doc.path}" target="_blank"'
            f' title="{escape(doc.title)}">{_shortened(doc.title)}</a>'
            f'<span class="fr">{doc.published:%Y-%m-%d}</span></li>'
            for doc in shown
        )
        listing = f'<div class="page-content">\n  <ul>{items}\n  </ul>\n</div>'
    pager = f"pag_{column.page_id[:8]}"
    return (
        f"{listing}\n"
        f'<div class="pagination" id="{pager}" count="{count}" rows="{rows}" pageno="{page_no}">'
        "</div>\n"
        f'<script type="text/javascript">$("#{pager}").pagination({{count: {count}, '
        f"rows: {rows}, pageNo: {page_no}, unitId: '{column.page_id}'}});</script>"
    )


def article_page(doc: Document) -> str:
    """A document's page as the real ones: `h1#con_title`, the `.cinfo` line whose time is
    earlier than the PubDate meta (which a later edit stamps), the body in `div#con_con`,
    and the page's own unitbuild script (`pageType` article, HTML-escaped JSON querydata),
    which is not the list's."""
    column = COLUMNS[doc.column]
    page_id = doc.path.rsplit("art_", 1)[-1].removesuffix(".html")
    meta = meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{doc.published + META_DELAY:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.source),
            ("Keywords", ""),
            ("Author", ""),
            ("Description", ""),
            ("Url", doc.path),
            ("MakeTime", f"{doc.modified + META_DELAY:%Y-%m-%d %H:%M:%S}"),
        )
    )
    query = {
        "parseType": "build",
        "webId": WEB_ID,
        "tplSetId": TPL_SET_ID,
        "pageType": "article",
        "tagId": ARTICLE_TAG,
        "editType": "null",
        "pageId": page_id,
    }
    main = render(
        "miit_article.html",
        title=escape(doc.title),
        published=f"{doc.published:%Y-%m-%d %H:%M}",
        source=escape(doc.source),
        body=_body(doc),
        unit_id=hashlib.md5(page_id.encode()).hexdigest(),
        web_id=WEB_ID,
        query_data=json.dumps(query, ensure_ascii=False, separators=(",", ":")),
    )
    return _frame(
        column,
        title=f"{escape(doc.title)}_{column.name}_{SITE_TITLE}",
        breadcrumb=_breadcrumb(column),
        main=main,
        meta=meta,
        stylesheet="article.css",
    )


def not_found_page() -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>404_{SITE_TITLE}</title>\n</head>\n<body>\n"
        '<div class="error-page"><h2>抱歉，您访问的页面不存在！</h2>'
        '<p><a href="/">返回首页</a></p></div>\n</body>\n</html>\n'
    )


def _body(doc: Document) -> str:
    lines = []
    for n, text in enumerate(doc.paragraphs):
        if n == 0 and text == doc.wenhao:
            lines.append(f'<p style="text-align: center;">{escape(text)}</p>')
        else:
            lines.append(f'<p style="text-indent: 2em;">{escape(text)}</p>')
    lines += [
        f'<p style="text-indent: 2em;"><a href="{item.path}" target="_blank"'
        f' title="{escape(item.name)}">{escape(item.name)}</a></p>'
        for item in doc.attachments
    ]
    return "\n".join(lines)


def _breadcrumb(column: Column) -> str:
    trail = "".join(f' &gt; <a href="{href}">{name}</a>' for name, href in column.trail)
    return f'{HOME}{trail} &gt; <a href="{column.folder}index.html">{column.name}</a>'


def _shortened(title: str) -> str:
    if len(title) <= LINK_TITLE_CHARS:
        return escape(title)
    return escape(title[:LINK_TITLE_CHARS]) + "…"


ARTICLE_TAG = "文章正文2"
META_DELAY = timedelta(hours=12, minutes=31)


def _frame(column: Column, **slots: str) -> str:
    return render("miit_frame.html", column_name=column.name, **slots)
