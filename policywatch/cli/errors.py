"""User errors of the command line: one line on stderr saying what to do, exit code 2."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import OperationalError

from crawler.config import ConfigError
from storage import SchemaError


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit code 2."""

    exit_code = 2


class UserErrorGroup(click.Group):
    """A command group whose commands' bad config, unusable files and unreachable database
    end in one line and exit code 2, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise UserError(str(error)) from error
        except SchemaError as error:
            raise UserError(str(error)) from error
        except OperationalError as error:
            raise UserError(
                f"the database failed: {database_reason(error)}; check --db / POLICYWATCH_DB_URL"
            ) from error
        except OSError as error:
            if error.filename is None:
                raise
            raise UserError(f"cannot use {error.filename}: {error.strerror}") from error


def database_reason(error: OperationalError) -> str:
    """The first line of what the database driver said."""
    return str(error.orig or error).strip().splitlines()[0]
