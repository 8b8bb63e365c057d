"""The resolver refuses internal addresses at connection time, even with the URL guard off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler
from twisted.internet import reactor
from twisted.internet.error import DNSLookupError

from crawler.resolver import GuardedResolver
from policywatch.demo import LOOPBACK_SETTINGS
from tests.hostile.conftest import Canary

ROOT = Path(__file__).resolve().parents[2]


def _resolver(replica: str | None = None) -> GuardedResolver:
    crawler = get_crawler(settings_dict={"POLICYWATCH_REPLICA": replica})
    return GuardedResolver.from_crawler(crawler, reactor)  # type: ignore[arg-type]


@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "10.0.0.1", "::1"])
def test_an_internal_address_is_refused(address: str) -> None:
    with pytest.raises(DNSLookupError, match="refused"):
        _resolver().checked(address, "www.most.gov.cn")


def test_a_public_address_and_the_replica_host_pass() -> None:
    assert _resolver().checked("203.119.25.1", "www.most.gov.cn") == "203.119.25.1"
    assert _resolver("http://127.0.0.1:8800").checked("127.0.0.1", "127.0.0.1") == "127.0.0.1"
    with pytest.raises(DNSLookupError):
        _resolver("http://127.0.0.1:8800").checked("127.0.0.1", "localhost")


def test_with_the_guard_off_a_name_resolving_to_loopback_is_never_connected_to(
    canary: Canary, tmp_path: Path
) -> None:
    config = tmp_path / "policywatch.toml"
    port = canary.server_address[1]
    config.write_text(f'[sources.most_tztg]\nlist_url = "http://localhost:{port}/tztg/"\n')
    env = {key: value for key, value in os.environ.items() if key != "POLICYWATCH_REPLICA"}
    env |= LOOPBACK_SETTINGS | {
        "POLICYWATCH_DB_URL": f"sqlite:///{tmp_path / 'policywatch.db'}",
        "POLICYWATCH_CONFIG": str(config),
        "POLICYWATCH_RETRY_TIMES": "0",
        "SCRAPY_SETTINGS_MODULE": "tests.hostile.unguarded_settings",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "policywatch.cli", "-v", "crawl", "--json", "most_tztg"]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "not connecting to localhost: it resolves to 127.0.0.1 (loopback)" in done.stderr
    assert canary.paths == []
