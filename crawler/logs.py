"""The daemon's log file under var/log/, rotated by size."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5


def add_log_file(path: Path, *, verbose: bool) -> None:
    """Also log to `path` (rotated at 5 MiB, 5 kept); INFO lines always, DEBUG with --verbose."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for quiet in ("apscheduler", "sqlalchemy", "alembic"):
        logging.getLogger(quiet).setLevel(logging.DEBUG if verbose else logging.WARNING)
