"""`policywatch mcp` launched as a subprocess and asked through the mcp package's own client."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from storage import ingest, open_store
from tests.support.web import (
    PLAN_TEXT_V2,
    PLAN_URL,
    REPOST_URL,
    Archive,
    fill_archive,
    record,
)

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
FRESH_URL = "https://www.most.gov.cn/xxgk/gfxwj/202612/t20261201_7.html"
FRESH_TITLE = "关于加快呼吸机产业发展的通知"


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Archive]:
    url = f"sqlite:///{tmp_path_factory.mktemp('mcp') / 'mcp.db'}"
    store = open_store(url)
    archive = fill_archive(store)
    now = datetime.now(UTC)
    with store.session() as session:
        fresh = record(url=FRESH_URL, title=FRESH_TITLE, wenhao=None, published_at=now)
        ingest(session, fresh, now=now)
        ingest(session, fresh | {"text": PLAN_TEXT_V2}, now=now + timedelta(seconds=1))
        session.commit()
    store.close()
    return url, archive


def ask(
    db_url: str, config: Path, calls: list[tuple[str, dict[str, Any]]]
) -> tuple[dict[str, Any], list[Any]]:
    """The server's tools (name: annotations) and the answers to `calls`, in one session."""
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "policywatch.cli", "--db", db_url, "mcp"],
        env={**os.environ, "PYTHONPATH": pythonpath, "POLICYWATCH_CONFIG": str(config)},
        cwd=str(ROOT),
    )

    async def session() -> tuple[dict[str, Any], list[Any]]:
        with anyio.fail_after(TIMEOUT):
            async with stdio_client(server) as (read, write), ClientSession(read, write) as client:
                await client.initialize()
                tools = {tool.name: tool.annotations for tool in (await client.list_tools()).tools}
                answers = [await client.call_tool(name, args) for name, args in calls]
        return tools, answers

    return anyio.run(session)


def data(answer: Any) -> Any:
    assert not answer.is_error, answer.content
    return (
        json.loads(answer.content[0].text)
        if len(answer.content) == 1
        else [json.loads(block.text) for block in answer.content]
    )


@pytest.fixture(scope="module")
def answers(
    archive_db: tuple[str, Archive], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, Any], list[Any]]:
    db_url, archive = archive_db
    config = tmp_path_factory.mktemp("mcp_config") / "policywatch.toml"
    config.write_text("[health]\nstale_after_hours = 1000000\n", encoding="utf-8")
    return ask(
        db_url,
        config,
        [
            ("search", {"query": "体外诊断", "until": "2026-06-30"}),
            ("search", {"query": "方案", "source": "most_tztg", "since": "2026-03-01"}),
            ("search", {"agency": "工业和信息化部", "until": "2025-12-31", "limit": 500}),
            ("show", {"document": str(archive.plan)}),
            ("show", {"document": "no-such-document"}),
            ("search", {"since": "yesterday"}),
            ("recent_changes", {"days": 7}),
            ("recent_changes", {"days": 7, "kind": "revised"}),
            ("source_health", {}),
        ],
    )


def test_search_and_show_through_the_mcp_client(
    archive_db: tuple[str, Archive], answers: tuple[dict[str, Any], list[Any]]
) -> None:
    archive = archive_db[1]
    tools, replies = answers
    assert set(tools) == {"search", "show", "recent_changes", "source_health"}
    assert all(annotations.read_only_hint for annotations in tools.values())
    found, repost, telecom, plan, missing, bad_date = replies[:6]
    assert [hit["document_id"] for hit in _list(found)] == [archive.plan]
    assert [hit["url"] for hit in _list(repost)] == [REPOST_URL]
    assert [hit["title"] for hit in _list(telecom)] == ["关于推进5G网络建设的通知"]
    shown = data(plan)
    assert (shown["url"], shown["current_version"], shown["text"]) == (PLAN_URL, 2, PLAN_TEXT_V2)
    assert [version["number"] for version in shown["versions"]] == [1, 2]
    assert [repost["document_id"] for repost in shown["reposts"]] == [archive.repost]
    assert missing.is_error and "no document" in missing.content[0].text
    assert bad_date.is_error and "since" in bad_date.content[0].text


def test_recent_changes_and_source_health(answers: tuple[dict[str, Any], list[Any]]) -> None:
    changes, revised, health = answers[1][6:]
    assert [(c["kind"], c["title"], c["to_version"]) for c in _list(changes)] == [
        ("revised", FRESH_TITLE, 2),
        ("new", FRESH_TITLE, 1),
    ]
    assert [(c["kind"], c["from_version"]) for c in _list(revised)] == [("revised", 1)]
    by_source = {row["source"]: row for row in _list(health)}
    assert by_source["most_gfxwj"]["status"] == "ok"
    assert by_source["nmpa_ylqxggtg"]["status"] == "blocked"
    assert by_source["nmpa_ylqxggtg"]["open_incident_since"] is not None


def _list(answer: Any) -> list[Any]:
    assert not answer.is_error, answer.content
    structured = answer.structured_content
    return structured["result"] if isinstance(structured, dict) else structured
