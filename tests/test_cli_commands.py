"""The command table: every command loads from its module, `--help` imports neither Scrapy nor
the database layer, and the read-only commands neither Scrapy nor the feed builder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from policywatch.cli import COMMANDS, main
from storage import open_store

HEAVY = ("scrapy", "sqlalchemy", "scipy", "datasketch", "twisted")
LIGHT_FOR_READS = ("scrapy", "scipy", "datasketch", "twisted", "feedgen", "werkzeug", "lxml")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_loads_under_its_name(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command) and command.name == name
    assert command.help, f"{name} has no help text"


def test_the_help_lists_every_command_without_importing_them() -> None:
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from policywatch.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "print(result.output)\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    listed = shown.split("Commands:", 1)[1]
    assert all(f"  {name} " in listed for name in COMMANDS)
    assert shown.rstrip().endswith("[]"), shown.rstrip().splitlines()[-1]


@pytest.mark.parametrize("command", ["status", "sources"])
def test_read_only_commands_import_neither_scrapy_nor_the_feed_builder(
    command: str, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path}/archive.db"
    open_store(db_url).close()
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from policywatch.cli import main\n"
        f"result = CliRunner().invoke(main, ['--db', {db_url!r}, {command!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(name for name in {LIGHT_FOR_READS!r} if name in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.rstrip().endswith("[]"), shown.rstrip().splitlines()[-1]
