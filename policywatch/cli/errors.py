"""User errors of the command line: one line on stderr saying what to do, exit code 2."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit code 2."""

    exit_code = 2


class UserErrorGroup(click.Group):
    """A command group whose commands' bad config, unusable files and unreachable database
    end in one line and exit code 2, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException:
            raise
        except Exception as error:
            message = user_message(error)
            if message is None:
                raise
            raise UserError(message) from error


def user_message(error: Exception) -> str | None:
    """The one line telling the user what went wrong, when `error` is theirs to fix.

    The error classes are looked up among the modules already imported: an error can only
    come from a module that was, and a command that never touched the database need not
    import SQLAlchemy to be told apart.
    """
    config, storage, database = (
        sys.modules.get(name) for name in ("crawler.config", "storage", "sqlalchemy.exc")
    )
    if config is not None and isinstance(error, config.ConfigError):
        return str(error)
    if storage is not None and isinstance(error, storage.SchemaError):
        return str(error)
    if database is not None and isinstance(error, database.OperationalError):
        return f"the database failed: {database_reason(error)}; check --db / POLICYWATCH_DB_URL"
    if isinstance(error, OSError) and error.filename is not None:
        return f"cannot use {error.filename}: {error.strerror}"
    return None


def database_reason(error: OperationalError) -> str:
    """The first line of what the database driver said."""
    return str(error.orig or error).strip().splitlines()[0]
