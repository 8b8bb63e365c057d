"""MIIT 通知: the Ministry of Industry and Information Technology's notices (文件发布 · 通知)."""

from __future__ import annotations

from crawler.platforms.jpaas import JPaaSUnitSpider


class MiitTzSpider(JPaaSUnitSpider):
    name = "miit_tz"
    site = "www.miit.gov.cn"
    site_name = "工业和信息化部"
    column_name = "通知"
    list_url = "https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/index.html"
    default_agency = "工业和信息化部"
