"""The Guangdong columns (sources): their hosts, folders and where pages and files live."""

from __future__ import annotations

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


def page_path(source: str, folder: str, post_id: int) -> str:
    """The page's absolute path on its site."""
    if source == GD_GKMLPT:
        return f"{GKMLPT_CONTENT}{post_id // 1000000}/{post_id // 1000}/post_{post_id}.html"
    sub = f"{folder}/" if folder else ""
    return f"{LIST_FOLDERS[source]}{sub}content/post_{post_id}.html"


def attachment_path(number: int, post_id: int, extension: str) -> str:
    """`/attachment/0/543/543210/4321987.pdf`: the store's folders, then the page's id."""
    folders = f"{number // 1000000}/{number // 1000}/{number}"
    return f"{ATTACHMENT_FOLDER}{folders}/{post_id}.{extension}"
