"""The built feed files (RSS, Atom, OPML, diff pages) as answers, read, hashed and gzipped once
per version on disk."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

from policywatch.web.headers import content_policy
from policywatch.web.http import accepts_gzip, body_etag, compressible, conditional, gzip_body

MEDIA_TYPES = {
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".opml": "text/x-opml",
    ".html": "text/html",
    ".diff": "text/plain",
}
CACHED_FILES = 512


@dataclass
class _Body:
    """One version of a file: its bytes, their ETag, its Content-Security-Policy and, once
    asked for, their gzip."""

    version: tuple[int, int]
    raw: bytes
    etag: str
    modified: datetime
    media_type: str
    policy: str
    gzipped: bytes | None = field(default=None, repr=False)

    def gzip(self) -> bytes:
        if self.gzipped is None:
            self.gzipped = gzip_body(self.raw)
        return self.gzipped


class FeedFiles:
    """The files under `root`, each kept in memory (the last CACHED_FILES used) with its ETag
    and gzipped body until its modification time or size changes on disk."""

    def __init__(self, root: Path, *, capacity: int = CACHED_FILES) -> None:
        self.root = root
        self.capacity = capacity
        self._bodies: OrderedDict[str, _Body] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, request: Request, path: str) -> Response | None:
        """The file at `path` with its media type, validators and encoding; None when there
        is no such file of a feed kind (temporary files, paths leaving the root)."""
        body = self._body(path)
        if body is None:
            return None
        response = Response(body.raw, content_type=f"{body.media_type}; charset=utf-8")
        response.last_modified = body.modified
        response.headers["Content-Security-Policy"] = body.policy
        compress = compressible(body.media_type, len(body.raw)) and accepts_gzip(request)
        return conditional(request, response, body.etag, body.gzip if compress else None)

    def _body(self, path: str) -> _Body | None:
        found = safe_join(str(self.root), path)
        if found is None:
            return None
        file = Path(found)
        media_type = MEDIA_TYPES.get(file.suffix)
        if media_type is None or file.name.startswith("."):
            return None
        try:
            stat = file.stat()
        except (OSError, ValueError):
            return None
        if not file.is_file():
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            body = self._bodies.get(found)
            if body is not None and body.version == version:
                self._bodies.move_to_end(found)
                return body
        raw = file.read_bytes()
        body = _Body(
            version=version,
            raw=raw,
            etag=body_etag(raw),
            modified=datetime.fromtimestamp(stat.st_mtime, UTC),
            media_type=media_type,
            policy=content_policy(raw if media_type == "text/html" else None),
        )
        with self._lock:
            self._bodies[found] = body
            while len(self._bodies) > self.capacity:
                self._bodies.popitem(last=False)
        return body
