"""The hostile fault of the replica: set through the control endpoint, checked, served."""

from __future__ import annotations

import json
import urllib.request
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest

from replica import hostile
from replica.server import ReplicaServer


def _control(replica: ReplicaServer, **query: str) -> tuple[int, dict[str, object]]:
    url = f"{replica.url}/__replica__/fault?{urlencode(query)}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="POST")) as answer:
            return answer.status, json.load(answer)
    except HTTPError as error:
        return error.code, json.load(error)


def test_the_hostile_fault_takes_its_canary_and_secret_from_the_control_call(
    replica_day0: ReplicaServer,
) -> None:
    status, body = _control(
        replica_day0,
        host=hostile.HOST,
        path="/tztg/",
        kind="hostile",
        canary="http://127.0.0.1:9",
        secret="/tmp/secret.html",
    )
    assert status == 200
    assert body["fault"]["params"] == {"canary": "http://127.0.0.1:9", "secret": "/tmp/secret.html"}
    replica_day0.faults.clear()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"canary": "http://127.0.0.1:9"}, "secret"),
        ({"canary": "file:///x", "secret": "/s"}, "http"),
    ],
)
def test_the_hostile_fault_refuses_missing_or_wrong_parameters(
    replica_day0: ReplicaServer, params: dict[str, str], message: str
) -> None:
    status, body = _control(
        replica_day0, host=hostile.HOST, path="/tztg/", kind="hostile", **params
    )
    assert status == 400 and message in str(body["error"])
    assert len(replica_day0.faults) == 0


def test_the_long_title_is_as_long_as_announced() -> None:
    assert len(hostile.long_title()) == hostile.LONG_TITLE_CHARS
