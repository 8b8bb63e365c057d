"""www.most.gov.cn (科学技术部): the lists 规范性文件 and 通知通告, their pages, attachments."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from html import escape

from replica import corpus
from replica.attachments import attachment_file, attachment_lines, prepare
from replica.corpus import Attachment, Document
from replica.corpus.model import LEGACY_BEFORE
from replica.markup import render, template
from replica.reply import CHANGED, Reply, SiteRequest, html_reply
from replica.sites._pages import list_page, meta_tags

HOST = "www.most.gov.cn"
HOSTS = (HOST,)
PAGE_SIZE = 20
NOTICE_TITLE_CHARS = 28
RELATED_LINKS = 2
UEDITOR_CLASSES = "TRS_UEDITOR trs_paper_default trs_web"
WENHAO_LABEL = "发文字号："
WENHAO_LABEL_PADDED = "文&nbsp;&nbsp;&nbsp;&nbsp;号："
NOTICE_FOLDER = "/tztg/"
NOTICE_LIST_OPENING = '<ul class="info_list2">'
HOME_LINK = '<a href="/" target="_self">首页</a>'

_LIST_PAGE = re.compile(r"index_([1-9]\d*)\.html")
_DETAIL = re.compile(r"\d{6}/t\d{8}_(\d+)\.html")
_ATTACHMENT = re.compile(r"(\d{6})/(P0\d+\.(?:pdf|docx?|wps|xlsx?|ofd|zip))")


@dataclass(frozen=True)
class _Column:
    key: str
    folder: str
    name: str
    trail: str
    list_template: str
    stylesheet: str
    rows: Callable[[list[Document], str], str]
    detail: Callable[[Document, list[Document]], str]


def respond(request: SiteRequest) -> Reply:
    for column in COLUMNS:
        if request.path.startswith(column.folder):
            return _column_page(column, request.path.removeprefix(column.folder), request)
    return _not_found()


def _column_page(column: _Column, rest: str, request: SiteRequest) -> Reply:
    if rest in ("", "index.html"):
        return _list_page(column, 0, request)
    if match := _LIST_PAGE.fullmatch(rest):
        return _list_page(column, int(match[1]), request)
    if match := _DETAIL.fullmatch(rest):
        doc = corpus.document(column.key, int(match[1]), request.day)
        if doc is not None and doc.path == rest:
            return _detail_page(column, doc)
    if match := _ATTACHMENT.fullmatch(rest):
        for doc in corpus.documents(column.key, request.day):
            for attachment in doc.attachments:
                if (f"{doc.published:%Y%m}", attachment.path) == (match[1], match[2]):
                    return _attachment(doc, attachment)
    return _not_found()


def _list_page(column: _Column, page: int, request: SiteRequest) -> Reply:
    listed = corpus.documents(column.key, request.day)
    found = list_page(listed, page, PAGE_SIZE, request.list_layout)
    if found is None:
        return _not_found()
    shown, pages = found
    main = render(
        column.list_template,
        column_name=column.name,
        rows=column.rows(shown, request.list_layout),
        page=str(page),
        pages=str(pages),
        page_size=str(PAGE_SIZE),
        records=str(len(listed)),
    )
    html = _frame(
        column,
        title=f"{column.name}_中华人民共和国科学技术部",
        breadcrumb=f'{HOME_LINK}{column.trail} &gt; <a href="./">{column.name}</a>',
        main=main,
        meta="",
        charset="utf-8",
    )
    return html_reply(html, last_modified=corpus.column_modified(column.key, request.day))


def _detail_page(column: _Column, doc: Document) -> Reply:
    title = escape(doc.title)
    pub_date = doc.published + timedelta(days=1) if doc.id % 9 == 0 else doc.published
    meta = meta_tags(
        (
            ("ArticleTitle", doc.title),
            ("PubDate", f"{pub_date:%Y-%m-%d %H:%M}"),
            ("ContentSource", doc.agency.split()[0]),
            ("Keywords", f"科技部,{column.name}"),
            ("Author", doc.agency.split()[0]),
            ("Description", doc.paragraphs[0][:80]),
            ("Url", f"https://{HOST}{column.folder}{doc.path}"),
        )
    )
    html = _frame(
        column,
        title=f"{title}_{column.name}_中华人民共和国科学技术部",
        breadcrumb=f'{HOME_LINK}{column.trail} &gt; <a href="../">{column.name}</a> &gt; 正文',
        main=column.detail(doc, _related(column, doc)),
        meta=meta,
        charset=_charset(doc),
    )
    return html_reply(html, charset=_charset(doc), last_modified=doc.modified)


def _charset(doc: Document) -> str:
    return "gb2312" if doc.published.date() < LEGACY_BEFORE else "utf-8"


def _validity(doc: Document) -> str:
    return "失效" if doc.published.date() < LEGACY_BEFORE else "有效"


def _related(column: _Column, doc: Document) -> list[Document]:
    """The 「相关文档」 a page links after its body: older documents of its column as day 0
    lists them, so that later days leave the page as it was."""
    listed = corpus.documents(column.key, 0)
    return [other for other in listed if other.published < doc.published][:RELATED_LINKS]


def _frame(column: _Column, **slots: str) -> str:
    return render("most_frame.html", column_name=column.name, stylesheet=column.stylesheet, **slots)


def _gfxwj_rows(shown: list[Document], layout: str) -> str:
    if layout == CHANGED:
        rows = "".join(
            f'\n        <tr><td class="zcwj-title"><a href="./{doc.path}"'
            f' title="{escape(doc.title)}" target="_blank">{escape(doc.title)}</a></td>'
            f'<td class="zcwj-wh">{escape(doc.listed_wenhao or "")}</td>'
            f'<td class="zcwj-date">{doc.published:%Y-%m-%d}</td></tr>'
            for doc in shown
        )
        return f'      <div class="zcwj-list"><table class="zcwj-table">{rows}\n</table></div>'
    rows = "".join(
        "\n        <li>"
        f"<a href='./{doc.path}' title='{escape(doc.title)}' target=\"_blank\">"
        f"{escape(doc.title)}</a>"
        f'<div class="list-main-li-item tac w_list_fwzh">{escape(doc.listed_wenhao or "")}</div>'
        f'<div class="list-main-li-item tac w_list_rq">{doc.published:%Y年%m月%d日}</div>'
        "</li>"
        for doc in shown
    )
    return f'      <ul id="data_list" class="list-main-ul">{rows}\n      </ul>'


def _tztg_rows(shown: list[Document], layout: str) -> str:
    if layout == CHANGED:
        rows = "".join(
            f'\n          <dd><a href="./{doc.path}" title="{escape(doc.title)}" target="_blank">'
            f"{_shortened(doc.title)}</a><em>{doc.published:%Y-%m-%d}</em></dd>"
            for doc in shown
        )
        return f'      <div class="news-list"><dl>{rows}\n      </dl></div>'
    rows = "".join(notice_row(f"./{doc.path}", doc.title, doc.published) for doc in shown)
    return f"      {NOTICE_LIST_OPENING}{rows}\n      </ul>"


def notice_row(href: str, title: str, published: datetime) -> str:
    """One row of the 通知通告 list."""
    return (
        f'\n        <li><a href="{escape(href)}" title="{escape(title)}" target="_blank">'
        f'{_shortened(title)}</a><span class="date">{published:%Y-%m-%d}</span></li>'
    )


def _shortened(title: str) -> str:
    if len(title) <= NOTICE_TITLE_CHARS:
        return escape(title)
    return escape(title[:NOTICE_TITLE_CHARS]) + "..."


def _disclosure_detail(doc: Document, related: list[Document]) -> str:
    """The 规范性文件 page as the real one: `table.bd1.xxgk_detail_table1` with `<td><b>`
    labels and padded values, `div.xxgk_title`, `div#Zoom` between the ContentStart and
    ContentEnd metas, then 「相关文档」 and 「相关附件」 lists outside the body."""
    return render(
        "most_xxgk_detail.html",
        title=escape(doc.title),
        index_no=escape(doc.index_no),
        agency=escape(doc.agency),
        written=f"{doc.written:%Y年%m月%d日}",
        published=f"{doc.published:%Y年%m月%d日}",
        wenhao_label=WENHAO_LABEL_PADDED if doc.id % 4 == 1 else WENHAO_LABEL,
        wenhao=escape(doc.wenhao or ""),
        validity=_validity(doc),
        editor_class="TRS_Editor" if _charset(doc) != "utf-8" else UEDITOR_CLASSES,
        body=_body(doc),
        related=related,
        attachments=doc.attachments,
    )


def _notice_detail(doc: Document, related: list[Document]) -> str:
    if _charset(doc) != "utf-8":
        content = f'<div class="text wide"><div class="TRS_Editor">\n{_body(doc)}\n</div></div>'
    elif doc.id % 3 == 0:
        content = f'<div class="trs_editor_view">\n{_body(doc)}\n</div>'
    else:
        content = f'<div class="{UEDITOR_CLASSES}">\n{_body(doc)}\n</div>'
    return _notice_main(doc.title, doc.published, doc.agency.split()[0], content)


def _notice_main(title: str, published: datetime, source: str, content: str) -> str:
    return render(
        "most_notice_detail.html",
        title=escape(title),
        published=f"{published:%Y年%m月%d日}",
        source=escape(source),
        content=content,
        share=template("most_share.html"),
    )


def notice_page(title: str, published: datetime, body: str, *, head: str = "") -> Reply:
    """A 通知通告 page of the given title and body HTML, with `head` added to its `<head>`."""
    column = COLUMNS[1]
    main = _notice_main(
        title, published, "科学技术部", f'<div class="{UEDITOR_CLASSES}">\n{body}\n</div>'
    )
    html = _frame(
        column,
        title=f"{escape(title)}_{column.name}_中华人民共和国科学技术部",
        breadcrumb=f'{HOME_LINK}{column.trail} &gt; <a href="../">{column.name}</a> &gt; 正文',
        main=main,
        meta=head,
        charset="utf-8",
    )
    return html_reply(html)


def _body(doc: Document) -> str:
    paragraphs = [f'<p style="text-indent: 2em;">{escape(text)}</p>' for text in doc.paragraphs]
    if doc.attachments:
        paragraphs.append('<p style="text-indent: 2em;">附件：</p>')
        paragraphs += [
            f'<p style="text-indent: 2em;"><a href="./{item.path}" target="_blank"'
            f' title="{escape(item.name)}">{escape(item.name)}</a></p>'
            for item in doc.attachments
        ]
    return "\n".join(paragraphs)


def _attachment(doc: Document, attachment: Attachment) -> Reply:
    prepare_attachment_files()
    lines = attachment_lines(doc.title, attachment.name, attachment.path, attachment.edition)
    body = attachment_file(attachment.path, lines, scanned=attachment.scanned)
    return Reply(
        status=200, body=body, content_type=attachment.media_type, last_modified=doc.modified
    )


@cache
def prepare_attachment_files() -> None:
    """Make the files LibreOffice converts in one batch, at the first attachment request."""
    files = {
        (item.path, attachment_lines(doc.title, item.name, item.path, item.edition))
        for day in range(corpus.LAST_DAY + 1)
        for column in corpus.COLUMNS
        for doc in corpus.documents(column, day)
        for item in doc.attachments
    }
    prepare(sorted(files))


def _not_found() -> Reply:
    return html_reply(render("most_404.html"), status=404)


COLUMNS = (
    _Column(
        key=corpus.MOST_GFXWJ,
        folder="/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/",
        name="规范性文件",
        trail=(
            ' &gt; <a href="/xxgk/">信息公开</a>'
            ' &gt; <a href="/xxgk/xinxifenlei/fdzdgknr/">法定主动公开内容</a>'
        ),
        list_template="most_gfxwj_list.html",
        stylesheet="most2021_xxgk.css",
        rows=_gfxwj_rows,
        detail=_disclosure_detail,
    ),
    _Column(
        key=corpus.MOST_TZTG,
        folder=NOTICE_FOLDER,
        name="通知通告",
        trail=' &gt; <a href="/kjbgz/">新闻</a>',
        list_template="most_tztg_list.html",
        stylesheet="most2021_list.css",
        rows=_tztg_rows,
        detail=_notice_detail,
    ),
)
