"""Provincial governments' 规范性文件 and medical products administrations' 通知公告 on a
TRS-like platform: `index.html`, `index_N.html`, `./YYYYMM/tYYYYMMDD_N.html` pages."""

from __future__ import annotations

import math
import re
import zlib
from html import escape

from replica.markup import render
from replica.reply import EMPTY, Reply, SiteRequest, html_reply, not_found
from replica.sites._province_corpus import Doc, day_moment, documents
from replica.sites._province_table import GOV, GOV_FOLDER, MPA, MPA_FOLDER, PROVINCES, Province

PAGE_SIZE = 15
LINK_TITLE_CHARS = 28
COLUMNS = {GOV: (GOV_FOLDER, "规范性文件"), MPA: (MPA_FOLDER, "通知公告")}
BY_HOST = {p.host(column): (p, column) for p in PROVINCES for column in COLUMNS}
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


def _site_name(province: Province, column: str) -> str:
    return province.government if column == GOV else province.mpa


def _site_code(province: Province, column: str) -> str:
    return f"{zlib.crc32(province.host(column).encode()) % 10**10:010d}"


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
            "short_title": escape(_cut(doc.title)),
            "wenhao": escape(doc.wenhao or ""),
            "date": doc.shown_date.isoformat(),
        }
        for doc in shown
    ]
    html = render(
        "province_trs_list.html",
        site_name=_site_name(province, column),
        column_name=COLUMNS[column][1],
        site_code=_site_code(province, column),
        rows=rows,
        pages=pages,
        page=page,
        records=len(listed),
    )
    return html_reply(html, last_modified=day_moment(request.day))


def _detail_page(province: Province, column: str, doc: Doc) -> Reply:
    html = render(
        "province_trs_detail.html",
        site_name=_site_name(province, column),
        column_name=COLUMNS[column][1],
        site_code=_site_code(province, column),
        title=escape(doc.title),
        published_at=f"{doc.published:%Y-%m-%d %H:%M}",
        published=f"{doc.published:%Y-%m-%d}",
        written=f"{doc.published.date():%Y年%m月%d日}",
        agency=escape(doc.agency),
        wenhao=escape(doc.wenhao or ""),
        index_no=doc.index_no,
        paragraphs=[escape(paragraph) for paragraph in doc.paragraphs],
    )
    return html_reply(html)


def _cut(title: str) -> str:
    return title if len(title) <= LINK_TITLE_CHARS else title[:LINK_TITLE_CHARS] + "..."


def _missing(request: SiteRequest) -> Reply:
    return not_found(f"no page {request.path} on {request.host}")
