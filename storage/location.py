"""Where the database is when no URL is given: SQLite under var/, found without SQLAlchemy."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_PATH = Path("var") / "policywatch.db"


def default_db_url() -> str:
    """`POLICYWATCH_DB_URL` when set, else SQLite at var/policywatch.db."""
    return os.environ.get("POLICYWATCH_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}"
