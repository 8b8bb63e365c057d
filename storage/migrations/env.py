"""Alembic environment: runs migrations on the connection (or engine) handed over by storage."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine, create_engine

from storage.fts import include_object
from storage.models import Base


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if engine is not None:
        return engine
    return create_engine(context.config.get_main_option("sqlalchemy.url"))


def _run(connection: Connection) -> None:
    """Every pending migration and the version table's updates in one transaction: the
    caller's when it opened one (storage.schema.migrate), else one opened here."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    with _engine().connect() as connection:
        _run(connection)
        connection.commit()


run_migrations()
