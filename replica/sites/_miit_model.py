"""What MIIT's corpus is made of: its columns, documents, attachments and timeline changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from replica.words import MEDICAL

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


@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body, kept under `/cms_files/filemanager/…/attach/`."""

    name: str
    filename: str
    folder: str

    @property
    def path(self) -> str:
        return f"{ATTACHMENT_ROOT}{self.folder}/{self.filename}"

    @property
    def media_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[self.filename.rsplit(".", 1)[1]]


@dataclass(frozen=True)
class MiitDocument:
    """One version of one article page; `in_library` says whether the policy library lists it."""

    key: str
    column: str
    title: str
    published: datetime
    written: date
    department: str
    wenhao: str | None
    listed_wenhao: str | None
    paragraphs: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    topic: str
    in_library: bool
    modified: datetime
    seed: str | None = None
    repost_of: str | None = None
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL

    @property
    def path(self) -> str:
        """The page's root-relative path: `<column folder>art/<year>/art_<32 hex>.html`."""
        return f"{COLUMNS[self.column].folder}art/{self.published.year}/art_{self.key}.html"


@dataclass(frozen=True)
class MiitChange:
    """What happened to one document on one timeline day."""

    kind: str
    column: str
    key: str
    at: datetime


ADDED = "added"
REVISED = "revised"
