"""Schema creation and migration in one transaction, so that a kill at any moment leaves
either the old schema or the new one; a database found half-made is repaired or reported."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from storage.db import alembic_config, make_engine
from storage.models import Base

VERSION_TABLE = "alembic_version"
VERSIONS = Path(__file__).with_name("migrations") / "versions"
_REVISION = re.compile(r'^revision = "(\w+)"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision = (?:"(\w+)"|None)$', re.MULTILINE)
DATA_TABLES = ("source", "document", "notification")
ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema()))"


class SchemaError(RuntimeError):
    """The database holds a schema this policywatch cannot bring to its newest revision."""


@cache
def head_revision() -> str:
    """The newest migration's revision: the one no other migration follows.

    Read from the migration files' `revision` and `down_revision` lines, so that checking an
    up-to-date database imports neither Alembic nor the migrations; Alembic itself decides
    when there is anything else than one head.
    """
    revisions, followed = set(), set()
    for script in VERSIONS.glob("[0-9]*.py"):
        source = script.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        followed.update(down for down in _DOWN_REVISION.findall(source) if down)
    heads = revisions - followed
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration, all in one transaction.

    An up-to-date database is only read. Otherwise the whole upgrade (the version table
    included) runs in one transaction on a connection that really opens one: SQLite's
    driver would commit each DDL statement by itself, so it gets `BEGIN IMMEDIATE` from us,
    which also makes concurrent first runs wait for each other; PostgreSQL takes an
    advisory lock for the same reason.
    """
    head = head_revision()
    if _current_revisions(engine) == {head}:
        return
    from alembic import command
    from alembic.util import CommandError

    migrating = _transactional(engine)
    try:
        with migrating.connect() as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text(ADVISORY_LOCK))
            _repair_half_made(connection, engine)
            config = alembic_config(migrating)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except CommandError as error:
        raise SchemaError(
            f"{_where(engine)} is at a schema revision this policywatch does not know "
            f"({error}): a newer release made it; upgrade policywatch or point --db at "
            "another database"
        ) from error
    finally:
        if migrating is not engine:
            migrating.dispose()


def _current_revisions(engine: Engine) -> set[str]:
    """The revisions the database's version table holds (none when it has no such table)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return set()
        return set(connection.scalars(text(f"SELECT version_num FROM {VERSION_TABLE}")))


def _transactional(engine: Engine) -> Engine:
    """`engine`, or on a SQLite file a twin whose transactions are real ones (DDL included);
    an in-memory database exists only on `engine`'s own connection, and a kill loses it anyway."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return engine
    return make_engine(engine.url.render_as_string(hide_password=False), real_transactions=True)


def _repair_half_made(connection: Connection, engine: Engine) -> None:
    """Drop what an interrupted creation left (our tables, no version table, nothing
    crawled in them); refuse a versionless database that holds data."""
    present = set(inspect(connection).get_table_names())
    ours = present & set(Base.metadata.tables)
    if VERSION_TABLE in present or not ours:
        return
    filled = [name for name in DATA_TABLES if name in ours and _has_rows(connection, name)]
    if filled:
        raise SchemaError(
            f"{_where(engine)} holds policywatch data (in {', '.join(filled)}) but no "
            "schema version: it was not made by policywatch, or made by a release without "
            "migrations; point --db/POLICYWATCH_DB_URL at another database or move this one aside"
        )
    for statement in _drop_statements(connection, present):
        connection.exec_driver_sql(statement)


def _has_rows(connection: Connection, table: str) -> bool:
    return connection.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None


def _drop_statements(connection: Connection, present: set[str]) -> list[str]:
    if connection.dialect.name != "sqlite":
        return [f'DROP TABLE IF EXISTS "{name}" CASCADE' for name in sorted(present)]
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).all()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    plain = [name for name, _ in rows if name not in virtual]
    return [f'DROP TABLE IF EXISTS "{name}"' for name in [*virtual, *plain]]


def _where(engine: Engine) -> str:
    return f"the database {engine.url.render_as_string(hide_password=True)}"
