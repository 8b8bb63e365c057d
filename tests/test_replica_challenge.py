"""The replica's Ruishu challenge on NMPA, NHC and Hubei: shaped as the real 412 pages are, and
passed only by cookies that answer a nonce it issued, until they expire."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from crawler.waf import RUISHU, detect_challenge
from replica.challenge import CHALLENGED_HOSTS, HostChallenge
from replica.server import ReplicaServer
from tests.test_replica import MOST, Fetched, fetch

NMPA = "www.nmpa.gov.cn"
LIST = "/ylqx/ylqxggtg/index.html"
TRIGGER = re.compile(r"</html>\s*<script type=\"text/javascript\" r='m'>(_\$\w+)\(\);</script>\s*$")


@pytest.fixture
def gate(challenged_replica: ReplicaServer) -> Iterator[ReplicaServer]:
    challenged_replica.clear_requests()
    yield challenged_replica
    challenged_replica.gate.expire()


def challenged(server: ReplicaServer, host: str = NMPA, path: str = LIST) -> Fetched:
    return fetch(server, path, host=host)


def answer(found: Fetched, host: str = NMPA) -> tuple[str, str]:
    """The cookies a browser sends after running the challenge's script: `…S` from the server,
    `…T` computed from the page's nonce and seed as the script computes it."""
    challenge = HostChallenge.of(host)
    nonce = found.css("meta[r]::attr(content)").get()
    nsd = int(re.search(r"\$_ts\.nsd=(\d+);", found.text)[1])
    server_cookie = found.headers["Set-Cookie"].split(";", 1)[0]
    computed = f"{challenge.cookie}T={nonce}.{challenge.digest(nsd, nonce)}"
    return server_cookie, computed


@pytest.mark.parametrize("host", sorted(CHALLENGED_HOSTS))
def test_a_plain_client_gets_the_ruishu_page(gate: ReplicaServer, host: str) -> None:
    found = challenged(gate, host, "/")
    assert found.status == 412
    assert detect_challenge(found.status, found.body).kind == RUISHU
    assert found.text.startswith('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional')
    assert found.css("meta[r='m']::attr(id)").get()
    assert "$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=" in found.text
    script = found.css("script[src]::attr(src)").get()
    assert re.fullmatch(r"/\w{12}/\w{12}\.[0-9a-f]{7}\.js", script)
    assert found.css("body *").getall() == []
    assert TRIGGER.search(found.text)
    assert found.headers["Set-Cookie"].startswith(f"{HostChallenge.of(host).cookie}S=")
    assert gate.requests[-1]["fault"] == "ruishu_challenge"


def test_each_answer_carries_a_new_nonce(gate: ReplicaServer) -> None:
    first, second = challenged(gate), challenged(gate)
    assert first.css("meta[r]::attr(content)").get() != second.css("meta[r]::attr(content)").get()


def test_the_script_is_served_to_anyone_sets_the_cookie_and_reloads(gate: ReplicaServer) -> None:
    path = challenged(gate).css("script[src]::attr(src)").get()
    script = fetch(gate, path, host=NMPA)
    assert script.status == 200
    assert script.headers["Content-Type"] == "application/javascript"
    assert f'document.cookie="{HostChallenge.of(NMPA).cookie}T="' in script.text
    assert "location.reload()" in script.text


def test_the_cookies_that_answer_a_nonce_pass_until_they_expire(gate: ReplicaServer) -> None:
    cookies = "; ".join(answer(challenged(gate)))
    for _ in range(3):
        assert fetch(gate, LIST, host=NMPA, headers={"Cookie": cookies}).status == 200
    assert fetch(gate, "/__replica__/expire", method="POST").status == 200
    assert fetch(gate, LIST, host=NMPA, headers={"Cookie": cookies}).status == 412


def test_cookies_that_do_not_answer_are_refused(gate: ReplicaServer) -> None:
    server_cookie, computed = answer(challenged(gate))
    name, value = computed.split("=", 1)
    nonce, digest = value.rsplit(".", 1)
    other_server_cookie, other_computed = answer(challenged(gate))
    wrong = [
        server_cookie,
        computed,
        f"{server_cookie}; {name}={nonce}.{int(digest, 16) ^ 1:x}",
        f"{server_cookie}; {name}={nonce[:-1]}.{digest}",
        f"{other_server_cookie}; {computed}",
        f"{server_cookie}; {name}=garbage",
        "garbage; =;;",
    ]
    for cookie in wrong:
        assert fetch(gate, LIST, host=NMPA, headers={"Cookie": cookie}).status == 412, cookie
    assert fetch(gate, LIST, host=NMPA, headers={"Cookie": other_computed}).status == 412


def test_a_nonce_answers_on_its_own_host_only(gate: ReplicaServer) -> None:
    cookies = "; ".join(answer(challenged(gate)))
    assert fetch(gate, "/", host="www.nhc.gov.cn", headers={"Cookie": cookies}).status == 412


def test_robots_txt_and_other_sites_are_not_challenged(gate: ReplicaServer) -> None:
    assert fetch(gate, "/robots.txt", host=NMPA).status == 200
    assert fetch(gate, "/tztg/index.html", host=MOST).status == 200


def test_the_switch_turns_the_challenge_off(replica_day0: ReplicaServer) -> None:
    assert fetch(replica_day0, LIST, host=NMPA).status == 200
