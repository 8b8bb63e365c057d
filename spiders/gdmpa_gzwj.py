"""Guangdong Medical Products Administration 工作文件: notices, rules and announcements."""

from __future__ import annotations

from crawler.platforms.nfcms import NFCMSSpider


class GdmpaGzwjSpider(NFCMSSpider):
    name = "gdmpa_gzwj"
    site = "mpa.gd.gov.cn"
    site_name = "广东省药品监督管理局"
    column_name = "工作文件"
    list_url = "https://mpa.gd.gov.cn/zwgk/gzwj/index.html"
    default_agency = "广东省药品监督管理局"
