"""Start-up time of read-only commands, as a ratio to `python -c pass`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (("--help",), ("status",), ("sources",))
FLOOR = "import sqlalchemy.orm"


def wall_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    """The median wall time of `runs` runs of `command` (after one unmeasured run)."""
    timings = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)
        if attempt:
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def startup(runs: int = 5) -> dict[str, float]:
    """Seconds of `python -c pass`, of importing SQLAlchemy's ORM (the floor under every command
    that reads the database), and of each read-only command, by command, on a database that
    exists (read-only commands refuse to create one)."""
    with tempfile.TemporaryDirectory() as workdir:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env["POLICYWATCH_DB_URL"] = f"sqlite:///{workdir}/startup.db"
        cli = [sys.executable, "-m", "policywatch.cli"]
        subprocess.run([*cli, "run", "--check"], env=env, cwd=ROOT, capture_output=True, check=True)
        found = {"python -c pass": wall_seconds([sys.executable, "-c", "pass"], env, runs)}
        found[FLOOR] = wall_seconds([sys.executable, "-c", FLOOR], env, runs)
        for args in COMMANDS:
            found[" ".join(args)] = wall_seconds([*cli, *args], env, runs)
    return found


def main() -> None:
    found = startup()
    baseline = found.pop("python -c pass")
    print(f"python -c pass: {baseline * 1000:.0f} ms")
    for command, seconds in found.items():
        shown = f"python -c {command!r}" if command == FLOOR else f"policywatch {command}"
        print(f"{shown:<34} {seconds * 1000:6.0f} ms  {seconds / baseline:5.1f}x")


if __name__ == "__main__":
    main()
