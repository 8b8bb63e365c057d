"""NMPA 医疗器械法规文件: the drug regulator's rules and normative documents on medical devices."""

from __future__ import annotations

from crawler.platforms.nmpa import NmpaSpider


class NmpaYlqxfgwjSpider(NmpaSpider):
    name = "nmpa_ylqxfgwj"
    site = "www.nmpa.gov.cn"
    site_name = "国家药品监督管理局"
    column_name = "医疗器械法规文件"
    list_url = "https://www.nmpa.gov.cn/ylqx/ylqxfgwj/index.html"
    default_agency = "国家药品监督管理局"
