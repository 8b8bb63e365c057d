"""Open the database a command names, every way it can be wrong told in one line."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from policywatch.cli.errors import UserError, database_reason
from storage import Store, default_db_url, open_store

URL_FORMS = "sqlite:///PATH or postgresql://USER@HOST/DATABASE"
_PASSWORD = re.compile(r"://([^:/@]*):[^@/]*@")


def open_archive(url: str | None, *, existing: bool) -> Store:
    """The migrated database at `url` (else the default one). With `existing`, a SQLite file
    that is not there is refused and nothing is created."""
    chosen = url or default_db_url()
    parsed = parse_db_url(chosen)
    path = sqlite_file(parsed)
    if path is not None and not path.exists():
        if existing:
            raise UserError(f"no archive at {path}: run `policywatch crawl` first")
        if blocker := unwritable(path):
            raise UserError(
                f"cannot create the database at {path}: {blocker}; choose another path with --db"
            )
    try:
        return open_store(chosen)
    except OperationalError as error:
        raise unreachable(parsed, error) from error


def parse_db_url(url: str) -> URL:
    """`url` parsed, with a known database kind."""
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except NoSuchModuleError as error:
        raise UserError(
            f"unknown database kind {url.split(':', 1)[0]!r} in --db / POLICYWATCH_DB_URL: "
            f"use {URL_FORMS}"
        ) from error
    except ArgumentError as error:
        raise UserError(
            f"cannot read the database URL {_masked(url)!r} (--db / POLICYWATCH_DB_URL): "
            f"use {URL_FORMS}"
        ) from error
    return parsed


def _masked(url: str) -> str:
    """`url` with the password of its user:password@ part hidden."""
    return _PASSWORD.sub(r"://\1:***@", url)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return None if url.database.startswith("file:") else Path(url.database)


def unwritable(path: Path) -> str | None:
    """Why a file cannot be created at `path`, if it cannot."""
    if path.is_dir():
        return f"{path} is a folder"
    folder = path.absolute().parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{folder} is not writable"
    return None


def unreachable(url: URL, error: OperationalError) -> UserError:
    """The one line telling that the database at `url` could not be opened, and why."""
    where = sqlite_file(url) or url.render_as_string(hide_password=True)
    return UserError(
        f"cannot open the database {where}: {database_reason(error)}; "
        "check --db / POLICYWATCH_DB_URL"
    )
