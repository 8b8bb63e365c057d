"""www.gd.gov.cn and mpa.gd.gov.cn: the 文件库, gkmlpt and the drug administration's columns."""

from __future__ import annotations

from replica.reply import Reply, SiteRequest
from replica.sites import _gd_gkmlpt as gkmlpt
from replica.sites._gd_columns import ATTACHMENT_FOLDER, MPA, PORTAL, SOURCES
from replica.sites._gd_corpus import LAST_DAY, changes, document, documents
from replica.sites._gd_pages import COLUMNS, attachment, column_page, not_found

HOSTS = (PORTAL, MPA)

__all__ = ["HOSTS", "LAST_DAY", "SOURCES", "changes", "document", "documents", "respond"]


def respond(request: SiteRequest) -> Reply:
    if request.path.startswith(ATTACHMENT_FOLDER):
        return attachment(request)
    if request.host == PORTAL and request.path.startswith("/gkmlpt"):
        return gkmlpt.respond(request)
    for column in COLUMNS:
        if column.host == request.host and request.path.startswith(column.folder):
            return column_page(column, request.path.removeprefix(column.folder), request)
    return not_found()
