"""MOST 规范性文件: the Ministry of Science and Technology's normative documents."""

from __future__ import annotations

from crawler.platforms.trs import TRSSpider


class MostGfxwjSpider(TRSSpider):
    name = "most_gfxwj"
    site = "www.most.gov.cn"
    site_name = "科学技术部"
    column_name = "规范性文件"
    list_url = "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/gfxwj/index.html"
    default_agency = "科学技术部"

    row_selector = "ul#data_list > li"
    row_link = "a[title]"
    row_date = "div.w_list_rq"
    row_wenhao = "div.w_list_fwzh"
