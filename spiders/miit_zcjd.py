"""MIIT 政策解读: interpretations of the Ministry of Industry and Information Technology."""

from __future__ import annotations

from crawler.platforms.jpaas import JPaaSUnitSpider


class MiitZcjdSpider(JPaaSUnitSpider):
    name = "miit_zcjd"
    site = "www.miit.gov.cn"
    site_name = "工业和信息化部"
    column_name = "政策解读"
    list_url = "https://www.miit.gov.cn/zwgk/zcjd/index.html"
    default_agency = "工业和信息化部"
