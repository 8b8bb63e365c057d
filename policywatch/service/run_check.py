"""`policywatch run --check`: is the daemon ready to start? Config, database, sources, log."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext

from crawler.config import USER_CONFIG
from crawler.sources import SourceInfo
from policywatch.cli.archive_access import open_archive, unwritable
from policywatch.cli.errors import UserError
from policywatch.service.daemon import DaemonSettings
from storage import Store


def check_install(
    config: dict[str, Any], db_url: str | None, sources: list[SourceInfo]
) -> list[str]:
    """The lines summing up what `policywatch run` would start with; a UserError naming the
    first thing that would stop it. Opening the database creates and migrates it as `run`
    would."""
    settings = DaemonSettings.from_config(config)
    store = open_archive(db_url, existing=False)
    try:
        revision = schema_revision(store)
    finally:
        store.close()
    log_file = log_file_of(config)
    if log_file is not None and (problem := unwritable(log_file)):
        raise UserError(f"[daemon] log_file {log_file}: {problem}; set another or remove it")
    config_file = os.environ.get("POLICYWATCH_CONFIG", str(USER_CONFIG))
    return [
        f"config: {config_file if Path(config_file).exists() else 'the defaults (no file)'}",
        f"database: {store.engine.url.render_as_string(hide_password=True)}, "
        f"schema {revision} (migrated)",
        f"sources: {len(sources)} scheduled ({', '.join(source.id for source in sources)})",
        f"notifications: {len(settings.webhooks.urls)} webhook URL(s), "
        f"{len(settings.notify.targets)} Apprise URL(s)",
        f"log: stderr{f' and {log_file}' if log_file else ''}",
    ]


def schema_revision(store: Store) -> str | None:
    """The database's migration revision."""
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def log_file_of(config: dict[str, Any]) -> Path | None:
    """`[daemon] log_file`, when set: the log goes there as well as to stderr."""
    path = config.get("daemon", {}).get("log_file")
    return Path(path) if path else None
