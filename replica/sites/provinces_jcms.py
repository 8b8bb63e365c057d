"""Provinces on Hanweb's JCMS: Zhejiang's JPaaS column shells and unit-build API, Jiangsu's
Hanweb column pages with their inline jpage `datastore` and the `dataproxy.jsp` pager; both
with the JCMS article page (`table.xxgktab`, `p.con-title`, `div#zoom`)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from html import escape

from replica.markup import render
from replica.reply import EMPTY, Reply, SiteRequest, html_reply, json_reply, not_found
from replica.sites._province_corpus import Doc, cut_title, documents, page_values
from replica.sites._province_table import GOV, HANWEB, JPAAS, MPA, PROVINCES, Province

COLUMN_NAMES = {GOV: "规范性文件", MPA: "通知公告"}
BY_HOST = {
    p.host(column): (p, column)
    for p in PROVINCES
    if p.platform in (JPAAS, HANWEB)
    for column in COLUMN_NAMES
}
HOSTS = tuple(BY_HOST)
UNIT_API = "/api-gateway/jpaas-publish-server/front/page/build/unit"
DATA_PROXY = "/module/web/jpage/dataproxy.jsp"
# Chosen where the saved pages are silent (unconfirmed): the unit's 15 rows a page, Hanweb's
# 2 records a proxy page (the real column has 10; 2 makes the proxy pager run on a short
# column), the proxy's XML answer as a research note describes it, and Jiangsu's article
# page in the JCMS template of Zhejiang's.
UNIT_ROWS = 15
PER_PAGE = 2
GROUP_SIZE = 3
LINK_TITLE_CHARS = 30
WEB_ID = 3185

_COLUMN = re.compile(r"/col/col(\d+)/(?:index\.html)?")


def respond(request: SiteRequest) -> Reply:
    province, column = BY_HOST[request.host]
    listed = documents(province, column, request.day)
    shown = [] if request.list_layout == EMPTY else list(listed)
    match = _COLUMN.fullmatch(request.path)
    if match and int(match[1]) == province.column_id(column):
        if province.platform == JPAAS:
            return _shell(province, column)
        return _hanweb_column(province, column, shown, len(listed))
    if province.platform == JPAAS and request.path == UNIT_API:
        return _unit(province, column, shown, request)
    if province.platform == HANWEB and request.path == DATA_PROXY:
        return _proxy(province, column, shown, request)
    for doc in listed:
        if request.path == article_path(province, column, doc):
            return _article(province, column, doc)
    return not_found(f"no page {request.path} on {request.host}")


def article_path(province: Province, column: str, doc: Doc) -> str:
    """Where a document's page is: `/col/colN/art/YYYY/art_<hex>.html` on JPaaS,
    `/art/YYYY/M/D/art_<col>_<id>.html` on Hanweb."""
    col = province.column_id(column)
    if province.platform == JPAAS:
        digest = hashlib.md5(str(doc.id).encode(), usedforsecurity=False).hexdigest()
        return f"/col/col{col}/art/{doc.published:%Y}/art_{digest}.html"
    day = doc.published
    return f"/art/{day.year}/{day.month}/{day.day}/art_{col}_{doc.id}.html"


def _page_values(province: Province, column: str) -> dict[str, object]:
    return {
        "site_name": province.site_name(column),
        "column_name": COLUMN_NAMES[column],
        "column_id": province.column_id(column),
        "site_code": province.site_code(column),
        "web_id": WEB_ID,
        "unit_id": province.column_id(column) % 1000000,
    }


def _shell(province: Province, column: str) -> Reply:
    return html_reply(render("jcms_jpaas_column.html", **_page_values(province, column)))


def _unit(province: Province, column: str, shown: list[Doc], request: SiteRequest) -> Reply:
    if request.query.get("pageId") != str(province.column_id(column)):
        return json_reply({"success": False, "code": "500", "message": "页面不存在", "data": None})
    try:
        paging = json.loads(request.query.get("paramJson") or "{}")
        page, rows = int(paging.get("pageNo", 1)), int(paging.get("pageSize", UNIT_ROWS))
    except (ValueError, AttributeError):
        return json_reply({"success": False, "code": "400", "message": "参数错误", "data": None})
    chosen = shown[(page - 1) * rows : page * rows]
    items = "\n".join(
        f'      <li class="clearfix"><a class="bt-left" title="{escape(doc.title)}" '
        f'href="{article_path(province, column, doc)}" target="_blank">'
        f"{escape(cut_title(doc.title, LINK_TITLE_CHARS))}"
        f'</a><span class="bt-right">{doc.shown_date.isoformat()}</span></li>'
        for doc in chosen
    )
    pager = f'<table class="pagination" rows="{rows}" count="{len(shown)}" pageNo="{page}"></table>'
    listing = '<ul>  <div id="信息列表">\n    <div class="page-content">\n'
    html = f"{listing}{items}\n</div></div></ul>\n{pager}"
    return json_reply(
        {"success": True, "message": "生成成功", "code": "200", "data": {"html": html}}
    )


def _hanweb_rows(province: Province, column: str, docs: list[Doc]) -> list[dict[str, str]]:
    return [
        {
            "title": escape(doc.title, quote=True),
            "href": article_path(province, column, doc),
            "date": doc.shown_date.isoformat(),
        }
        for doc in docs
    ]


def _hanweb_column(province: Province, column: str, shown: list[Doc], records: int) -> Reply:
    html = render(
        "jcms_hanweb_column.html",
        **_page_values(province, column),
        web_name=escape(province.site_name(column)),
        rows=_hanweb_rows(province, column, shown[: GROUP_SIZE * PER_PAGE]),
        records=records,
        per_page=PER_PAGE,
    )
    return html_reply(html)


def _proxy(province: Province, column: str, shown: list[Doc], request: SiteRequest) -> Reply:
    try:
        first = int(request.query.get("startrecord", "1"))
        last = int(request.query.get("endrecord", str(first + PER_PAGE - 1)))
    except ValueError:
        return not_found("startrecord and endrecord are record numbers")
    records = "\n".join(
        f"<record><![CDATA[<li class=\"clearfix bt-list-new\"><a title='{row['title']}' "
        f'target="_blank" href="{row["href"]}">{row["title"]}</a>'
        f'<span class="bt-list-time">{row["date"]}</span></li>]]></record>'
        for row in _hanweb_rows(province, column, shown[first - 1 : last])
    )
    pages = math.ceil(len(shown) / PER_PAGE)
    xml = (
        f"<datastore><totalrecord>{len(shown)}</totalrecord><totalpage>{pages}</totalpage>"
        f"<recordset>{records}</recordset></datastore>"
    )
    return Reply(200, xml.encode(), content_type="text/xml; charset=utf-8")


def _article(province: Province, column: str, doc: Doc) -> Reply:
    html = render(
        "jcms_article.html",
        **_page_values(province, column),
        **page_values(doc),
    )
    return html_reply(html)
