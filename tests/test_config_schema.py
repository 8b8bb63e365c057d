"""policywatch.toml checked by its schema: each bad config of the table is refused by every
command that reads the config, in one line naming the file, the line and the key, exit 2."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.config import load_config
from crawler.config_lines import key_line
from policywatch.cli import main

BAD_CONFIGS = tomllib.loads(
    (Path(__file__).parent / "files" / "bad_configs.toml").read_text(encoding="utf-8")
)["case"]
COMMANDS = [
    ["crawl", "most_tztg"],
    ["sources"],
    ["status"],
    ["run"],
    ["feeds"],
    ["serve", "--port", "0"],
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYWATCH_DB_URL", f"sqlite:///{tmp_path / 'policywatch.db'}")
    monkeypatch.delenv("POLICYWATCH_CONFIG", raising=False)
    return tmp_path


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=lambda case: case["error"][:40])
def test_a_bad_config_is_refused_in_one_line(workdir: Path, case: dict[str, str]) -> None:
    (workdir / "policywatch.toml").write_text(case["config"], encoding="utf-8")
    result = CliRunner().invoke(main, ["sources"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: policywatch.toml:{case['error']}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_command_that_reads_the_config_refuses_it(workdir: Path, command: list[str]) -> None:
    path = workdir / "operator.toml"
    path.write_text("[crawl]\nschedule = 'every 0m'\n", encoding="utf-8")
    result = CliRunner().invoke(main, command, env={"POLICYWATCH_CONFIG": str(path)})
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {path}:2: [crawl] schedule: schedule 'every 0m': an interval must be longer "
        "than 0\n"
    )


def test_the_defaults_and_a_good_config_pass(workdir: Path) -> None:
    (workdir / "policywatch.toml").write_text(
        "[crawl]\nschedule = 'every 30m'\n[sources.most_tztg]\nenabled = false\n"
        "[daemon]\ngrace = 1.5\n[webhooks]\nurls = ['https://hooks.example.org/x']\n",
        encoding="utf-8",
    )
    assert load_config()["sources"]["most_tztg"] == {"enabled": False}
    assert CliRunner().invoke(main, ["sources"]).exit_code == 0


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("crawl", "schedule"), 5),
        (("sources", "a", "enabled"), 8),
        (("sources", "b", "enabled"), 10),
        (("topics", "t", "keywords", "医疗"), 12),
        (("sources", "c"), 9),
        (("crawl", "missing"), 3),
        (("nowhere",), None),
    ],
)
def test_a_key_is_found_in_the_text(path: tuple[str, ...], line: int | None) -> None:
    text = (
        "# policywatch\n\n[crawl]\ntopic = 'schedule'\nschedule = 'x'\n\n"
        "[sources.a]\nenabled = 1\n[sources]\nb.enabled = 2\n[topics.t]\n"
        "keywords = { \"医疗\" = 'x' }\n"
    )
    assert key_line(text, path) == line
