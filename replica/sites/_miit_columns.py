"""MIIT's columns: where their pages live, their JPaaS pageIds, and where files are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

TZ = "tz"
ZCJD = "zcjd"
ZBYS = "zbys"
YJ = "yj"

MIIT_TZ = "miit_tz"
MIIT_ZCJD = "miit_zcjd"
MIIT_ZBYS = "miit_zbys"
MIIT_SEARCH = "miit_search"
SOURCES = (MIIT_SEARCH, MIIT_TZ, MIIT_ZBYS, MIIT_ZCJD)

WEB_ID = "8d828e408d90447786ddbe128d495e9e"
TPL_SET_ID = "209741b2109044b5b7695700b2bec37e"
UNIT_TAG = "右侧内容"
ZBYS_PAGE_ID = "f5f0ad6d0bea4a1c9e3b2d7f9a861c24"
"""(unconfirmed) SITES.md names no pageId for 装备工业一司 文件发布: this one is chosen."""

ATTACHMENT_ROOT = "/cms_files/filemanager/1226211233/attach/"


@dataclass(frozen=True)
class Column:
    """A column of the site: where its pages live and, for a watched list, its JPaaS pageId."""

    key: str
    name: str
    folder: str
    page_id: str | None
    trail: tuple[tuple[str, str], ...]
    source: str | None


COLUMNS: dict[str, Column] = {
    column.key: column
    for column in (
        Column(
            TZ,
            "通知",
            "/zwgk/zcwj/wjfb/tz/",
            "3e3ad1a3bec74939890a0d3e54815141",
            (("政务公开", "/zwgk/"), ("政策文件", "/zwgk/zcwj/"), ("文件发布", "/zwgk/zcwj/wjfb/")),
            MIIT_TZ,
        ),
        Column(
            ZCJD,
            "政策解读",
            "/zwgk/zcjd/",
            "1b56e5adc362428299dfc3eb444fe23a",
            (("政务公开", "/zwgk/"),),
            MIIT_ZCJD,
        ),
        Column(
            ZBYS,
            "文件发布",
            "/jgsj/zbys/wjfb/",
            ZBYS_PAGE_ID,
            (("机构设置", "/jgsj/"), ("装备工业一司", "/jgsj/zbys/")),
            MIIT_ZBYS,
        ),
        Column(
            YJ,
            "意见",
            "/zwgk/zcwj/wjfb/yj/",
            None,
            (("政务公开", "/zwgk/"), ("政策文件", "/zwgk/zcwj/"), ("文件发布", "/zwgk/zcwj/wjfb/")),
            None,
        ),
    )
}


def page_path(column: str, published: datetime, key: str) -> str:
    """The page's root-relative path: `<column folder>art/<year>/art_<32 hex>.html`."""
    return f"{COLUMNS[column].folder}art/{published.year}/art_{key}.html"
