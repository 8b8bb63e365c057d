"""Database fixtures: every storage test runs on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from storage import Store, open_store
from storage.models import Document

PG_URL = os.environ.get(
    "POLICYWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_schema_url(schema: str) -> str:
    url = make_url(PG_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[object]:
    """An engine on the test PostgreSQL; the run fails when it is unreachable."""
    if os.environ.get("POLICYWATCH_SKIP_PG") == "1":
        pytest.skip("POLICYWATCH_SKIP_PG=1: PostgreSQL tests skipped")
    engine = create_engine(PG_URL)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        pytest.fail(
            f"PostgreSQL at {PG_URL} is unreachable ({error.orig}); start it, point "
            "POLICYWATCH_TEST_PG_URL at one, or set POLICYWATCH_SKIP_PG=1"
        )
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh schema on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'policywatch.db'}"
        return
    yield from _fresh_schema(request.getfixturevalue("postgres_admin"))


@pytest.fixture
def pg_url(postgres_admin: Any) -> Iterator[str]:
    """A URL of an empty database on PostgreSQL: a fresh schema."""
    yield from _fresh_schema(postgres_admin)


def _fresh_schema(admin: Any) -> Iterator[str]:
    schema = f"pw_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield _postgres_schema_url(schema)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated Store on each backend."""
    opened = open_store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as opened:
        yield opened


def stored_documents(db_url: str) -> int:
    """How many documents the database at `db_url` holds."""
    store = open_store(db_url)
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(Document)) or 0
    finally:
        store.close()
