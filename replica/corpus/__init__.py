"""The replica's deterministic corpus: seed texts plus generated documents, over a timeline."""

from replica.corpus.model import (
    ADDED,
    COLUMNS,
    MOST_GFXWJ,
    MOST_TZTG,
    REPLACED,
    RESTORED,
    RETITLED,
    REVISED,
    WITHDRAWN,
    Attachment,
    Change,
    Document,
)
from replica.corpus.timeline import LAST_DAY, changes, column_modified, document, documents

__all__ = [
    "ADDED",
    "COLUMNS",
    "LAST_DAY",
    "MOST_GFXWJ",
    "MOST_TZTG",
    "REPLACED",
    "RESTORED",
    "RETITLED",
    "REVISED",
    "WITHDRAWN",
    "Attachment",
    "Change",
    "Document",
    "changes",
    "column_modified",
    "document",
    "documents",
]
