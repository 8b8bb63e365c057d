"""MIIT 政策文件库: the ministry's policy library, read through its search API."""

from __future__ import annotations

from crawler.platforms.miit_search import JSearchSpider, search_url


class MiitSearchSpider(JSearchSpider):
    name = "miit_search"
    site = "www.miit.gov.cn"
    site_name = "工业和信息化部"
    column_name = "政策文件库"
    list_url = search_url(site, website_id="110000000000000", category="196", page_size=10)
    referer = "https://www.miit.gov.cn/search/zcwjk.html"
    default_agency = "工业和信息化部"
