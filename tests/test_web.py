"""The web view's pages through the WSGI app: search filters, policy page, diff, health, 404s
and the escaping of a hostile stored page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from werkzeug.test import Client, TestResponse

from policywatch.web.app import WebApp
from storage import open_store
from storage.models import Document
from tests.support.web import (
    EVIL_URL,
    PLAN_URL,
    PWNED,
    REPOST_URL,
    TELECOM_URL,
    Archive,
    fill_archive,
)

HOSTILE_PAGES = ["/", "/?q=器械", "/?q=正文&source=nmpa_ylqxggtg", "/health"]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Archive]]:
    folder = tmp_path_factory.mktemp("web")
    store = open_store(f"sqlite:///{folder / 'web.db'}")
    archive = fill_archive(store)
    yield Client(WebApp(store, folder / "feeds", stale_after=timedelta(days=3650))), archive
    store.close()


@pytest.fixture
def client(web: tuple[Client, Archive]) -> Client:
    return web[0]


@pytest.fixture
def archive(web: tuple[Client, Archive]) -> Archive:
    return web[1]


def page(client: Client, path: str, status: int = 200) -> lxml.html.HtmlElement:
    response = client.get(path)
    assert response.status_code == status, response.text
    return lxml.html.fromstring(response.data)


def hit_links(client: Client, query: str) -> list[str]:
    return page(client, f"/?{query}").xpath("//ol[@class='hits']/li/a[1]/@href")


def test_pages_are_utf8_chinese_and_fit_a_phone(client: Client) -> None:
    response = client.get("/")
    assert response.content_type == "text/html; charset=utf-8"
    root = lxml.html.fromstring(response.data)
    assert root.get("lang") == "zh-CN"
    assert root.xpath("//meta/@charset") == ["utf-8"]
    assert "width=device-width" in root.xpath("//meta[@name='viewport']/@content")[0]
    assert not root.xpath("//script")


def test_search_without_a_query_lists_the_newest(client: Client, archive: Archive) -> None:
    assert hit_links(client, "") == [
        f"/document/{archive.evil}",
        f"/document/{archive.repost}",
        f"/document/{archive.plan}",
        f"/document/{archive.telecom}",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=器械", ["evil", "repost", "plan"]),
        ("q=体外诊断试剂", ["plan"]),
        ("q=5G", ["telecom"]),
        ("q=器械&source=most_tztg", ["repost"]),
        ("site=www.miit.gov.cn", ["telecom"]),
        ("region=national", ["evil", "repost", "plan", "telecom"]),
        ("region=zhejiang", []),
        ("agency=工业和信息化", ["telecom"]),
        ("wenhao=国科发资（2026）第12号", ["repost", "plan"]),
        ("topic=medical_equipment", ["evil", "repost", "plan"]),
        ("since=2026-03-01&until=2026-03-01", ["repost", "plan"]),
        ("until=2025-12-31", ["telecom"]),
        ("kind=revised", ["plan"]),
        ("q=体外诊断 器械", ["plan"]),
        ("q=量子引力", []),
    ],
)
def test_search_filters(client: Client, archive: Archive, query: str, expected: list[str]) -> None:
    assert hit_links(client, query) == [f"/document/{getattr(archive, name)}" for name in expected]


def test_search_keeps_the_form_filled(client: Client) -> None:
    root = page(client, "/?q=器械&source=most_tztg&sort=relevance&since=2026-01-01")
    assert root.xpath("//input[@name='q']/@value") == ["器械"]
    assert root.xpath("//select[@name='source']/option[@selected]/@value") == ["most_tztg"]
    assert root.xpath("//select[@name='sort']/option[@selected]/text()") == ["relevance"]
    assert root.xpath("//input[@name='since']/@value") == ["2026-01-01"]


def test_search_pages_through_results(client: Client, archive: Archive) -> None:
    root = page(client, "/?q=器械&page=2")
    assert root.xpath("//ol[@class='hits']/li") == []
    assert "no documents found" in root.text_content()


@pytest.mark.parametrize(
    "query", ["sort=newest", "since=2026-13-01", "kind=moved", "page=0", "region=atlantis"]
)
def test_unsearchable_input_is_a_400(client: Client, query: str) -> None:
    assert client.get(f"/?{query}").status_code == 400


def test_policy_page_redirects_to_its_primary_document(client: Client, archive: Archive) -> None:
    response = client.get(f"/policy/{archive.plan_key}")
    assert response.status_code == 302
    assert response.location == f"/document/{archive.plan}"


def test_policy_page_shows_metadata_versions_reposts_attachments(
    client: Client, archive: Archive
) -> None:
    root = page(client, f"/document/{archive.plan}")
    text = root.text_content()
    assert root.findtext(".//h1") == "关于印发《高端医疗器械创新发展行动方案》的通知"
    for fact in ["国科发资〔2026〕12号", "科学技术部", "306-01-2026-000012", "2026-03-01", "v2"]:
        assert fact in text
    assert "第一条 为推动高端医疗器械和体外诊断试剂创新发展" in text
    links = root.xpath("//main//a/@href")
    assert PLAN_URL in links
    assert REPOST_URL in links and f"/document/{archive.repost}" in links
    assert "https://www.most.gov.cn/files/plan.pdf" in links
    assert f"/document/{archive.plan}/diff?from=1&to=2" in links
    kinds = [
        item.text_content().split()[-2]
        for item in root.xpath("//h2[.='变更 changes']/following-sibling::ul[1]/li")
    ]
    assert kinds == ["new", "revised"]


def test_diff_page_marks_what_changed(client: Client, archive: Archive) -> None:
    root = page(client, f"/document/{archive.plan}/diff?from=1&to=2")
    assert root.xpath("//div[@class='diff']//ins/text()") == ["和体外诊断试剂"]
    assert PLAN_URL in root.xpath("//a/@href")
    assert page(client, f"/document/{archive.plan}/diff").xpath(
        "//div[@class='diff']//ins/text()"
    ) == ["和体外诊断试剂"]


@pytest.mark.parametrize(
    "path",
    [
        "/document/99999",
        "/document/99999/diff",
        "/document/1/diff?from=1&to=7",
        "/document/4/diff",
        "/policy/no-such-policy",
        "/no-such-feed.atom",
        "/../pyproject.toml",
        "/document/abc",
    ],
)
def test_unknown_ids_and_paths_are_404(client: Client, path: str) -> None:
    root = page(client, path, 404)
    assert root.findtext(".//h1").startswith("404")


def test_health_table(client: Client) -> None:
    rows = page(client, "/health").xpath("//table//tr[td]")
    cells = {
        row.xpath("td/span/text()")[0]: [cell.text_content().strip() for cell in row.xpath("td")]
        for row in rows
    }
    assert cells["most_gfxwj"][1:5] == ["ok", "", "", "2026-03-01 16:00"]
    assert cells["nmpa_ylqxggtg"][1:4] == [
        "blocked",
        "Ruishu 412 challenge <script>x</script>",
        "blocked · 2026-03-01 16:00 起 (since)",
    ]
    assert cells["miit_tz"][1:4] == ["unknown", "never crawled", ""]


def assert_inert(response: TestResponse) -> lxml.html.HtmlElement:
    """Nothing in the page can run: no script, frame, image, SVG but the trends chart's own
    shapes, event handler or javascript: link, whatever the stored rows held."""
    root = lxml.html.fromstring(response.data)
    assert not root.xpath("//script | //iframe | //img | //object | //embed")
    assert not root.xpath("//svg[not(@class='trend')]")
    drawn = {element.tag for element in root.xpath("//svg[@class='trend']//*")}
    assert drawn <= {"title", "desc", "line", "g", "rect", "text"}
    assert not root.xpath("//@*[starts-with(name(), 'on')]")
    for url in root.xpath("//@href | //@src | //@action"):
        assert not url.strip().lower().startswith(("javascript:", "data:")), url
    return root


def test_a_hostile_page_is_shown_inert(client: Client, archive: Archive) -> None:
    root = assert_inert(client.get(f"/document/{archive.evil}"))
    title = root.findtext(".//h1")
    assert title.startswith(f"<script>{PWNED}</script>关于<img")
    assert root.findtext(".//title").startswith("<script>")
    body = root.xpath("//div[@class='body']")[0]
    assert body.xpath(".//a/@href") == ["https://www.nmpa.gov.cn/ok.html"]
    assert "医疗器械 正文" in body.text_content()
    assert EVIL_URL in root.xpath("//a/@href")


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_rows_stay_inert_in_every_list(client: Client, path: str) -> None:
    assert_inert(client.get(path))


def test_urls_not_http_are_never_links(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'evil.db'}")
    archive = fill_archive(store)
    with store.session() as session:
        session.get_one(Document, archive.telecom).url = f"javascript:{PWNED}//{TELECOM_URL}"
        session.commit()
    client = Client(WebApp(store, tmp_path, stale_after=timedelta(days=1)))
    root = assert_inert(client.get(f"/document/{archive.telecom}"))
    assert f"javascript:{PWNED}" in root.text_content()
    store.close()
