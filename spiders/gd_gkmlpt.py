"""Guangdong gkmlpt: the provincial government's information-disclosure catalog."""

from __future__ import annotations

from crawler.platforms.gkmlpt import GkmlptSpider

CATALOG = 5
"""The catalog watched, `/gkmlpt/api/all/5` (政策文件; unconfirmed)."""


class GdGkmlptSpider(GkmlptSpider):
    name = "gd_gkmlpt"
    site = "www.gd.gov.cn"
    site_name = "广东省人民政府"
    column_name = "政府信息公开目录"
    list_url = f"https://www.gd.gov.cn/gkmlpt/api/all/{CATALOG}"
    default_agency = "广东省人民政府"
