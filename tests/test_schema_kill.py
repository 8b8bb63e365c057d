"""kill -9 while a first run creates the schema, at offsets spanning the migrations, on SQLite
and PostgreSQL: the next run always finds a usable database, and half-made ones are repaired
or reported in one line."""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from policywatch.cli import main
from storage import SchemaError, ensure_source, ingest, open_store
from storage.models import Base, Change, Document, Version
from storage.schema import head_revision
from tests.support.db import _postgres_schema_url
from tests.test_storage import record

OFFSETS = 20
LATER = 6  # kills further out when a slow machine never let a migration finish


def _first_run(url: str) -> int:
    """A forked process opening `url` for the first time (the code is already imported, so
    its clock starts at the migrations)."""
    pid = os.fork()
    if pid == 0:
        try:
            open_store(url).close()
        finally:
            os._exit(0)
    return pid


def _migration_seconds(url: str) -> float:
    started = time.monotonic()
    _, status = os.waitpid(_first_run(url), 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _state(url) == "head"
    return time.monotonic() - started


def _kill_at(url: str, offset: float) -> None:
    started = time.monotonic()
    pid = _first_run(url)
    time.sleep(max(0.0, started + offset - time.monotonic()))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _state(url: str) -> str:
    """`empty` (nothing of ours), `head` (complete), or what else was left."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names()) & set(Base.metadata.tables)
            revisions = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    if not tables and not revisions:
        return "empty"
    if revisions == {head_revision()} and tables == set(Base.metadata.tables):
        return "head"
    return f"half-made: {sorted(tables)} at {sorted(revisions)}"


def _next_run_stores_once(url: str) -> None:
    store = open_store(url)
    try:
        with store.session() as session, session.begin():
            ensure_source(
                session, "most_gfxwj", site="www.most.gov.cn", name="most", list_url="https://x/"
            )
            assert ingest(session, record()).kind == "new"
        with store.session() as session, session.begin():
            assert ingest(session, record()).kind == "unchanged"
        with store.session() as session:
            for model in (Document, Version, Change):
                assert session.scalar(select(func.count()).select_from(model)) == 1
    finally:
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of URLs of empty databases on one backend."""
    if request.param == "sqlite":
        names = iter(range(1000))
        yield lambda: f"sqlite:///{tmp_path / f'first-{next(names)}.db'}"
        return
    admin: Engine = request.getfixturevalue("postgres_admin")
    made: list[str] = []

    def make() -> str:
        schema = f"pw_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        made.append(schema)
        return _postgres_schema_url(schema)

    yield make
    with admin.begin() as connection:
        for schema in made:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_a_first_run_killed_during_schema_creation_leaves_a_usable_database(
    fresh_url: Callable[[], str],
) -> None:
    measured = min(_migration_seconds(fresh_url()) for _ in range(2))
    offsets = [measured * 1.5 * step / (OFFSETS - 1) for step in range(OFFSETS)]
    states: list[str] = []
    while offsets:
        url = fresh_url()
        _kill_at(url, offsets.pop(0))
        states.append(_state(url))
        _next_run_stores_once(url)
        if not offsets and "head" not in states and len(states) < OFFSETS + LATER:
            offsets.append(measured * 2 ** (len(states) - OFFSETS + 1))
    assert set(states) == {"empty", "head"}, states


def test_tables_left_without_a_version_by_an_older_release_are_dropped_and_remade(
    db_url: str,
) -> None:
    open_store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("DROP TABLE outbox_cursor"))
    engine.dispose()
    _next_run_stores_once(db_url)
    assert _state(db_url) == "head"


def test_a_versionless_database_holding_rows_is_reported_not_touched(db_url: str) -> None:
    _next_run_stores_once(db_url)
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    with pytest.raises(SchemaError, match=r"data \(in source, document\) but no schema version"):
        open_store(db_url)
    engine = create_engine(db_url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM document")) == 1
    engine.dispose()


def test_a_database_at_an_unknown_revision_is_reported(db_url: str) -> None:
    open_store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(SchemaError, match=r"does not know .*upgrade policywatch") as raised:
        open_store(db_url)
    assert "\n" not in str(raised.value)


def test_the_command_line_reports_a_database_it_cannot_migrate_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for command in (["status"], ["feeds", "--out", str(tmp_path / "feeds")]):
        result = CliRunner().invoke(main, ["--db", url, *command])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: the database {url} is at a schema revision")
        assert result.stderr.count("\n") == 1
