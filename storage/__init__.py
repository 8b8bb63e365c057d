"""Storage: the policywatch database, its schema, and how crawled pages enter it."""

from storage.changes import changes_since
from storage.db import Store, default_db_url, make_engine, open_store
from storage.ingest import IngestResult, ingest, known_listings
from storage.lifecycle import (
    KnownDocument,
    confirm_unchanged,
    due_documents,
    listed_between,
    withdraw,
)
from storage.runs import (
    ensure_source,
    finish_run,
    interrupt_runs,
    last_run_started,
    previous_run_outcome,
    start_run,
)
from storage.schema import SchemaError, migrate

__all__ = [
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
    "last_run_started",
    "listed_between",
    "make_engine",
    "migrate",
    "open_store",
    "previous_run_outcome",
    "start_run",
    "withdraw",
]
