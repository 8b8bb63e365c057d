"""Guangdong Medical Products Administration 政策解读 · 医疗器械: device policy interpretations."""

from __future__ import annotations

from crawler.platforms.nfcms import NFCMSSpider


class GdmpaYlqxSpider(NFCMSSpider):
    name = "gdmpa_ylqx"
    site = "mpa.gd.gov.cn"
    site_name = "广东省药品监督管理局"
    column_name = "政策解读·医疗器械"
    list_url = "https://mpa.gd.gov.cn/zwgk/zcfg/fgjd/ylqx/index.html"
    default_agency = "广东省药品监督管理局"

    row_wenhao = None
