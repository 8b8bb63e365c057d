"""Engines, sessions and schema migration: SQLite under var/ by default, PostgreSQL on request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from storage.location import default_db_url
from storage.packaged import migrations_location

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, *, real_transactions: bool = False) -> Engine:
    """An engine tuned for concurrent crawls: WAL and a busy timeout on SQLite.

    With `real_transactions`, a SQLite transaction is opened by `BEGIN IMMEDIATE` when it
    starts, DDL included (the driver's own handling would commit each DDL statement by itself).
    """
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if real_transactions:
            connect_args["isolation_level"] = None
        engine = create_engine(url, connect_args=connect_args)
        event.listen(engine, "connect", _configure_sqlite)
        if real_transactions:
            event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split(":///", 1)[-1]
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine | None = None) -> Config:
    """The Alembic configuration of the project's migrations, bound to `engine` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", migrations_location())
    if engine is not None:
        config.attributes["engine"] = engine
    return config


class Store:
    """A migrated database: its engine and a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the database at `url`, or the default one."""
    from storage.schema import migrate

    engine = make_engine(url or default_db_url())
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
