"""Crawl locks: on PostgreSQL, one crawl at a time per host across every machine sharing it."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text


class CrawlLock:
    """A session advisory lock held on its own connection until released (or the holder dies).

    The key is the name within the database's current schema (one policywatch database per
    schema). On SQLite there is one machine and nothing to share: the lock is always granted."""

    def __init__(self, engine: Engine, name: str) -> None:
        self.name = name
        self._connection: Connection | None = None
        if engine.dialect.name == "postgresql":
            self._connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another crawl holds it."""
        if self._connection is None:
            return True
        query = text(
            "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || '/' || :name, 0))"
        )
        taken = self._connection.scalar(query, {"name": self.name})
        if not taken:
            self.release()
        return bool(taken)

    def release(self) -> None:
        """Drop the lock with its connection (a pooled connection would keep holding it)."""
        if self._connection is not None:
            self._connection.invalidate()
            self._connection.close()
            self._connection = None
