"""Start-up time of read-only commands, as a ratio to `python -c pass`: on an archive of two
crawled sources, `status` read from the database and answered by the daemon running on it."""

from __future__ import annotations

import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from policywatch.demo import LOOPBACK_SETTINGS, crawl_in_subprocess
from replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "python -c pass"
FLOOR = "import sqlalchemy.orm"
STATUS = "policywatch status"
DAEMON_STATUS = "policywatch status, the daemon running"
SOURCES = ("most_gfxwj", "most_tztg")
CLI = (sys.executable, "-m", "policywatch.cli")
DAEMON_WAIT_SECONDS = 60


def wall_seconds(command: list[str], env: Mapping[str, str], runs: int) -> float:
    """The median wall time of `runs` runs of `command` (after one unmeasured run)."""
    timings = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=True)
        if attempt:
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


@contextmanager
def running_daemon(env: Mapping[str, str]) -> Iterator[None]:
    """The daemon running SOURCES (crawled already, so their next runs are hours away), once
    it listens on its control socket; its log is read all along, so that it never blocks."""
    daemon = subprocess.Popen(
        [*CLI, "run", *SOURCES],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_forward, args=(daemon, log), daemon=True).start()
    try:
        _wait_until_running(daemon, log)
        yield
    finally:
        daemon.terminate()
        daemon.wait(timeout=DAEMON_WAIT_SECONDS)


def _wait_until_running(daemon: subprocess.Popen[str], log: queue.Queue[str]) -> None:
    deadline = time.monotonic() + DAEMON_WAIT_SECONDS
    try:
        while "policywatch daemon running" not in log.get(timeout=deadline - time.monotonic()):
            if daemon.poll() is not None:
                raise RuntimeError(f"the daemon exited {daemon.returncode}")
    except (queue.Empty, ValueError):
        raise RuntimeError("the daemon did not start in time") from None


def _forward(daemon: subprocess.Popen[str], log: queue.Queue[str]) -> None:
    assert daemon.stderr is not None
    for line in daemon.stderr:
        log.put(line)


def startup(runs: int = 5) -> dict[str, float]:
    """Seconds of `python -c pass`, of importing SQLAlchemy's ORM (the floor under every command
    that reads the database here), and of each read-only command, by what was run."""
    with (
        tempfile.TemporaryDirectory() as workdir,
        ReplicaServer(port=0, challenge=False) as replica,
    ):
        folder = Path(workdir)
        config = folder / "policywatch.toml"
        config.write_text(f'[daemon]\nfeeds_dir = "{folder / "feeds"}"\n', encoding="utf-8")
        env = {**os.environ, **LOOPBACK_SETTINGS, "PYTHONPATH": str(ROOT)}
        env |= {
            "POLICYWATCH_DB_URL": f"sqlite:///{folder / 'startup.db'}",
            "POLICYWATCH_REPLICA": replica.url,
            "POLICYWATCH_CONFIG": str(config),
            "XDG_RUNTIME_DIR": workdir,
        }
        crawl_in_subprocess(env, *SOURCES)
        found = {BASELINE: wall_seconds([sys.executable, "-c", "pass"], env, runs)}
        found[FLOOR] = wall_seconds([sys.executable, "-c", FLOOR], env, runs)
        for args in (("--help",), ("status",), ("sources",)):
            found[" ".join(("policywatch", *args))] = wall_seconds([*CLI, *args], env, runs)
        with running_daemon(env):
            found[DAEMON_STATUS] = wall_seconds([*CLI, "status"], env, runs)
    return found


def main() -> None:
    found = startup()
    baseline = found.pop(BASELINE)
    print(f"{BASELINE}: {baseline * 1000:.0f} ms")
    for command, seconds in found.items():
        shown = f"python -c {command!r}" if command == FLOOR else command
        print(f"{shown:<42} {seconds * 1000:6.0f} ms  {seconds / baseline:5.1f}x")


if __name__ == "__main__":
    main()
