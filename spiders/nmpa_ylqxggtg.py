"""NMPA 医疗器械公告通告: the drug regulator's notices and announcements on medical devices."""

from __future__ import annotations

from crawler.platforms.nmpa import NmpaSpider


class NmpaYlqxggtgSpider(NmpaSpider):
    name = "nmpa_ylqxggtg"
    site = "www.nmpa.gov.cn"
    site_name = "国家药品监督管理局"
    column_name = "医疗器械公告通告"
    list_url = "https://www.nmpa.gov.cn/ylqx/ylqxggtg/index.html"
    default_agency = "国家药品监督管理局"
