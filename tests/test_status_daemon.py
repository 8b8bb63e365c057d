"""`policywatch status` answered by the running daemon over its control socket: the same row as
read from the database, without SQLAlchemy in the asking process; a stale, silent, shared or
foreign socket falls back to the database."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policywatch.cli import main
from policywatch.service import control
from policywatch.service.control import Unanswered, ask_daemon, open_control, socket_path
from storage import open_store
from tests.support.runs import SOURCE, record_run

WAIT_SECONDS = 30
CONFIG = """
[crawl]
schedule = "every 24h"

[daemon]
jitter = 0
grace = 5
feeds_dir = "{feeds}"
"""


@pytest.fixture
def run_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder short enough for a socket path, as XDG_RUNTIME_DIR."""
    folder = Path(tempfile.mkdtemp(prefix="pw-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """An archive whose source ran fine, then came back empty twice."""
    url = f"sqlite:///{tmp_path / 'status.db'}"
    store = open_store(url)
    now = datetime.now(UTC)
    record_run(store, "ok", at=now - timedelta(minutes=3), new=2)
    record_run(store, "empty", at=now - timedelta(minutes=2))
    record_run(store, "empty", at=now - timedelta(minutes=1))
    store.close()
    return url


@contextmanager
def serving(db_url: str, status: Callable[[], Any]) -> Iterator[None]:
    """A control socket of the database answering `status` with what `status()` gives."""
    server = open_control(db_url, {"status": status})
    assert server is not None
    try:
        yield
    finally:
        server.close()


def _status(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db_url, "status", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_running_daemon_answers_status_as_the_database_does(
    db_url: str, run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "policywatch.toml"
    config.write_text(CONFIG.format(feeds=tmp_path / "feeds"), encoding="utf-8")
    monkeypatch.setenv("POLICYWATCH_CONFIG", str(config))
    env = {**os.environ, "POLICYWATCH_CONFIG": str(config)}
    env["POLICYWATCH_REPLICA"] = "http://127.0.0.1:9"
    daemon = subprocess.Popen(
        [sys.executable, "-m", "policywatch.cli", "--db", db_url, "run", SOURCE],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while ask_daemon(db_url, "status") is None:
            assert daemon.poll() is None, daemon.communicate()[1]
            assert time.monotonic() < deadline, "the daemon never opened its socket"
            time.sleep(0.1)
        answered = json.loads(_status(db_url, "--json"))
        table = _status(db_url)
        probe = (
            "import sys\n"
            "from click.testing import CliRunner\n"
            "from policywatch.cli import main\n"
            f"result = CliRunner().invoke(main, ['--db', {db_url!r}, 'status'])\n"
            "assert result.exit_code == 0, result.output\n"
            "print(sorted(m for m in ('sqlalchemy', 'pydantic') if m in sys.modules))\n"
        )
        shown = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        ).stdout
        assert shown.rstrip().endswith("[]"), shown
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=WAIT_SECONDS)
    assert daemon.returncode == 0
    assert not socket_path(db_url).exists()
    assert [row["source_id"] for row in answered] == [SOURCE]
    row = answered[0]
    assert (row["status"], row["incident"]["status"]) == ("empty", "empty")
    read_here = {row["source_id"]: row for row in json.loads(_status(db_url, "--json"))}
    assert read_here[SOURCE] == row
    assert _line_of(SOURCE, _status(db_url)) == _line_of(SOURCE, table)


def _line_of(source_id: str, table: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(f"{source_id} "))


def test_a_socket_left_by_a_dead_daemon_is_passed_by(db_url: str, run_dir: Path) -> None:
    read_here = _status(db_url, "--json")
    path = socket_path(db_url)
    path.parent.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as left:
        left.bind(str(path))
    assert path.exists()
    result = CliRunner().invoke(main, ["--db", db_url, "status", "--json"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, read_here, "")
    with serving(db_url, lambda: ["fresh"]):
        assert ask_daemon(db_url, "status") == ["fresh"]


def test_a_daemon_that_does_not_answer_is_reported_and_the_database_read(
    db_url: str, run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_here = _status(db_url, "--json")
    path = socket_path(db_url)
    path.parent.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen()
        accepted: list[socket.socket] = []
        waiter = threading.Thread(target=lambda: accepted.append(silent.accept()[0]))
        waiter.start()
        monkeypatch.setattr("policywatch.cli.status.ask_daemon", partial(ask_daemon, timeout=0.3))
        result = CliRunner().invoke(main, ["--db", db_url, "status", "--json"])
        waiter.join()
        accepted[0].close()
    assert (result.exit_code, result.stdout) == (0, read_here)
    assert result.stderr.startswith("the daemon did not answer 'status'")
    assert result.stderr.rstrip().endswith("reading the database here")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_folder_open_to_others_is_neither_served_nor_asked(
    db_url: str, run_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = socket_path(db_url).parent
    folder.mkdir(mode=0o700)
    folder.chmod(0o755)
    assert open_control(db_url, {"status": lambda: []}) is None
    assert "open to other users" in caplog.text
    folder.chmod(0o700)
    with serving(db_url, lambda: ["private"]):
        folder.chmod(0o777)
        try:
            assert ask_daemon(db_url, "status") is None
        finally:
            folder.chmod(0o700)


def test_a_second_daemon_leaves_the_first_ones_socket(
    db_url: str, run_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with serving(db_url, lambda: ["first"]):
        assert open_control(db_url, {"status": lambda: ["second"]}) is None
        assert "another daemon answers" in caplog.text
        assert ask_daemon(db_url, "status") == ["first"]


def test_a_daemon_that_cannot_read_the_database_says_why(db_url: str, run_dir: Path) -> None:
    def unreadable() -> list[str]:
        raise OSError("database is locked\n(background on this error at: …)")

    read_here = _status(db_url, "--json")
    with serving(db_url, unreadable):
        result = CliRunner().invoke(main, ["--db", db_url, "status", "--json"])
    assert (result.exit_code, result.stdout) == (0, read_here)
    assert result.stderr.endswith(
        "\nthe daemon could not answer 'status': database is locked; reading the database here\n"
    )


def test_unknown_and_oversized_commands_get_no_answer(db_url: str, run_dir: Path) -> None:
    with serving(db_url, lambda: ["ok"]):
        with pytest.raises(Unanswered, match="unknown command 'stop'"):
            ask_daemon(db_url, "stop")
        with pytest.raises(Unanswered):
            ask_daemon(db_url, "status" * control.MAX_COMMAND_BYTES)
        assert ask_daemon(db_url, "status") == ["ok"]


def test_one_database_has_one_socket_from_any_working_folder(
    tmp_path: Path, run_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    relative = socket_path("sqlite:///var/policywatch.db")
    assert relative == socket_path(f"sqlite:///{tmp_path}/var/policywatch.db")
    assert relative.parent == run_dir / "policywatch"
    monkeypatch.chdir(run_dir)
    assert socket_path("sqlite:///var/policywatch.db") != relative
    assert socket_path("postgresql+psycopg://a@h/one") != socket_path(
        "postgresql+psycopg://a@h/two"
    )
