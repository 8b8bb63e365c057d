"""MIIT 装备工业一司 文件发布: documents of the department in charge of medical equipment."""

from __future__ import annotations

from crawler.platforms.jpaas import JPaaSUnitSpider


class MiitZbysSpider(JPaaSUnitSpider):
    name = "miit_zbys"
    site = "www.miit.gov.cn"
    site_name = "工业和信息化部"
    column_name = "装备工业一司 · 文件发布"
    list_url = "https://www.miit.gov.cn/jgsj/zbys/wjfb/index.html"
    default_agency = "工业和信息化部"
