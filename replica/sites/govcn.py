"""www.gov.cn and sousuo.www.gov.cn: the State Council policy library's search API and pages."""

from __future__ import annotations

import re
from html import escape

from replica import waf
from replica.corpus.model import Document, file_bytes
from replica.markup import render
from replica.reply import Reply, SiteRequest, html_reply, json_reply
from replica.sites import _govcn_corpus as corpus
from replica.sites._govcn_api import search
from replica.words import words

WORDS = words("govcn")

HOST = "www.gov.cn"
SEARCH_HOST = "sousuo.www.gov.cn"
HOSTS = (HOST, SEARCH_HOST)
API_PATH = "/search-gov/data"
REFERER = f"https://{SEARCH_HOST}/"
BROWSER_MARK = "Mozilla"
PARAGRAPH_STYLE = "text-indent: 2em; font-family: 仿宋_GB2312; font-size: 16pt;"
CATALOGS = {"gongwen": "国务院文件", WORDS.bumenfile: "国务院部门文件"}
EDITORS = ["王洋", "李璐", "张晓", "刘珊", "陈曦", "杨帆"]
DOCUMENT_KINDS = ("通知", "意见", "公告", "通告", "决定", "办法", "规定", "批复", "函", "令")

_DETAIL = re.compile(r"/zhengce/(?:content|zhengceku)/\d{6}/content_\d+\.htm")
_FILE = re.compile(r"/zhengce/(?:content|zhengceku)/\d{6}/P0\d+\.pdf")


def respond(request: SiteRequest) -> Reply:
    if request.host == SEARCH_HOST:
        return _search(request)
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


def _search(request: SiteRequest) -> Reply:
    """The API answers only what looks like the library's own page asking: a browser UA and
    the library's Referer; anything else gets nginx's 403."""
    if request.path != API_PATH:
        return _not_found()
    referer = request.headers.get("referer", "")
    if BROWSER_MARK not in request.headers.get("user-agent", "") or not referer.startswith(REFERER):
        return waf.forbidden()
    return json_reply(search(request.query, request.day, request.list_layout))


def uses_article_template(doc: Document) -> bool:
    """Some 部门文件 pages are news-style (`h1#ti`, `div.pages-date`) rather than a table."""
    single_agency = doc.source == f"{doc.agency}网站"
    return corpus.category_of(doc) == WORDS.bumenfile and single_agency and doc.id % 3 == 0


def _detail_page(doc: Document) -> Reply:
    """A page in the 2026 policy-library template: 部门文件 with plain `<td>` labels and no
    索引号 or 发布日期, 国务院文件 in the older `<td><b>` form; the body twice (the second a
    mobile copy); the header include closing with a stray `</html>`."""
    catalog = CATALOGS[corpus.category_of(doc)]
    furniture = render("govcn_furniture.html", editor=EDITORS[doc.id % len(EDITORS)])
    if uses_article_template(doc):
        main = render(
            "govcn_article_detail.html",
            title=escape(doc.title),
            published=f"{doc.published:%Y-%m-%d %H:%M}",
            source=escape(doc.source),
            body=_body(doc, lead=doc.wenhao),
            furniture=furniture,
        )
    else:
        main = render(
            "govcn_table_detail.html",
            labels_bold=corpus.category_of(doc) != WORDS.bumenfile,
            source=escape(doc.source),
            kind=document_kind(doc.title),
            index_no=escape(doc.index_no or ""),
            theme=escape(doc.category),
            agency=escape(doc.agency),
            written=f"{doc.written:%Y年%m月%d日}",
            title=escape(doc.title),
            wenhao=escape(doc.wenhao or ""),
            published=f"{doc.published:%Y年%m月%d日}",
            body=_body(doc, lead=None),
            furniture=furniture,
        )
    html = render(
        "govcn_frame.html",
        keywords=escape(doc.category.replace("\\", ",")),
        description=escape(doc.paragraphs[1][:80]),
        first_published=f"{doc.published:%Y-%m-%d-%H:%M:%S}",
        last_modified=f"{doc.modified:%Y-%m-%d-%H:%M:%S}",
        catalog=catalog,
        editor=EDITORS[doc.id % len(EDITORS)],
        content_id=doc.path.rsplit("/", 1)[-1].removesuffix(".htm"),
        url=f"https://{HOST}{doc.path}",
        title=escape(doc.title),
        main=main,
    )
    return html_reply(html, last_modified=doc.modified)


def document_kind(title: str) -> str:
    """The 公文种类 a title ends with (意见, 通知 …)."""
    return next((kind for kind in DOCUMENT_KINDS if title.endswith(kind)), "其他")


def _body(doc: Document, lead: str | None) -> str:
    lines = [f'<p style="text-align: center;">{escape(lead)}</p>'] if lead else []
    lines += [f'<p style="{PARAGRAPH_STYLE}">{escape(text)}</p>' for text in doc.paragraphs]
    lines += [
        f'<p style="text-indent: 2em;">附件：<a href="{item.path.rsplit("/", 1)[-1]}"'
        f' target="_blank">{escape(item.name)}</a></p>'
        for item in doc.attachments
    ]
    return "\n".join(f"      {line}" for line in lines)


def _not_found() -> Reply:
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<title>404_中国政府网</title>\n</head>\n<body>\n"
        '<div class="error404"><p>很抱歉，您要访问的页面不存在！</p>'
        '<p><a href="https://www.gov.cn/">返回首页</a></p></div>\n</body>\n</html>\n'
    )
    return html_reply(html, status=404)
