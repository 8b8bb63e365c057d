"""Provincial governments' 规范性文件 and medical products administrations' 通知公告 on a
TRS-like platform: `index.html`, `index_N.html`, `./YYYYMM/tYYYYMMDD_N.html` pages."""

from __future__ import annotations

import math
import re
from html import escape

from replica.markup import render
from replica.reply import EMPTY, Reply, SiteRequest, html_reply, not_found
from replica.sites._province_corpus import Doc, cut_title, day_moment, documents, page_values
from replica.sites._province_table import (
    GOV,
    GOV_FOLDER,
    MPA,
    MPA_FOLDER,
    PROVINCES,
    TRS,
    Province,
)

PAGE_SIZE = 15
LINK_TITLE_CHARS = 28
COLUMNS = {GOV: (GOV_FOLDER, "规范性文件"), MPA: (MPA_FOLDER, "通知公告")}
BY_HOST = {
    p.host(column): (p, column) for p in PROVINCES if p.platform == TRS for column in COLUMNS
}
HOSTS = tuple(BY_HOST)

_LIST_PAGE = re.compile(r"index(?:_([1-9]\d*))?\.html")
_DETAIL = re.compile(r"(\d{6})/t\d{8}_(\d+)\.html")


def respond(request: SiteRequest) -> Reply:
    province, column = BY_HOST[request.host]
    folder, _ = COLUMNS[column]
    if not request.path.startswith(folder):
        return _missing(request)
    rest = request.path.removeprefix(folder)
    listed = documents(province, column, request.day)
    if rest == "" or (match := _LIST_PAGE.fullmatch(rest)):
        page = int(match[1]) if rest and match[1] else 0
        return _list_page(province, column, listed, page, request)
    if match := _DETAIL.fullmatch(rest):
        found = [doc for doc in listed if doc.id == int(match[2]) and doc.folder == match[1]]
        if found:
            return _detail_page(province, column, found[0])
    return _missing(request)


def _list_page(
    province: Province, column: str, listed: tuple[Doc, ...], page: int, request: SiteRequest
) -> Reply:
    pages = max(1, math.ceil(len(listed) / PAGE_SIZE))
    if page >= pages:
        return _missing(request)
    shown = (
        [] if request.list_layout == EMPTY else listed[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    )
    rows = [
        {
            "folder": doc.folder,
            "file_name": doc.file_name,
            "title": escape(doc.title),
            "short_title": escape(cut_title(doc.title, LINK_TITLE_CHARS)),
            "wenhao": escape(doc.wenhao or ""),
            "date": doc.shown_date.isoformat(),
        }
        for doc in shown
    ]
    html = render(
        "province_trs_list.html",
        site_name=province.site_name(column),
        column_name=COLUMNS[column][1],
        site_code=province.site_code(column),
        rows=rows,
        pages=pages,
        page=page,
        records=len(listed),
    )
    return html_reply(html, last_modified=day_moment(request.day))


def _detail_page(province: Province, column: str, doc: Doc) -> Reply:
    html = render(
        "province_trs_detail.html",
        site_name=province.site_name(column),
        column_name=COLUMNS[column][1],
        site_code=province.site_code(column),
        **page_values(doc),
    )
    return html_reply(html)


def _missing(request: SiteRequest) -> Reply:
    return not_found(f"no page {request.path} on {request.host}")
