"""NMPA (www.nmpa.gov.cn) columns: TRS lists `div.list ul li` and `h2.title` / `div.text` pages."""

from __future__ import annotations

from crawler.platforms.trs import TRSSpider


class NmpaSpider(TRSSpider):
    """A column of the drug regulator.

    Rows are `div.list ul li` with `a[title]` and a date `span`; the `aria-*` attributes of
    saved pages are added in the browser by the site's accessibility script, so they are not
    relied on. A page's body is `div.text`; the 「相关链接」 `div.about` after it is not.
    """

    row_selector = "div.list ul li"
    row_link = "a[title]"
    row_date = "span"
    title_selectors = ("h2.title::text", "meta[name=ArticleTitle]::attr(content)")
    date_selectors = ("div.date::text",)
    content_selectors = ("div.text",)
