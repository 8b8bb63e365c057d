"""Guangdong 文件库 · 全部文件: the provincial government's documents (粤府, 粤府办, 粤办函 …)."""

from __future__ import annotations

from crawler.platforms.nfcms import NFCMSSpider


class GdQbwjSpider(NFCMSSpider):
    name = "gd_qbwj"
    site = "www.gd.gov.cn"
    site_name = "广东省人民政府"
    column_name = "文件库·全部文件"
    list_url = "https://www.gd.gov.cn/zwgk/wjk/qbwj/index.html"
    default_agency = "广东省人民政府"
