"""`policywatch datasette`: the SQLite archive in Datasette, labelled, with canned queries."""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url

from storage import default_db_url

DEFAULT_PORT = 8001
SHIPPED_NAME = "policywatch"


def datasette_metadata(database: str) -> dict[str, Any]:
    """The shipped metadata (storage/datasette.json), its labels and canned queries filed
    under `database`, the name Datasette gives the archive (its file name without suffix)."""
    metadata = json.loads(files("storage").joinpath("datasette.json").read_text(encoding="utf-8"))
    metadata["databases"] = {database: metadata["databases"][SHIPPED_NAME]}
    return metadata


def sqlite_archive(db_url: str) -> Path:
    """The file of the SQLite archive at `db_url`; UsageError when it is no SQLite file."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.UsageError(
            "datasette reads a SQLite archive only; from PostgreSQL, `policywatch export "
            "--format parquet` and open the file instead"
        )
    path = Path(url.database)
    if not path.is_file():
        raise click.UsageError(f"no SQLite archive at {path}: crawl first, or name one with --db")
    return path


@click.command("datasette")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.pass_context
def datasette_command(ctx: click.Context, host: str, port: int) -> None:
    """Browse the SQLite archive in Datasette: tables and columns labelled in Chinese and
    English, canned queries (latest policies per agency, revisions in a period, reposts of a
    policy). Needs the `analysis` extra."""
    path = sqlite_archive(ctx.obj["db_url"] or default_db_url())
    if importlib.util.find_spec("datasette") is None:
        raise click.UsageError("datasette is not installed: pip install 'policywatch[analysis]'")
    with tempfile.TemporaryDirectory() as folder:
        metadata = Path(folder) / "metadata.json"
        metadata.write_text(json.dumps(datasette_metadata(path.stem), ensure_ascii=False))
        command = [sys.executable, "-m", "datasette", "serve", str(path)]
        command += ["--metadata", str(metadata), "--host", host, "--port", str(port)]
        sys.exit(_run_until_stopped(command))


def _run_until_stopped(command: list[str]) -> int:
    """Run `command` until it ends; SIGTERM or Ctrl-C here stops it too. Its exit code."""
    process = subprocess.Popen(command)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        return 0
