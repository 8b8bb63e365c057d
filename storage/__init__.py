"""Storage: the policywatch database, its schema, and how crawled pages enter it.

The names below are loaded from their modules on first use, so that a module of this package
that needs no database (`storage.regions`) is imported without SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.changes import changes_since
    from storage.db import Store, make_engine, open_store
    from storage.ingestion import IngestResult, ingest, known_listings
    from storage.lifecycle import (
        KnownDocument,
        confirm_unchanged,
        due_documents,
        listed_between,
        withdraw,
    )
    from storage.location import default_db_url
    from storage.locks import CrawlLock
    from storage.runs import (
        ensure_source,
        finish_run,
        interrupt_runs,
        last_run_since,
        last_run_started,
        previous_run_outcome,
        start_run,
    )
    from storage.schema import SchemaError, migrate

_HOMES = {
    "changes": ("changes_since",),
    "db": ("Store", "make_engine", "open_store"),
    "ingestion": ("IngestResult", "ingest", "known_listings"),
    "location": ("default_db_url",),
    "locks": ("CrawlLock",),
    "lifecycle": (
        "KnownDocument",
        "confirm_unchanged",
        "due_documents",
        "listed_between",
        "withdraw",
    ),
    "runs": (
        "ensure_source",
        "finish_run",
        "interrupt_runs",
        "last_run_since",
        "last_run_started",
        "previous_run_outcome",
        "start_run",
    ),
    "schema": ("SchemaError", "migrate"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


__all__ = [
    "CrawlLock",
    "IngestResult",
    "KnownDocument",
    "SchemaError",
    "Store",
    "changes_since",
    "confirm_unchanged",
    "default_db_url",
    "due_documents",
    "ensure_source",
    "finish_run",
    "ingest",
    "interrupt_runs",
    "known_listings",
    "last_run_since",
    "last_run_started",
    "listed_between",
    "make_engine",
    "migrate",
    "open_store",
    "previous_run_outcome",
    "start_run",
    "withdraw",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    return getattr(importlib.import_module(f"storage.{module}"), name)
