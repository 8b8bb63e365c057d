"""Trends on the search page: months counted in China time, top agencies and topics, for a
search or a source, bounded to the newest documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from werkzeug.test import Client

from policywatch.web import trends
from policywatch.web.app import WebApp
from policywatch.web.trends import search_trends
from storage import Store, ingest, open_store
from storage.search import SearchFilters
from tests.support.web import fill_archive, record

LATE_URL = "https://www.most.gov.cn/xxgk/gfxwj/202604/t20260430_1.html"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    folder = tmp_path_factory.mktemp("trends")
    store = open_store(f"sqlite:///{folder / 'trends.db'}")
    fill_archive(store)
    with store.session() as session:
        late = datetime(2026, 4, 30, 17, 0, tzinfo=UTC)
        ingest(session, record(url=LATE_URL, wenhao=None, published_at=late))
        session.commit()
    yield Client(WebApp(store, folder / "feeds", stale_after=timedelta(days=3650)))
    store.close()


def chart(client: Client, query: str) -> lxml.html.HtmlElement:
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.data).xpath("//section[@class='trends']")[0]


def bars(section: lxml.html.HtmlElement) -> list[str]:
    return [
        title.text for title in section.xpath(".//*[local-name()='rect']/*[local-name()='title']")
    ]


def test_months_are_counted_in_china_time(client: Client) -> None:
    section = chart(client, "source=most_gfxwj")
    assert bars(section) == ["2026-03: 1", "2026-04: 0", "2026-05: 1"]
    assert section.xpath(".//*[local-name()='desc']")[0].text == "2026-03: 1; 2026-05: 1"


def test_top_agencies_and_topics_of_the_result_set(client: Client) -> None:
    section = chart(client, "q=%E9%80%9A%E7%9F%A5")
    agencies, topics = section.xpath(".//div[@class='tops']/div")
    assert [li.text_content() for li in agencies.xpath(".//li")] == [
        "科学技术部 3",
        "工业和信息化部 1",
    ]
    assert [li.text_content() for li in topics.xpath(".//li")] == ["medical_equipment 3"]


def test_the_trends_count_the_newest_documents_only(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trends, "TREND_ROWS", 2)
    section = chart(client, "")
    assert "最新 2 份文件" in section.xpath(".//h2")[0].text_content()
    assert bars(section) == ["2026-03: 1", "2026-04: 0", "2026-05: 1"]


def test_no_documents_no_chart(client: Client) -> None:
    response = client.get("/?q=%E9%87%8F%E5%AD%90%E5%BC%95%E5%8A%9B")
    assert b"<svg" not in response.data and b'class="trends"' not in response.data


def test_trends_on_each_backend(store: Store) -> None:
    fill_archive(store)
    with store.session() as session:
        found = search_trends(session, "通知", SearchFilters())
    assert (found.counted, found.capped) == (3, False)
    assert [(bar.month, bar.count) for bar in found.bars if bar.count] == [
        ("2025-06", 1),
        ("2026-03", 2),
    ]
    assert found.agencies == [("科学技术部", 2), ("工业和信息化部", 1)]
