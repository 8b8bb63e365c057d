"""Where log lines go: stderr (journald under systemd), and a rotated file when configured."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
LIBRARIES = ("apscheduler", "sqlalchemy", "alembic")


class _StderrHandler(logging.Handler):
    """Writes to whatever sys.stderr is when a line is logged."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


def log_to_stderr(level: int) -> None:
    """Log lines at `level` and above to stderr, replacing an earlier call's handler; the
    libraries' chatter below WARNING only at DEBUG. Warnings and errors are still logged
    (Scrapy counts them) when `level` hides them."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(min(level, logging.WARNING))
    for library in LIBRARIES:
        logging.getLogger(library).setLevel(
            logging.DEBUG if level <= logging.DEBUG else logging.WARNING
        )


def add_log_file(path: Path) -> None:
    """Also write the log to `path`, rotated at 5 MiB, five kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.getLogger().addHandler(handler)
