"""The challenge detector on every real saved page: each challenge found, no content page taken
for one, whatever status it came with; JSL, WZWS and 403 answers still recognized."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.waf import HTTP_403, HTTP_412, JSL, RUISHU, WZWS, detect_challenge
from replica import waf as replica_waf

REAL = Path(__file__).resolve().parent / "files" / "real"
PAGES = sorted(path for path in REAL.iterdir() if path.suffix in (".html", ".json"))
CHALLENGES = [path for path in PAGES if "challenge" in path.name]
CONTENT = [path for path in PAGES if path not in CHALLENGES]
RUISHU_STATUSES = (412, 200, 202)
INJECTED_TS = (
    b"<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};"
    b'$_ts.nsd=12345;$_ts.cd="qqqq";if($_ts.lcd)$_ts.lcd();</script>'
)


def test_the_real_samples_hold_both_kinds() -> None:
    names = [path.name for path in CHALLENGES]
    assert names == ["nhc_412_challenge.html", "nmpa_412_challenge.html"]
    assert len(CONTENT) >= 10


@pytest.mark.parametrize("status", RUISHU_STATUSES)
@pytest.mark.parametrize("page", CHALLENGES, ids=lambda path: path.name)
def test_every_real_challenge_is_a_ruishu_challenge(page: Path, status: int) -> None:
    challenge = detect_challenge(status, page.read_bytes())
    assert challenge is not None
    assert challenge.kind == RUISHU and challenge.needs_browser
    assert f"HTTP {status}" in challenge.reason


@pytest.mark.parametrize("page", CONTENT, ids=lambda path: path.name)
def test_no_real_content_page_is_a_challenge(page: Path) -> None:
    assert detect_challenge(200, page.read_bytes()) is None


@pytest.mark.parametrize("name", ["nhc_list.html", "nhc_detail.html", "nmpa_detail.html"])
def test_a_content_page_carrying_the_ts_script_is_still_content(name: str) -> None:
    body = (REAL / name).read_bytes().replace(b"</head>", INJECTED_TS + b"</head>", 1)
    assert INJECTED_TS in body
    assert detect_challenge(200, body) is None


@pytest.mark.parametrize(
    ("status", "body", "kind", "needs_browser"),
    [
        (521, replica_waf.jsl("/").body, JSL, True),
        (200, b"<html><script>var wzwschallenge='x';</script></html>", WZWS, True),
        (412, b"<html><body></body></html>", HTTP_412, True),
        (403, replica_waf.forbidden().body, HTTP_403, False),
    ],
)
def test_other_waf_answers(status: int, body: bytes, kind: str, needs_browser: bool) -> None:
    challenge = detect_challenge(status, body)
    assert challenge is not None
    assert (challenge.kind, challenge.needs_browser) == (kind, needs_browser)


@pytest.mark.parametrize("body", [b"", b"\x00\x01", b"{}", "<p>正文</p>".encode()])
def test_odd_bodies_with_status_200_are_pages(body: bytes) -> None:
    assert detect_challenge(200, body) is None
