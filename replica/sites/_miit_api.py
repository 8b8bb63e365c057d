"""MIIT's JSON APIs: the JPaaS unit build behind column lists, and the policy-library search."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from replica.corpus.model import Document
from replica.reply import CHANGED, EMPTY, Reply, SiteRequest, json_reply
from replica.sites import _miit_corpus as corpus
from replica.sites._miit_columns import COLUMNS, TPL_SET_ID, TZ, UNIT_TAG, WEB_ID, YJ
from replica.sites._miit_pages import unit_fragment

UNIT_PATH = "/api-gateway/jpaas-publish-server/front/page/build/unit"
SEARCH_PATH = "/search-front-server/api/search/info"
UNIT_ROWS = 24
WEBSITE_ID = "110000000000000"
LIBRARY_CATEGORY = "196"
WJFB_CATEGORY = "58"
WJFB_COLUMNS = (TZ, YJ)
SEARCH_PAGE_SIZE = 10
SEARCH_PAGE_SIZE_MAX = 100
EXCERPT_CHARS = 145
CHINA = timezone(timedelta(hours=8))


def unit_answer(request: SiteRequest) -> Reply:
    """One page of a column's list; past the last page the list is empty (unconfirmed)."""
    query = request.query
    column = next(
        (c for c in COLUMNS.values() if c.page_id and c.page_id == query.get("pageId")), None
    )
    expected = {"webId": WEB_ID, "tplSetId": TPL_SET_ID, "tagId": UNIT_TAG}
    if (
        column is None
        or column.source is None
        or any(query.get(name) != value for name, value in expected.items())
    ):
        return _failure("500", "页面单元不存在")
    paging = _paging(query.get("paramJson"))
    if paging is None:
        return _failure("400", "paramJson参数格式错误")
    page_no, rows = paging
    listed = corpus.documents(column.source, request.day)
    shown = [] if request.list_layout == EMPTY else listed[(page_no - 1) * rows : page_no * rows]
    html = unit_fragment(column, shown, page_no, len(listed), rows, request.list_layout)
    return json_reply(
        {"success": True, "code": "200", "message": "操作成功", "data": {"html": html}}
    )


def search_answer(request: SiteRequest) -> Reply:
    """One page of the search, newest first: the policy library (196) or 文件发布 (58)."""
    query = request.query
    if query.get("websiteid") != WEBSITE_ID:
        return _failure("400", "websiteid不能为空")
    try:
        page = max(1, int(query.get("p") or 1))
        size = min(SEARCH_PAGE_SIZE_MAX, max(1, int(query.get("pg") or SEARCH_PAGE_SIZE)))
    except ValueError:
        return _failure("400", "分页参数错误")
    groups = _category(query.get("cateid"), request.day)
    if keyword := (query.get("q") or "").strip():
        groups = [group for group in groups if keyword in group[0].title]
    shown = [] if request.list_layout == EMPTY else groups[(page - 1) * size : page * size]
    if request.list_layout == CHANGED:
        result: dict[str, Any] = {
            "total": len(groups),
            "list": [_record(group[0]) for group in shown],
        }
    else:
        result = {
            "totalCount": 0 if request.list_layout == EMPTY else len(groups),
            "pageNo": page,
            "pageSize": size,
            "dataResults": [
                {
                    "groupKey": group[0].id,
                    "groupCount": len(group),
                    "groupData": [{"id": doc.id, "data": _record(doc)} for doc in group],
                }
                for group in shown
            ],
        }
    return json_reply(
        {"success": True, "code": "200", "message": "成功", "data": {"searchResult": result}}
    )


def _category(category: str | None, day: int) -> list[tuple[Document, ...]]:
    groups = corpus.library(day)
    if category == LIBRARY_CATEGORY:
        return groups
    if category == WJFB_CATEGORY:
        return [group for group in groups if group[0].column in WJFB_COLUMNS]
    return []


def _paging(param_json: str | None) -> tuple[int, int] | None:
    if not param_json:
        return 1, UNIT_ROWS
    try:
        params = json.loads(param_json)
        return max(1, int(params.get("pageNo", 1))), max(1, int(params.get("pageSize", UNIT_ROWS)))
    except (ValueError, TypeError, AttributeError):
        return None


def _record(doc: Document) -> dict[str, str]:
    return {
        "title": doc.title,
        "title_text": doc.title,
        "url": doc.path,
        "jsearch_date": f"{doc.published:%Y-%m-%d}",
        "deploytime": _epoch_ms(doc.published),
        "publishtime": f"{doc.published:%Y-%m-%d %H:%M:%S}",
        "cdate": _epoch_ms(datetime.combine(doc.written, datetime.min.time())),
        "publishgroupname": doc.source,
        "filenumbername": doc.listed_wenhao or "",
        "columnname": COLUMNS[doc.column].name,
        "typename": COLUMNS[doc.column].name,
        "indexcode": "",
        "infocontent": "".join(doc.paragraphs)[:EXCERPT_CHARS],
        "metaid": doc.id,
        "_index": f"jsearch_{WEBSITE_ID}",
    }


def _epoch_ms(moment: datetime) -> str:
    return str(int(moment.replace(tzinfo=CHINA).timestamp() * 1000))


def _failure(code: str, message: str) -> Reply:
    return json_reply({"success": False, "code": code, "message": message, "data": None})
