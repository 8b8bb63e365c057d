"""The policy library's search API (`/search-gov/data`): its answer to one query, as JSON data.

Each category of `catMap` is paged on its own: page `p` holds rows `(p-1)*n … p*n-1` of every
category, so a short category runs out before a long one. `code` 1001 answers a page with no
rows at all. Pages count from p=1; p=0 is read as p=1 (unconfirmed: clients send either).
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta, timezone
from typing import Any

from replica.corpus.model import Document
from replica.reply import CHANGED, EMPTY
from replica.sites import _govcn_corpus as corpus
from replica.words import words

WORDS = words("govcn")

CHINA = timezone(timedelta(hours=8))
DEFAULT_SIZE = 10
MAX_SIZE = 100
SUMMARY_CHARS = 120
OTHERFILE = "otherfile"
GONGBAO = "gongbao"
LIBRARIES: dict[str, tuple[str, ...]] = {
    "zhengcelibrary": (WORDS.gongwen, WORDS.bumenfile, OTHERFILE, GONGBAO),
    "zhengcelibrary_gw_bm_gb": (WORDS.gongwen, WORDS.bumenfile, OTHERFILE, GONGBAO),
    "zhengcelibrary_gw": (WORDS.gongwen,),
    "zhengcelibrary_bm": (WORDS.bumenfile,),
    "zhengcelibrary_gb": (GONGBAO,),
}
EMPTY_KEYS = (
    "fwzh", "imgurl", "fwdw", "fcode", "wenhao", "wjlx", "zhengtype", "gname", "subjectword",
    "shixiao", "syqt",
)  # fmt: skip
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
    if len(categories) == 1:
        total = len(found[categories[0]])
        search_vo: dict[str, Any] = {
            "totalCount": total,
            "pageSize": size,
            "currentPage": page,
            "totalpage": math.ceil(total / size),
            "listVO": rows[categories[0]],
            "catMap": None,
        }
    else:
        search_vo = {
            "totalCount": 0,
            "pageSize": 0,
            "currentPage": 0,
            "totalpage": 0,
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
    params = {"t": query.get("t"), "q": text or None, "p": page, "n": size}
    return {
        "code": 200,
        "msg": "操作成功",
        "data": None,
        "searchVO": search_vo,
        "paramsVO": {**params, "sort": query.get("sort"), "searchfield": query.get("searchfield")},
    }


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _matching(category: str, text: str, field: str, day: int) -> list[Document]:
    if category not in (WORDS.gongwen, WORDS.bumenfile):
        return []
    docs = corpus.in_category(category, day)
    if not text:
        return docs
    if field == "title":
        return [doc for doc in docs if text in doc.title]
    return [doc for doc in docs if text in doc.title or any(text in p for p in doc.paragraphs)]


def _row(doc: Document, text: str) -> dict[str, Any]:
    """A row as the real API writes it: `pubtime`/`pubtimeStr` the publication, `ptime` the
    成文 date (not a publication time), `index` the 索引号 of 国务院文件 only, and the keys
    that are always empty."""
    written = datetime.combine(doc.written, time(23, 55), CHINA)
    return {
        "piclinksurl": "",
        "code": "",
        "pcode": doc.listed_wenhao or "",
        "source": "",
        "title": doc.title.replace(text, f"<em>{text}</em>") if text else doc.title,
        "totalCount": 0,
        "pubtimeStr": f"{doc.published:%Y.%m.%d}",
        **dict.fromkeys(EMPTY_KEYS, ""),
        "dateType": True,
        "theme": False,
        "currentNum": 0,
        "id": str(doc.id),
        "themeLinks": [],
        "ptime": int(written.timestamp() * 1000),
        "summary": doc.paragraphs[1][:SUMMARY_CHARS],
        "index": (doc.index_no or "") if corpus.category_of(doc) == WORDS.gongwen else "",
        "personal": False,
        "url": f"https://www.gov.cn{doc.path}",
        "childtype": doc.category,
        "pubtime": int(doc.published.replace(tzinfo=CHINA).timestamp() * 1000),
        "puborg": doc.agency,
    }
