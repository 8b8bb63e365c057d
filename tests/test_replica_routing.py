"""Routing of real URLs to the replica."""

from __future__ import annotations

from crawler.replica_routing import routed_url


def test_routed_url_keeps_path_and_query_and_names_the_host() -> None:
    url, host = routed_url("https://www.most.gov.cn/tztg/index_1.html?a=1#x", "http://127.0.0.1:81")
    assert url == "http://127.0.0.1:81/tztg/index_1.html?a=1"
    assert host == "www.most.gov.cn"


def test_routed_url_of_a_bare_host() -> None:
    assert routed_url("https://www.nhc.gov.cn", "http://127.0.0.1:81") == (
        "http://127.0.0.1:81/",
        "www.nhc.gov.cn",
    )
