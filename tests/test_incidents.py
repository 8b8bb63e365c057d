"""Incidents: opened after repeated bad runs or staleness, closed on recovery, shown and fed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crawler.config import ConfigError
from feeds import build_feeds
from policywatch.cli import main
from policywatch.service.health_check import check_sources
from policywatch.service.webhooks import WebhookSettings
from policywatch.settings import HealthSettings
from storage import Store, open_store
from storage.incidents import CLOSED, OPENED, open_incident
from storage.models import Incident
from tests.support.runs import SOURCE
from tests.support.runs import record_run as crawl

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
HEALTH = HealthSettings(stale_after=timedelta(hours=48), incident_after_runs=1)
NO_HOOKS = WebhookSettings()


def check(store: Store, at: datetime) -> list[tuple[str, str]]:
    events = check_sources(store, [SOURCE], HEALTH, NO_HOOKS, now=at)
    return [(event.kind, event.incident.status) for event in events]


def test_an_incident_opens_after_more_than_n_bad_runs_and_closes_on_recovery(store: Store) -> None:
    crawl(store, "ok", at=NOW, new=3)
    assert check(store, NOW) == []
    first_bad = crawl(store, "empty", at=NOW + timedelta(hours=1))
    assert check(store, NOW + timedelta(hours=1)) == []
    second_bad = crawl(store, "empty", at=NOW + timedelta(hours=2))
    assert check(store, NOW + timedelta(hours=2)) == [(OPENED, "empty")]
    crawl(store, "blocked", at=NOW + timedelta(hours=3))
    assert check(store, NOW + timedelta(hours=3)) == []
    recovered = crawl(store, "ok", at=NOW + timedelta(hours=4))
    assert check(store, NOW + timedelta(hours=4)) == [(CLOSED, "empty")]
    assert check(store, NOW + timedelta(hours=4)) == []
    with store.session() as session:
        incident = session.scalars(select(Incident)).one()
    assert (incident.first_run_id, incident.opened_run_id, incident.closed_run_id) == (
        first_bad,
        second_bad,
        recovered,
    )
    assert incident.opened_at == NOW + timedelta(hours=2)
    assert incident.closed_at == NOW + timedelta(hours=4)
    assert (incident.reason, incident.closed_status) == ("empty here", "quiet")


def test_a_single_bad_run_is_no_incident(store: Store) -> None:
    crawl(store, "ok", at=NOW, new=1)
    crawl(store, "down", at=NOW + timedelta(hours=1))
    crawl(store, "ok", at=NOW + timedelta(hours=2))
    assert check(store, NOW + timedelta(hours=2)) == []


def test_a_stale_source_opens_an_incident_at_check_time(store: Store) -> None:
    crawl(store, "ok", at=NOW, new=1)
    assert check(store, NOW + timedelta(hours=47)) == []
    assert check(store, NOW + timedelta(hours=49)) == [(OPENED, "stale")]
    crawl(store, "ok", at=NOW + timedelta(hours=50))
    assert check(store, NOW + timedelta(hours=50)) == [(CLOSED, "stale")]


def test_a_source_has_one_open_incident_at_most(store: Store) -> None:
    crawl(store, "down", at=NOW)
    crawl(store, "down", at=NOW + timedelta(hours=1))
    assert check(store, NOW + timedelta(hours=1)) == [(OPENED, "down")]
    with (
        pytest.raises(IntegrityError),
        store.session() as session,
        session.begin(),
    ):
        session.add(Incident(source_id=SOURCE, status="down", opened_at=NOW))
    with store.session() as session:
        assert open_incident(session, SOURCE) is not None


def test_health_settings_refuse_a_negative_run_count() -> None:
    with pytest.raises(ConfigError):
        HealthSettings.from_config({"health": {"incident_after_runs": -1}})


def test_the_health_feed_has_an_entry_per_opening_and_closing(store: Store, tmp_path: Path) -> None:
    crawl(store, "blocked", at=NOW)
    crawl(store, "blocked", at=NOW + timedelta(hours=1))
    check(store, NOW + timedelta(hours=1))
    crawl(store, "ok", at=NOW + timedelta(hours=2))
    check(store, NOW + timedelta(hours=2))
    with store.session() as session:
        build_feeds(session, tmp_path)
        incident_id = session.scalars(select(Incident.id)).one()
    atom = (tmp_path / "health.atom").read_text(encoding="utf-8")
    assert f"urn:policywatch:incident-{incident_id}/opened" in atom
    assert f"urn:policywatch:incident-{incident_id}/closed" in atom
    assert atom.index("/closed") < atom.index("/opened")
    assert "blocked here" in atom
    assert 'xmlUrl="http://127.0.0.1:8000/health.atom"' in (tmp_path / "index.opml").read_text(
        encoding="utf-8"
    )


def test_status_shows_the_open_incident(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'status.db'}"
    store = open_store(db_url)
    now = datetime.now(UTC)
    crawl(store, "empty", at=now - timedelta(minutes=2))
    crawl(store, "empty", at=now - timedelta(minutes=1))
    store.close()
    result = CliRunner().invoke(main, ["--db", db_url, "status", "--json"])
    assert result.exit_code == 0, result.output
    row = {row["source_id"]: row for row in json.loads(result.stdout)}[SOURCE]
    assert (row["status"], row["incident"]["status"]) == ("empty", "empty")
    table = CliRunner().invoke(main, ["--db", db_url, "status"])
    assert f"#{row['incident']['id']} since" in table.stdout
