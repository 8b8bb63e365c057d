"""The replica as fixtures: one server for the session, and a fresh day-0 state for a test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from crawler.demo import LOOPBACK_SETTINGS
from replica.server import ReplicaServer
from replica.sites.most import prepare_attachment_files


def crawl_env(server: ReplicaServer, db_url: str, **settings: str) -> dict[str, str]:
    """The environment of a `policywatch crawl` child that crawls the replica into `db_url`."""
    return {
        **os.environ,
        **LOOPBACK_SETTINGS,
        "POLICYWATCH_REPLICA": server.url,
        "POLICYWATCH_DB_URL": db_url,
        **settings,
    }


@pytest.fixture(scope="session")
def replica() -> Iterator[ReplicaServer]:
    prepare_attachment_files()
    with ReplicaServer(port=0) as server:
        yield server


@pytest.fixture
def replica_day0(replica: ReplicaServer) -> ReplicaServer:
    """The session's replica back at day 0, without faults, with an empty request log."""
    replica.set_day(0)
    replica.faults.clear()
    replica.clear_requests()
    return replica
