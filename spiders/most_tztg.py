"""MOST 通知通告: the Ministry of Science and Technology's notices."""

from __future__ import annotations

from crawler.platforms.trs import TRSSpider


class MostTztgSpider(TRSSpider):
    name = "most_tztg"
    site = "www.most.gov.cn"
    site_name = "科学技术部"
    column_name = "通知通告"
    list_url = "https://www.most.gov.cn/tztg/index.html"
    default_agency = "科学技术部"

    row_selector = "div.list-main li"
    row_link = "a[title]"
    row_date = "span"
