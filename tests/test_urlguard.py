"""The URL guard's decisions: schemes, hosts, addresses after resolution, the replica."""

from __future__ import annotations

import pytest

from crawler.urlguard import Policy, Resolver, address_refusal, normal_host, precheck, refusal

MOST = Policy.of(["www.most.gov.cn", "files.example.org."])
REPLICA = Policy.of(["www.most.gov.cn"], replica="http://127.0.0.1:8800")
PUBLIC = {
    "www.most.gov.cn": ["203.119.25.1"],
    "cdn.www.most.gov.cn": ["203.119.25.2"],
    "files.example.org": ["93.184.216.34"],
}


def _resolve(answers: dict[str, list[str]]) -> tuple[Resolver, list[str]]:
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        return answers.get(host, [])

    return resolve, asked


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://www.most.gov.cn/a.pdf", "scheme"),
        ("data:text/html,hi", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http:///path", "no_host"),
        ("http://www.most.gov.cn:99999/", "no_host"),
        ("http://169.254.169.254/latest/meta-data/", "link_local"),
        ("http://127.0.0.1:9/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://100.64.0.1/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://8.8.8.8/", "host"),
        ("http://www.nhc.gov.cn/", "host"),
        ("http://evilmost.gov.cn/", "host"),
        ("http://www.most.gov.cn.evil.org/", "host"),
        ("http://2130706433/", "host"),
        ("http://localhost/", "host"),
    ],
)
def test_refused_without_asking_dns(url: str, reason: str) -> None:
    resolve, asked = _resolve(PUBLIC)
    assert refusal(url, MOST, resolve) == reason
    assert asked == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.most.gov.cn/tztg/index.html",
        "HTTP://WWW.MOST.GOV.CN./tztg/",
        "https://cdn.www.most.gov.cn/a.pdf",
        "https://files.example.org/x.doc",
    ],
)
def test_own_and_extra_hosts_with_public_addresses_are_allowed(url: str) -> None:
    resolve, asked = _resolve(PUBLIC)
    assert refusal(url, MOST, resolve) is None
    assert asked


@pytest.mark.parametrize(
    ("addresses", "reason"),
    [
        (["127.0.0.1"], "loopback"),
        (["203.119.25.1", "10.0.0.5"], "private"),
        (["2001:4860:4860::8888", "fe80::1"], "link_local"),
        (["169.254.169.254"], "link_local"),
        ([], "unresolved"),
    ],
)
def test_an_own_host_resolving_to_an_internal_address_is_refused(
    addresses: list[str], reason: str
) -> None:
    resolve, _ = _resolve({"www.most.gov.cn": addresses})
    assert refusal("https://www.most.gov.cn/a.html", MOST, resolve) == reason


def test_under_the_replica_hostnames_need_no_resolution() -> None:
    resolve, asked = _resolve({})
    assert refusal("https://www.most.gov.cn/tztg/", REPLICA, resolve) is None
    assert asked == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8800/tztg/", None),
        ("http://127.0.0.1:8801/", "loopback"),
        ("https://127.0.0.1:8800/", "loopback"),
        ("http://169.254.169.254/", "link_local"),
        ("http://www.nhc.gov.cn/", "host"),
        ("file:///etc/passwd", "scheme"),
    ],
)
def test_the_replica_is_the_one_exception_while_configured(url: str, reason: str | None) -> None:
    assert refusal(url, REPLICA, _resolve({})[0]) == reason
    assert refusal(url, MOST, _resolve({})[0]) is not None


def test_precheck_names_the_host_left_to_resolve() -> None:
    assert precheck("https://www.most.gov.cn/", MOST).resolve == "www.most.gov.cn"
    assert precheck("https://www.most.gov.cn/", REPLICA).resolve is None


def test_public_addresses_pass() -> None:
    assert address_refusal("203.119.25.1") is None
    assert address_refusal("2400:da00::6666") is None


def test_hosts_are_compared_normalised() -> None:
    assert normal_host(" WWW.Most.gov.CN. ") == "www.most.gov.cn"
    assert normal_host("[::1]") == "::1"
    assert normal_host(None) == ""
