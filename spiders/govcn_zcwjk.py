"""The State Council policy library (国务院政策文件库): 国务院文件 and 部门文件."""

from __future__ import annotations

from crawler.platforms.govcn import GovSearchSpider


class GovcnZcwjkSpider(GovSearchSpider):
    name = "govcn_zcwjk"
    site = "www.gov.cn"
    site_name = "中国政府网"
    column_name = "国务院政策文件库"
    list_url = (
        "https://sousuo.www.gov.cn/search-gov/data?t=zhengcelibrary_gw_bm_gb&q=&p=1&n=20"
        "&sort=pubtime&sortType=1&searchfield=title"
    )
    default_agency = "国务院"
