"""Memory of the daemon after 200 crawl cycles against the replica, against its memory after 10.

Each crawl runs in a child process, so the daemon's own resident memory should stay flat;
this prints both figures and their ratio, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from policywatch.demo import LOOPBACK_SETTINGS
from replica.server import ReplicaServer
from storage import open_store
from storage.models import CrawlRun

SOURCES = ("most_gfxwj", "most_tztg")


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def finished_runs(db_url: str) -> int:
    store = open_store(db_url)
    with store.session() as session:
        count = session.scalar(
            select(func.count()).select_from(CrawlRun).where(CrawlRun.outcome != "running")
        )
    store.close()
    return count or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, ReplicaServer(port=0, challenge=False) as server:
        config = Path(workdir) / "policywatch.toml"
        config.write_text(
            f'[crawl]\nschedule = "every 1s"\n[daemon]\njitter = 0\n'
            f'feeds_dir = "{workdir}/feeds"\nlog_file = "{workdir}/policywatch.log"\n',
            encoding="utf-8",
        )
        db_url = f"sqlite:///{workdir}/bench.db"
        env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": server.url}
        env["POLICYWATCH_CONFIG"] = str(config)
        daemon = subprocess.Popen(
            [sys.executable, "-m", "policywatch.cli", "--db", db_url, "run", *SOURCES],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        memory: dict[int, int] = {}
        try:
            for mark in (args.baseline, args.cycles):
                while finished_runs(db_url) < mark:
                    time.sleep(0.5)
                memory[mark] = resident_kib(daemon.pid)
                print(f"after {mark:>4} crawl cycles: daemon RSS {memory[mark] / 1024:.1f} MiB")
        finally:
            daemon.send_signal(signal.SIGTERM)
            daemon.wait(timeout=60)
    ratio = memory[args.cycles] / memory[args.baseline]
    print(f"ratio {args.cycles}/{args.baseline} cycles: {ratio:.2f}")
    elapsed = time.monotonic() - started
    print(f"{args.cycles} cycles in {elapsed:.0f} s; daemon exit {daemon.returncode}")


if __name__ == "__main__":
    main()
