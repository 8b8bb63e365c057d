"""The daemon against the replica: schedules of seconds, a new day, one site's layout broken
and another site blocked, incidents and repair, webhooks, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from policywatch.demo import LOOPBACK_SETTINGS
from replica.corpus import timeline
from replica.server import ReplicaServer
from replica.sites import _nmpa_corpus
from storage import open_store
from storage.models import Change, Document, Incident, Source
from tests.support.receiver import Receiver, serve

MOST, NMPA = "most_gfxwj", _nmpa_corpus.NMPA_YLQXFGWJ
SOURCES = (MOST, NMPA)
WAIT_SECONDS = 60
BROKEN = {NMPA: "empty", MOST: "blocked"}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve(failures=2)


def _config(tmp_path: Path, hook: str) -> Path:
    path = tmp_path / "policywatch.toml"
    path.write_text(
        f"""
[crawl]
schedule = "every 2s"

[daemon]
jitter = 0
grace = 20
feeds_dir = "{tmp_path / "feeds"}"
log_file = "{tmp_path / "log" / "policywatch.log"}"

[health]
incident_after_runs = 1

[webhooks]
urls = ["{hook}"]
topic = ""
backoff = 0.2
poll = 0.2
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def daemon(
    replica: ReplicaServer, receiver: Receiver, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    replica.set_day(0)
    replica.faults.clear()
    db_url = f"sqlite:///{tmp_path / 'policywatch.db'}"
    env = {**os.environ, **LOOPBACK_SETTINGS, "POLICYWATCH_REPLICA": replica.url}
    env["POLICYWATCH_CONFIG"] = str(_config(tmp_path, receiver.url))
    child = subprocess.Popen(
        [sys.executable, "-m", "policywatch.cli", "--db", db_url, "run", *SOURCES],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield child, db_url
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        replica.faults.clear()
        replica.set_day(0)


def _wait_for(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"the daemon did not get to: {what}")


def _query(db_url: str, statement: object) -> object:
    store = open_store(db_url)
    with store.session() as session:
        found = session.execute(statement).all()
    store.close()
    return found


def _documents(db_url: str) -> int:
    return _query(db_url, select(func.count()).select_from(Document))[0][0]


def _statuses(db_url: str) -> dict[str, str]:
    return dict(_query(db_url, select(Source.id, Source.status)))


def _changes(db_url: str, kind: str) -> int:
    return _query(db_url, select(func.count()).where(Change.kind == kind))[0][0]


def _incidents(db_url: str) -> list[tuple[str, str, bool]]:
    """(source, status, closed) of every incident, oldest first."""
    rows = _query(
        db_url,
        select(Incident.source_id, Incident.status, Incident.closed_at).order_by(Incident.id),
    )
    return [(source_id, status, closed_at is not None) for source_id, status, closed_at in rows]


def _listed(day: int) -> int:
    return len(timeline.documents(MOST, day)) + len(_nmpa_corpus.documents(NMPA, day))


def _events(receiver: Receiver) -> list[str]:
    with receiver.lock:
        return [body["event"] for body in receiver.received]


def test_the_daemon_follows_the_sites_through_changes_breakage_and_repair(
    replica: ReplicaServer,
    daemon: tuple[subprocess.Popen[str], str],
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    child, db_url = daemon
    day0 = _listed(0)
    _wait_for("day 0 stored", lambda: _documents(db_url) == day0)
    replica.set_day(1)
    day1 = _listed(1)
    assert day1 > day0
    _wait_for("day 1 stored", lambda: _documents(db_url) == day1 and _changes(db_url, "revised"))
    _wait_for("feeds rebuilt", lambda: (tmp_path / "feeds" / "policies.atom").exists())

    replica.faults.add("www.nmpa.gov.cn", _nmpa_corpus.FOLDERS[NMPA], "layout_changed")
    replica.faults.add("www.most.gov.cn", "/xxgk/", "ruishu")
    _wait_for("breakage seen", lambda: _statuses(db_url) == BROKEN)
    opened = sorted((source, status, False) for source, status in BROKEN.items())
    _wait_for("incidents opened", lambda: sorted(_incidents(db_url)) == opened)
    replica.faults.clear()
    _wait_for("repair seen", lambda: set(_statuses(db_url).values()) == {"ok"})
    closed = sorted((source, status, True) for source, status in BROKEN.items())
    _wait_for("incidents closed", lambda: sorted(_incidents(db_url)) == closed)
    assert _documents(db_url) == day1

    health = tmp_path / "feeds" / "health.atom"
    _wait_for("health feed", lambda: health.exists() and health.read_text().count("/closed<") == 2)
    assert health.read_text(encoding="utf-8").count("/opened<") == 2
    wanted = {"new": 1, "revised": 1, "incident_opened": 2, "incident_closed": 2}
    _wait_for(
        "webhooks delivered",
        lambda: all(_events(receiver).count(event) >= n for event, n in wanted.items()),
    )
    assert receiver.attempts == len(receiver.received) + 2

    child.send_signal(signal.SIGTERM)
    output, _ = child.communicate(timeout=60)
    assert child.returncode == 0, output
    log = (tmp_path / "log" / "policywatch.log").read_text(encoding="utf-8")
    assert f"{MOST}: blocked" in log and f"{NMPA}: empty" in log
    assert "policywatch daemon stopped" in log
