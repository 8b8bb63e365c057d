"""NHC 政策解读: the National Health Commission's interpretations of its policies."""

from __future__ import annotations

from crawler.platforms.nhc import NhcSpider


class NhcZcjdSpider(NhcSpider):
    name = "nhc_zcjd"
    site = "www.nhc.gov.cn"
    site_name = "国家卫生健康委员会"
    column_name = "政策解读"
    list_url = "https://www.nhc.gov.cn/wjw/zcjd/list.shtml"
    default_agency = "国家卫生健康委员会"
