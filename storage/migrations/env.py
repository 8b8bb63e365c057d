"""Alembic environment: runs migrations on the engine handed over by storage.db."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from storage.fts import include_object
from storage.models import Base


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if engine is not None:
        return engine
    return create_engine(context.config.get_main_option("sqlalchemy.url"))


def run_migrations() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
