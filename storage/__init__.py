"""Storage: the policywatch database, its schema, and how crawled pages enter it."""

from storage.changes import changes_since
from storage.db import Store, default_db_url, make_engine, migrate, open_store
from storage.ingest import IngestResult, ingest, known_listings
from storage.runs import ensure_source, finish_run, previous_run_outcome, start_run

__all__ = [
    "IngestResult",
    "Store",
    "changes_since",
    "default_db_url",
    "ensure_source",
    "finish_run",
    "ingest",
    "known_listings",
    "make_engine",
    "migrate",
    "open_store",
    "previous_run_outcome",
    "start_run",
]
