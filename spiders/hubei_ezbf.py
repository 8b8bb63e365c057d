"""Hubei 鄂政办发: documents the provincial government general office issues."""

from __future__ import annotations

from crawler.platforms.trs import TRSSpider


class HubeiEzbfSpider(TRSSpider):
    name = "hubei_ezbf"
    site = "www.hubei.gov.cn"
    site_name = "湖北省人民政府"
    column_name = "鄂政办发"
    list_url = "https://www.hubei.gov.cn/zfwj/ezbf/index.shtml"
    default_agency = "湖北省人民政府办公厅"

    row_selector = ".hbgov-bfc-block li"
    row_link = "div > a[title]"
    row_date = "span"
    metadata_cells = ".hbgov-article-meta .row > div"
    title_selectors = (".hbgov-article-title h1::text", "meta[name=ArticleTitle]::attr(content)")
    content_selectors = (".hbgov-article-content", ".TRS_UEDITOR")
