"""User errors of the command line: one line on stderr, exit code 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policywatch.cli import main
from storage import open_store
from storage.schema import head_revision

NO_ARCHIVE = "no archive at var/policywatch.db: run `policywatch crawl` first"
READ_COMMANDS = [
    ["status"],
    ["search", "器械"],
    ["show", "1"],
    ["history", "1"],
    ["diff", "1"],
    ["export"],
    ["feeds"],
    ["serve", "--port", "0"],
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, the default database URL and no config file."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("POLICYWATCH_DB_URL", raising=False)
    monkeypatch.delenv("POLICYWATCH_CONFIG", raising=False)
    return work


@pytest.fixture
def archive(workdir: Path) -> str:
    url = f"sqlite:///{workdir / 'archive.db'}"
    open_store(url).close()
    return url


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def assert_user_error(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.strip().splitlines() == [f"Error: {message}"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda command: command[0])
def test_read_commands_refuse_a_missing_archive_and_create_nothing(
    workdir: Path, command: list[str]
) -> None:
    assert_user_error(invoke(*command), NO_ARCHIVE)
    assert list(workdir.iterdir()) == []


BAD_DATABASES = [
    (
        "foo",
        "cannot read the database URL 'foo' (--db / POLICYWATCH_DB_URL): "
        "use sqlite:///PATH or postgresql://USER@HOST/DATABASE",
    ),
    (
        "mysqlx://user@host/db",
        "unknown database kind 'mysqlx' in --db / POLICYWATCH_DB_URL: "
        "use sqlite:///PATH or postgresql://USER@HOST/DATABASE",
    ),
    (
        "postgresql+psycopg://postgres@127.0.0.1:1/test",
        "cannot open the database postgresql+psycopg://postgres@127.0.0.1:1/test: "
        "connection failed: ",
    ),
]


@pytest.mark.parametrize("command", [["status"], ["crawl", "most_tztg"], ["run", "--check"]])
@pytest.mark.parametrize(("url", "message"), BAD_DATABASES, ids=["unparseable", "kind", "down"])
def test_a_bad_database_url_is_one_line(
    workdir: Path, command: list[str], url: str, message: str
) -> None:
    result = invoke("--db", url, *command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(workdir.iterdir()) == []


def test_an_unwritable_database_path_is_one_line(workdir: Path) -> None:
    (workdir / "file").write_text("not a folder")
    result = invoke("--db", f"sqlite:///{workdir / 'file' / 'x.db'}", "crawl", "most_tztg")
    assert_user_error(
        result,
        f"cannot create the database at {workdir / 'file' / 'x.db'}: {workdir / 'file'} "
        "is not a folder; choose another path with --db",
    )


def test_a_password_in_a_bad_url_is_not_shown(workdir: Path) -> None:
    result = invoke("--db", "pg sql://pw:s3cret@host/db", "status")
    assert result.exit_code == 2 and "s3cret" not in result.stderr and "pw:***@" in result.stderr


def test_the_database_url_comes_from_the_environment_too(workdir: Path) -> None:
    result = invoke("status", env={"POLICYWATCH_DB_URL": "nonsense"})
    assert result.exit_code == 2 and "cannot read the database URL 'nonsense'" in result.stderr


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "config file {path} does not exist"),
        ("[crawl\n", "{path}: "),
    ],
    ids=["missing", "unparseable"],
)
def test_a_bad_config_is_one_line(workdir: Path, config: str | None, message: str) -> None:
    path = workdir / "policywatch.toml"
    if config is not None:
        path.write_text(config)
    result = invoke("sources", env={"POLICYWATCH_CONFIG": str(path)})
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message.format(path=path)}")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99"], "no document '99': give its id or URL"),
        (["diff", "99"], "no stored document '99': give its id or URL"),
        (
            ["export", "--output", "missing/out.jsonl"],
            "cannot use missing/out.jsonl: No such file or directory",
        ),
    ],
    ids=["show", "diff", "export"],
)
def test_errors_about_the_archive_are_one_line(archive: str, args: list[str], message: str) -> None:
    assert_user_error(invoke("--db", archive, *args), message)


@pytest.mark.parametrize(
    "args",
    [["status", "--bogus"], ["no-such-command"], ["search"], ["search", "x", "--limit", "0"]],
)
def test_usage_errors_exit_2(workdir: Path, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert list(workdir.iterdir()) == []


def test_a_real_process_prints_no_traceback(workdir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "policywatch.cli", "--db", "mysqlx://h/db", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Error: unknown database kind 'mysqlx'")
    assert len(done.stderr.strip().splitlines()) == 1


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("policywatch ")


def test_run_check_migrates_the_database_and_sums_up(workdir: Path) -> None:
    config = workdir / "policywatch.toml"
    config.write_text(
        '[daemon]\nlog_file = "log/policywatch.log"\n'
        '[notify]\nurls = ["json://127.0.0.1:9/hook", "mailto://u:p@example.org"]\n',
        encoding="utf-8",
    )
    result = invoke("run", "--check", "most_gfxwj", "most_tztg")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "config: policywatch.toml",
        f"database: sqlite:///var/policywatch.db, schema {head_revision()} (migrated)",
        "sources: 2 scheduled (most_gfxwj, most_tztg)",
        "notifications: 0 webhook URL(s), 2 Apprise URL(s)",
        "log: stderr and log/policywatch.log",
    ]
    assert (workdir / "var" / "policywatch.db").exists()
    assert not (workdir / "log").exists()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('[notify]\nurls = ["nope://x"]\n', "[notify] urls: nope://… is no Apprise URL"),
        ('[daemon]\nlog_file = "policywatch.toml/x.log"\n', "[daemon] log_file "),
        ('[webhooks]\nurls = ["ftp://x"]\n', "policywatch.toml:2: [webhooks] urls[0]: expected"),
    ],
    ids=["apprise", "log", "webhook"],
)
def test_run_check_names_what_would_stop_the_daemon(
    workdir: Path, config: str, message: str
) -> None:
    (workdir / "policywatch.toml").write_text(config, encoding="utf-8")
    result = invoke("run", "--check")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_node_that_is_no_web_url_is_one_line(workdir: Path) -> None:
    result = invoke("run", "--nodes", "http://node1:6800,node2:6800")
    assert_user_error(result, "--nodes: 'node2:6800' is no http:// or https:// URL")
