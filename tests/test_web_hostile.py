"""The web view under hostile requests, on SQLite and PostgreSQL: every bad parameter is a short
400 (never a 500), every method but GET and HEAD a 405, every answer carries the security
headers."""

from __future__ import annotations

import base64
import hashlib
import http.client
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from sqlalchemy import Engine, text
from werkzeug.test import Client, TestResponse

from policywatch.web.app import WebApp
from storage import open_store
from tests.support.db import _postgres_schema_url
from tests.support.web import Archive, fill_archive, serving, write_feeds

BAD_PARAMETERS = [
    "/?page=²",
    "/?page=٣",
    "/?page=-1",
    "/?page=1e3",
    "/?page=501",
    "/?page=99999999999999999999",
    "/?since=0001-01-01",
    "/?until=9999-12-31",
    "/?since=2026-02-30",
    "/?since=2026-W01-1",
    "/?until=20260301",
    "/?q=%00",
    "/?q=医疗%00器械",
    "/?agency=%00",
    "/?source=x%00",
    "/?wenhao=%1b",
    "/?kind=new%00",
    "/?sort=date%00",
    "/?q=" + "器" * 201,
    "/document/99999999999999999999",
    "/document/18446744073709551616",
    "/document/2147483648",
    "/document/99999999999999999999/diff",
    "/document/{plan}/diff?from=99999999999999999999",
    "/document/{plan}/diff?from=²",
    "/document/{plan}/diff?to=-1",
    "/document/{plan}/diff?to=1.5",
    "/policy/%00",
    "/policy/a%00b",
]
METHODS = ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "CONNECT"]
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Client, Archive]]:
    folder = tmp_path_factory.mktemp("hostile-web")
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'web.db'}"
    else:
        admin: Engine = request.getfixturevalue("postgres_admin")
        schema = f"pw_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = _postgres_schema_url(schema)
    store = open_store(url)
    archive = fill_archive(store)
    write_feeds(store, folder / "feeds", base_url="http://127.0.0.1/")
    yield Client(WebApp(store, folder / "feeds", stale_after=timedelta(days=3650))), archive
    store.close()
    if schema:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def _secured(response: TestResponse) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("path", BAD_PARAMETERS)
def test_a_bad_parameter_is_a_short_400(site: tuple[Client, Archive], path: str) -> None:
    client, archive = site
    response = client.get(path.format(plan=archive.plan))
    assert response.status_code == 400, response.text[:300]
    root = lxml.html.fromstring(response.data)
    assert root.findtext(".//h1") == "400 Bad Request"
    message = root.xpath("//main/p")[0].text_content()
    assert " must be " in message and len(message) < 120
    _secured(response)


@pytest.mark.parametrize("path", ["/%00.atom", "/diffs/%00/v1.html", "/document/0"])
def test_nothing_to_find_is_a_404(site: tuple[Client, Archive], path: str) -> None:
    response = site[0].get(path)
    assert response.status_code == (400 if path == "/document/0" else 404)
    _secured(response)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("path", ["/", "/health", "/policies.atom", "/document/1"])
def test_only_get_and_head_are_answered(
    site: tuple[Client, Archive], method: str, path: str
) -> None:
    response = site[0].open(path, method=method, data=b"x=1")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    _secured(response)


def test_every_answer_carries_the_headers(site: tuple[Client, Archive]) -> None:
    client, archive = site
    answers = {
        "/": 200,
        "/?q=医疗器械&since=2026-01-01&until=2026-12-31&page=1": 200,
        f"/document/{archive.plan}": 200,
        f"/document/{archive.plan}/diff?from=1&to=2": 200,
        "/health": 200,
        "/policies.atom": 200,
        "/index.opml": 200,
        f"/policy/{archive.plan_key}": 302,
        "/no-such.atom": 404,
    }
    for path, status in answers.items():
        response = client.get(path)
        assert response.status_code == status, path
        _secured(response)
        assert client.head(path).status_code == status
    etag = client.get("/health").headers["ETag"]
    cached = client.get("/health", headers={"If-None-Match": etag})
    assert cached.status_code == 304
    _secured(cached)


def test_a_page_may_use_its_own_style_and_nothing_else(site: tuple[Client, Archive]) -> None:
    client, archive = site
    response = client.get(f"/document/{archive.evil}", headers={"Accept-Encoding": "gzip"})
    assert response.content_encoding == "gzip"
    plain = client.get(f"/document/{archive.evil}")
    styles = lxml.html.fromstring(plain.data).xpath("//style/text()")
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    for answer in (response, plain):
        policy = answer.headers["Content-Security-Policy"]
        assert f"style-src 'sha256-{digest}';" in policy
    feed = client.get("/policies.atom").headers["Content-Security-Policy"]
    assert "style-src 'none'" in feed


def test_a_request_the_app_cannot_answer_still_gets_the_headers(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'gone.db'}")
    store.close()
    (tmp_path / "gone.db").unlink()
    (tmp_path / "gone.db").mkdir()
    response = Client(WebApp(store, tmp_path, stale_after=timedelta(days=1))).get("/health")
    assert response.status_code == 500
    _secured(response)


def test_the_served_app_answers_the_same_over_http(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'served.db'}")
    fill_archive(store)
    with serving(store, tmp_path / "feeds") as url:
        address = urlsplit(url)
        answers = {}
        for method, path in [("GET", "/?q=%00"), ("TRACE", "/"), ("DELETE", "/health")]:
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
            connection.request(method, path)
            response = connection.getresponse()
            answers[method] = (response.status, response.getheader("X-Content-Type-Options"))
            connection.close()
    store.close()
    assert answers == {
        "GET": (400, "nosniff"),
        "TRACE": (405, "nosniff"),
        "DELETE": (405, "nosniff"),
    }
