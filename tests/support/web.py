"""A small archive for the web view's tests, and the web app on a real server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from waitress import create_server

from feeds import build_feeds
from policywatch.web.app import WebApp
from storage import Store, ensure_source, finish_run, ingest, start_run
from storage.incidents import update_incident
from storage.models import Policy

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PLAN_URL = "https://www.most.gov.cn/xxgk/gfxwj/202603/t20260301_1.html"
REPOST_URL = "https://www.most.gov.cn/tztg/202603/t20260302_9.html"
TELECOM_URL = "https://www.miit.gov.cn/zwgk/zcwj/art/2025/art_5g.html"
EVIL_URL = "https://www.nmpa.gov.cn/ylqx/ylqxggtg/20260305/evil.html"
PWNED = "document.title='pwned'"
EVIL_TITLE = f'<script>{PWNED}</script>关于<img src=x onerror="{PWNED}">医疗器械的公告'
EVIL_HTML = (
    f'<p onclick="{PWNED}">医疗器械 正文</p><script>{PWNED}</script>'
    f'<img src=x onerror="{PWNED}"><a href="javascript:{PWNED}">点此</a>'
    '<a href="https://www.nmpa.gov.cn/ok.html">公告原文</a>'
    f'<svg onload="{PWNED}"></svg><iframe src="javascript:{PWNED}"></iframe>'
)
PLAN_TEXT_V1 = "第一条 为推动高端医疗器械创新发展，制定本方案。\n第二条 本方案自发布之日起施行。"
PLAN_TEXT_V2 = (
    "第一条 为推动高端医疗器械和体外诊断试剂创新发展，制定本方案。\n第二条 本方案自发布之日起施行。"
)
SOURCES = {
    "most_gfxwj": ("www.most.gov.cn", "科学技术部 规范性文件"),
    "most_tztg": ("www.most.gov.cn", "科学技术部 通知通告"),
    "miit_tz": ("www.miit.gov.cn", "工业和信息化部 通知"),
    "nmpa_ylqxggtg": ("www.nmpa.gov.cn", "国家药监局 医疗器械公告通告"),
}


@dataclass(frozen=True)
class Archive:
    """The ids of what `fill_archive` stored."""

    plan: int
    repost: int
    telecom: int
    evil: int
    plan_key: str


def record(**fields: Any) -> dict[str, Any]:
    """A crawled page as `storage.ingest` takes it: the plan on most_gfxwj unless overridden."""
    return {
        "source": "most_gfxwj",
        "url": PLAN_URL,
        "title": "关于印发《高端医疗器械创新发展行动方案》的通知",
        "text": PLAN_TEXT_V1,
        "html": "".join(f"<p>{line}</p>" for line in PLAN_TEXT_V1.splitlines()),
        "published_at": datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        "written_on": None,
        "wenhao": "国科发资〔2026〕12号",
        "issuer": "科学技术部",
        "index_no": "306-01-2026-000012",
        "attachments": [
            {"url": "https://www.most.gov.cn/files/plan.pdf", "name": "行动方案全文", "type": "pdf"}
        ],
        "listing_fingerprint": "f1",
        "flags": [],
        "topics": {"medical_equipment": 3.0},
        "etag": None,
        "last_modified": None,
        "fetched_at": T0,
    } | fields


def fill_archive(store: Store) -> Archive:
    """The plan (new, then revised a day later), its repost on another source, an unrelated
    telecom notice, a hostile page, and runs that make one source ok and one blocked, with an
    open incident."""
    with store.session() as session:
        for source_id, (site, name) in SOURCES.items():
            ensure_source(session, source_id, site=site, name=name, list_url=f"https://{site}/")
        plan = ingest(session, record(), now=T0)
        repost = ingest(
            session,
            record(source="most_tztg", url=REPOST_URL, wenhao="国科发资[2026]12号"),
            now=T0 + timedelta(hours=2),
        )
        telecom = ingest(session, _telecom(), now=T0)
        evil = ingest(session, _evil(), now=T0)
        html_v2 = "".join(f"<p>{line}</p>" for line in PLAN_TEXT_V2.splitlines())
        revised = T0 + timedelta(days=1)
        ingest(session, record(text=PLAN_TEXT_V2, html=html_v2, fetched_at=revised), now=revised)
        _run(session, "most_gfxwj", "ok", None, new=1)
        _run(session, "nmpa_ylqxggtg", "blocked", "Ruishu 412 challenge <script>x</script>")
        update_incident(
            session, "nmpa_ylqxggtg", after_runs=0, stale_after=timedelta(days=3650), now=T0
        )
        session.commit()
        key = session.get_one(Policy, plan.policy_id).key
    return Archive(plan.document_id, repost.document_id, telecom.document_id, evil.document_id, key)


def write_feeds(store: Store, out: Path, base_url: str | None = None) -> list[Path]:
    """Build every feed of the archive under `out`."""
    with store.session() as session:
        return build_feeds(session, out, base_url=base_url, topic=None)


@contextmanager
def serving(store: Store, feeds_dir: Path) -> Iterator[str]:
    """The web app behind waitress on a free loopback port, for the duration; yields its URL."""
    sockets: dict[int, Any] = {}
    app = WebApp(store, feeds_dir, stale_after=timedelta(days=3650))
    server = create_server(app, map=sockets, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        server.trigger.pull_trigger(lambda: [channel.close() for channel in list(sockets.values())])
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()


def _telecom() -> dict[str, Any]:
    return record(
        source="miit_tz",
        url=TELECOM_URL,
        title="关于推进5G网络建设的通知",
        text="各地要加快5G网络建设，推动千兆光网覆盖。",
        html="<p>各地要加快5G网络建设，推动千兆光网覆盖。</p>",
        published_at=datetime(2025, 6, 1, 2, 0, tzinfo=UTC),
        wenhao="工信部通信〔2025〕7号",
        issuer="工业和信息化部",
        index_no=None,
        attachments=[],
        topics={"medical_equipment": 0.1},
    )


def _evil() -> dict[str, Any]:
    return record(
        source="nmpa_ylqxggtg",
        url=EVIL_URL,
        title=EVIL_TITLE,
        text=f"医疗器械 正文 <script>{PWNED}</script>",
        html=EVIL_HTML,
        published_at=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
        wenhao=None,
        issuer=f'<b onmouseover="{PWNED}">国家药监局</b>',
        index_no=None,
        attachments=[
            {
                "url": f"javascript:{PWNED}",
                "name": f'<img src=x onerror="{PWNED}">附件',
                "type": "pdf",
            }
        ],
    )


def _run(session: Session, source_id: str, outcome: str, reason: str | None, new: int = 0) -> None:
    run_id = start_run(session, source_id, now=T0)
    counts = {"new": new, "revised": 0, "unchanged": 0, "requests": 3, "items": new}
    finish_run(session, run_id, outcome=outcome, reason=reason, counts=counts, stats={}, now=T0)
