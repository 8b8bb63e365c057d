"""The migrations as a folder Alembic can read, also when the package runs from a zipped egg."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def migrations_location() -> str:
    """`storage:migrations`, or from a zipped egg (a Scrapyd node) a copy extracted once per egg
    under the temp folder."""
    folder = files("storage") / "migrations"
    if isinstance(folder, Path):
        return "storage:migrations"
    egg = Path(str(folder)).parent.parent
    stamp = f"{egg}:{egg.stat().st_mtime_ns}" if egg.is_file() else str(egg)
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"policywatch-migrations-{digest}"
    if not target.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="policywatch-migrations-"))
        _copy(folder, staging)
        try:
            os.rename(staging, target)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return str(target)


def _copy(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            (target / entry.name).mkdir()
            _copy(entry, target / entry.name)
        elif not entry.name.endswith(".pyc"):
            (target / entry.name).write_bytes(entry.read_bytes())
