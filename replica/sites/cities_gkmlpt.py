"""Guangdong's cities on gkmlpt: `/gkmlpt/index` with the SID, the list API
`/gkmlpt/api/all/{catalog}?page=N&sid=SID` and `/gkmlpt/content/…/post_N.html` pages."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from replica.markup import render
from replica.reply import EMPTY, Reply, SiteRequest, html_reply, json_reply, not_found
from replica.sites._province_corpus import Doc, documents, page_values
from replica.sites._province_table import CITIES, GOV

CHINA = ZoneInfo("Asia/Shanghai")
CATALOG = 2
PAGE_SIZE = 100
SID = "755"
BY_HOST = {city.gov_host: city for city in CITIES}
HOSTS = tuple(BY_HOST)
API = f"/gkmlpt/api/all/{CATALOG}"
# Chosen where gkmlpt_api.json is silent (unconfirmed): the cities' catalog number and SID, a
# revision shown by a new `date`/`created_at`, and a withdrawn post answered with a 404.

_CONTENT = re.compile(r"/gkmlpt/content/\d+/\d+/post_(\d+)\.html")


def respond(request: SiteRequest) -> Reply:
    city = BY_HOST[request.host]
    listed = documents(city, GOV, request.day)
    if request.path == "/gkmlpt/index":
        html = render(
            "city_gkmlpt_index.html",
            site_name=city.government,
            site_code=city.site_code(GOV),
            sid=SID,
            host=city.gov_host,
            office=city.office,
        )
        return html_reply(html)
    if request.path == API and request.query.get("sid") == SID:
        shown = [] if request.list_layout == EMPTY else list(listed)
        return json_reply(_answer(request.host, shown, request.query.get("page", "1")))
    if match := _CONTENT.fullmatch(request.path):
        for doc in listed:
            if doc.id == int(match[1]):
                return html_reply(render("city_gkmlpt_detail.html", **page_values(doc)))
    return not_found(f"no page {request.path} on {request.host}")


def post_url(host: str, doc: Doc) -> str:
    return f"https://{host}/gkmlpt/content/{doc.id // 1000000}/{doc.id // 1000}/post_{doc.id}.html"


def _answer(host: str, shown: list[Doc], page: str) -> dict[str, object]:
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    chosen = shown[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return {
        "classify": {"id": CATALOG, "name": "政策文件", "post_count": len(shown)},
        "articles": [
            {
                "id": doc.id,
                "identifier": doc.index_no,
                "title": doc.title,
                "date": int(datetime.combine(doc.shown_date, time(), CHINA).timestamp()),
                "created_at": f"{doc.shown_date} {doc.published:%H:%M:%S}",
                "publisher": doc.agency,
                "document_number": doc.wenhao or "",
                "url": post_url(host, doc),
                "attachment": [],
            }
            for doc in chosen
        ],
    }
