"""gkmlpt on www.gd.gov.cn: the index page with its SID, the list API and the content pages."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta, timezone
from html import escape
from typing import Any

from replica.corpus.model import Document
from replica.markup import render
from replica.reply import CHANGED, EMPTY, Reply, SiteRequest, html_reply, json_reply
from replica.sites import _gd_corpus as corpus
from replica.sites._gd_columns import GD_GKMLPT
from replica.sites._gd_pages import article_meta, body_html, is_browser, not_found

SID = "2"
CATALOG = "5"
"""The catalog that holds the documents (政策文件; unconfirmed)."""
CATALOG_NAME = "政策文件"
PAGE_SIZE = 100
CHINA = timezone(timedelta(hours=8))

_API = re.compile(r"/gkmlpt/api/all/(\d+)")
_CONTENT = re.compile(r"/gkmlpt/content/\d+/\d+/post_(\d+)\.html")


def respond(request: SiteRequest) -> Reply:
    if request.path == "/gkmlpt/index":
        return html_reply(render("gd_gkmlpt_index.html", sid=SID, catalog=CATALOG))
    if match := _API.fullmatch(request.path):
        return _articles(match[1], request)
    if match := _CONTENT.fullmatch(request.path):
        doc = corpus.document(GD_GKMLPT, int(match[1]), request.day)
        if doc is not None and doc.path == request.path:
            return _content_page(doc)
    return not_found()


def _articles(catalog: str, request: SiteRequest) -> Reply:
    """One page of the catalog's articles; nothing for another site's SID or a bot."""
    listed = corpus.documents(GD_GKMLPT, request.day)
    if catalog != CATALOG or request.query.get("sid") != SID or not is_browser(request):
        return json_reply({"classify": _classify(catalog, 0), "articles": []})
    page = int(request.query["page"]) if request.query.get("page", "").isdigit() else 1
    start = (max(page, 1) - 1) * PAGE_SIZE
    shown = [] if request.list_layout == EMPTY else listed[start : start + PAGE_SIZE]
    articles = [_article(doc) for doc in shown]
    if request.list_layout == CHANGED:
        data: dict[str, Any] = {"count": len(listed), "data": {"list": articles}}
    else:
        data = {"classify": _classify(catalog, len(listed)), "articles": articles}
    reply = json_reply(data)
    return replace(reply, last_modified=corpus.column_modified(GD_GKMLPT, request.day))


def _classify(catalog: str, count: int) -> dict[str, Any]:
    """The catalog the answer lists; `post_count` is how many articles it holds."""
    return {
        "id": int(catalog),
        "name": CATALOG_NAME,
        "parent": 0,
        "post_count": count,
        "theme_count": count,
    }


def _article(doc: Document) -> dict[str, Any]:
    """An article as the real API gives it: `date` the publication day's 00:00 in epoch
    seconds, `created_at` the time as text, `identifier` the 索引号."""
    day = doc.published.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=CHINA)
    return {
        "id": doc.id,
        "identifier": doc.index_no,
        "title": doc.title,
        "date": int(day.timestamp()),
        "publisher": doc.agency,
        "classify_main": int(CATALOG),
        "classify_main_name": CATALOG_NAME,
        "url": doc.url,
        "created_at": f"{doc.published:%Y-%m-%d %H:%M:%S}",
        "document_number": doc.listed_wenhao or "",
        "attachment": [
            {"name": f"{item.name}.{item.extension}", "link": f"https://{doc.host}{item.path}"}
            for item in doc.attachments
        ],
        "is_abolished": doc.abolished,
    }


def _content_page(doc: Document) -> Reply:
    html = render(
        "gd_gkmlpt_detail.html",
        meta=article_meta(doc),
        title=f"{escape(doc.title)}_广东省人民政府门户网站",
        catalog=CATALOG,
        index_no=escape(doc.index_no),
        category=escape(doc.category),
        agency=escape(doc.agency),
        written=f"{doc.written:%Y-%m-%d}",
        doc_title=escape(doc.title),
        wenhao=escape(doc.wenhao or ""),
        published=f"{doc.published:%Y-%m-%d}",
        body=body_html(doc),
    )
    return html_reply(html, last_modified=doc.modified)
