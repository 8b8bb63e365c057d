"""The policy library's search API (`/search-gov/data`): its answer to one query, as JSON data.

Each category of `catMap` is paged on its own: page `p` holds rows `(p-1)*n … p*n-1` of every
category, so a short category runs out before a long one. `code` 1001 answers a page with no
rows at all. Pages count from p=1; p=0 is read as p=1 (unconfirmed: clients send either).
"""

from __future__ import annotations

import math
from datetime import timedelta, timezone
from typing import Any

from replica.reply import CHANGED, EMPTY
from replica.sites import _govcn_corpus as corpus
from replica.sites._govcn_words import BUMENFILE, GONGWEN
from replica.sites._nhc_model import Document

CHINA = timezone(timedelta(hours=8))
DEFAULT_SIZE = 10
MAX_SIZE = 100
SUMMARY_CHARS = 120
OTHERFILE = "otherfile"
GONGBAO = "gongbao"
LIBRARIES: dict[str, tuple[str, ...]] = {
    "zhengcelibrary": (GONGWEN, BUMENFILE, OTHERFILE, GONGBAO),
    "zhengcelibrary_gw_bm_gb": (GONGWEN, BUMENFILE, OTHERFILE, GONGBAO),
    "zhengcelibrary_gw": (GONGWEN,),
    "zhengcelibrary_bm": (BUMENFILE,),
    "zhengcelibrary_gb": (GONGBAO,),
}
NO_RESULTS = {"code": 1001, "msg": "未查询到数据", "data": None, "searchVO": None}


def search(query: dict[str, str], day: int, layout: str) -> dict[str, Any]:
    """The API's answer to `query` (t, q, p, n, searchfield …) on timeline day `day`."""
    categories = LIBRARIES.get(query.get("t", ""), ())
    page = max(_number(query.get("p"), 1), 1)
    size = min(max(_number(query.get("n"), DEFAULT_SIZE), 1), MAX_SIZE)
    text = query.get("q", "").strip()
    found = {name: _matching(name, text, query.get("searchfield", ""), day) for name in categories}
    shown = {name: docs[(page - 1) * size : page * size] for name, docs in found.items()}
    if layout == EMPTY or not any(shown.values()):
        return NO_RESULTS
    rows = {name: [_row(doc, text) for doc in docs] for name, docs in shown.items()}
    if layout == CHANGED:
        redesigned = [row for listed in rows.values() for row in listed]
        return {"code": 200, "msg": "操作成功", "data": {"list": redesigned}}
    total = sum(len(docs) for docs in found.values())
    search_vo: dict[str, Any] = {
        "totalCount": total,
        "pageSize": size,
        "currentPage": page,
        "totalpage": math.ceil(total / size),
    }
    if len(categories) == 1:
        search_vo |= {"listVO": rows[categories[0]], "catMap": None}
    else:
        search_vo |= {
            "listVO": None,
            "catMap": {
                name: {
                    "totalCount": len(found[name]),
                    "catName": name,
                    "currentNum": len(rows[name]),
                    "listVO": rows[name],
                }
                for name in categories
            },
        }
    return {"code": 200, "msg": "操作成功", "data": None, "searchVO": search_vo}


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _matching(category: str, text: str, field: str, day: int) -> list[Document]:
    if category not in (GONGWEN, BUMENFILE):
        return []
    docs = corpus.in_category(category, day)
    if not text:
        return docs
    if field == "title":
        return [doc for doc in docs if text in doc.title]
    return [doc for doc in docs if text in doc.title or any(text in p for p in doc.paragraphs)]


def _row(doc: Document, text: str) -> dict[str, Any]:
    moment = int(doc.published.replace(tzinfo=CHINA).timestamp() * 1000)
    return {
        "id": str(doc.id),
        "title": doc.title.replace(text, f"<em>{text}</em>") if text else doc.title,
        "url": f"https://www.gov.cn{doc.path}",
        "pcode": doc.listed_wenhao or "",
        "puborg": doc.agency,
        "pubtimeStr": f"{doc.published:%Y.%m.%d}",
        "pubtime": moment,
        "ptime": moment,
        "summary": doc.paragraphs[1][:SUMMARY_CHARS],
        "childtype": doc.theme,
        "source": "",
        "code": "",
        "piclinksurl": "",
        "totalCount": 0,
    }
