"""NHC 规范性文件: the National Health Commission's normative documents."""

from __future__ import annotations

from crawler.platforms.nhc import NhcSpider


class NhcGfxwjSpider(NhcSpider):
    name = "nhc_gfxwj"
    site = "www.nhc.gov.cn"
    site_name = "国家卫生健康委员会"
    column_name = "规范性文件"
    list_url = "https://www.nhc.gov.cn/wjw/gfxwjj/list.shtml"
    default_agency = "国家卫生健康委员会"
