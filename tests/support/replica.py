"""The replica as fixtures: one server for the session, and a fresh day-0 state for a test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from replica.server import ReplicaServer


@pytest.fixture(scope="session")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as server:
        yield server


@pytest.fixture
def replica_day0(replica: ReplicaServer) -> ReplicaServer:
    """The session's replica back at day 0, without faults, with an empty request log."""
    replica.set_day(0)
    replica.faults.clear()
    replica.clear_requests()
    return replica
