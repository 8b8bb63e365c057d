"""What the Guangdong replicas serve: sources, documents, attachments and timeline changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from replica.words import MEDICAL

PORTAL = "www.gd.gov.cn"
MPA = "mpa.gd.gov.cn"

GD_QBWJ = "gd_qbwj"
GD_GKMLPT = "gd_gkmlpt"
GDMPA_GZWJ = "gdmpa_gzwj"
GDMPA_YLQX = "gdmpa_ylqx"
SOURCES = (GD_QBWJ, GD_GKMLPT, GDMPA_GZWJ, GDMPA_YLQX)

HOSTS = {GD_QBWJ: PORTAL, GD_GKMLPT: PORTAL, GDMPA_GZWJ: MPA, GDMPA_YLQX: MPA}
LIST_FOLDERS = {
    GD_QBWJ: "/zwgk/wjk/qbwj/",
    GDMPA_GZWJ: "/zwgk/gzwj/",
    GDMPA_YLQX: "/zwgk/zcfg/fgjd/ylqx/",
}
GKMLPT_CONTENT = "/gkmlpt/content/"
ATTACHMENT_FOLDER = "/attachment/"

ADDED = "added"
REVISED = "revised"


@dataclass(frozen=True)
class Attachment:
    """A file linked from a document's body, served from its site's attachment store."""

    name: str
    number: int
    post_id: int
    extension: str

    @property
    def path(self) -> str:
        """`/attachment/0/543/543210/4321987.pdf`: the store's folders, then the page's id."""
        number = self.number
        folders = f"{number // 1000000}/{number // 1000}/{number}"
        return f"{ATTACHMENT_FOLDER}{folders}/{self.post_id}.{self.extension}"

    @property
    def media_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "doc": "application/msword",
            "xls": "application/vnd.ms-excel",
        }[self.extension]


@dataclass(frozen=True)
class Document:
    """One version of one page of one source; `folder` is the 文件库 sub-folder (yf, yfb …)."""

    id: int
    source: str
    title: str
    published: datetime
    written: date
    agency: str
    wenhao: str | None
    listed_wenhao: str | None
    index_no: str
    category: str
    paragraphs: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    topic: str
    modified: datetime
    folder: str = ""
    seed: str | None = None
    abolished: bool = False
    version: int = 1

    @property
    def medical(self) -> bool:
        return self.topic == MEDICAL

    @property
    def host(self) -> str:
        return HOSTS[self.source]

    @property
    def path(self) -> str:
        """The page's absolute path on its site."""
        if self.source == GD_GKMLPT:
            return f"{GKMLPT_CONTENT}{self.id // 1000000}/{self.id // 1000}/post_{self.id}.html"
        folder = f"{self.folder}/" if self.folder else ""
        return f"{LIST_FOLDERS[self.source]}{folder}content/post_{self.id}.html"

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.path}"


@dataclass(frozen=True)
class Change:
    """What happened to one document of one source on one timeline day."""

    kind: str
    source: str
    doc_id: int
    at: datetime
