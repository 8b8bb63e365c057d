"""The built feed files (RSS, Atom, OPML, diff pages) as answers, straight from the feeds folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import safe_join
from werkzeug.wrappers import Response

MEDIA_TYPES = {
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".opml": "text/x-opml",
    ".html": "text/html",
    ".diff": "text/plain",
}


def feed_file(root: Path, path: str) -> Response | None:
    """The file at `path` under `root` with its media type and modification time; None when
    there is no such file of a feed kind (temporary files, paths leaving `root`)."""
    found = safe_join(str(root), path)
    if found is None:
        return None
    file = Path(found)
    media_type = MEDIA_TYPES.get(file.suffix)
    if media_type is None or file.name.startswith(".") or not file.is_file():
        return None
    response = Response(file.read_bytes(), content_type=f"{media_type}; charset=utf-8")
    response.last_modified = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    return response
