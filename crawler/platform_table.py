"""The platforms a source can be configured on, and the spider attributes each lets it set."""

from __future__ import annotations

_TRS_KEYS = frozenset(
    {
        "row_selector",
        "row_link",
        "row_date",
        "row_wenhao",
        "second_page_number",
        "metadata_cells",
        "title_selectors",
        "date_selectors",
        "content_selectors",
    }
)
PLATFORMS: dict[str, tuple[str, frozenset[str]]] = {
    "trs": ("crawler.platforms.trs:TRSSpider", _TRS_KEYS),
    "nfcms": ("crawler.platforms.nfcms:NFCMSSpider", _TRS_KEYS),
    "nhc": ("crawler.platforms.nhc:NhcSpider", _TRS_KEYS),
    "nmpa": ("crawler.platforms.nmpa:NmpaSpider", _TRS_KEYS),
    "jpaas": (
        "crawler.platforms.jpaas:JPaaSUnitSpider",
        frozenset({"page_size", "unit_tag", "metadata_cells", "content_selectors"}),
    ),
    "hanweb": (
        "crawler.platforms.hanweb:HanwebColumnSpider",
        frozenset({"metadata_cells", "content_selectors"}),
    ),
    "miit_search": ("crawler.platforms.miit_search:JSearchSpider", frozenset({"referer"})),
    "govcn": (
        "crawler.platforms.govcn:GovSearchSpider",
        frozenset({"categories", "referer", "content_selector", "metadata_cells"}),
    ),
    "gkmlpt": (
        "crawler.platforms.gkmlpt:GkmlptSpider",
        frozenset({"page_size", "metadata_cells", "content_selectors"}),
    ),
}
"""Platform → (its spider class, the class attributes a source on it may set)."""

PLATFORM_KEYS = frozenset().union(*(keys for _, keys in PLATFORMS.values()))
NEW_SOURCE_KEYS = (
    "platform",
    "site",
    "site_name",
    "column_name",
    "default_agency",
    "region",
    "city",
)
REQUIRED_KEYS = ("list_url", "site_name", "column_name", "region")
