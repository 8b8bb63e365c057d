"""Storage on SQLite and PostgreSQL: schema, ingest decisions, runs and change events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from storage import (
    Store,
    changes_since,
    ensure_source,
    finish_run,
    ingest,
    known_listings,
    previous_run_outcome,
    start_run,
)
from storage.db import alembic_config
from storage.fts import include_object
from storage.models import Base, Change, Document, Policy, Source, Version
from storage.schema import head_revision

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
PDF = {"url": "https://www.most.gov.cn/a.pdf", "name": "附件1", "type": "pdf"}


def record(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "most_gfxwj",
        "url": "https://www.most.gov.cn/xxgk/gfxwj/202603/t20260301_1.html",
        "title": "关于印发《高端医疗器械创新发展行动方案》的通知",
        "text": "第一条 为推动高端医疗器械创新发展，制定本方案。\n第二条 本方案自发布之日起施行。",
        "html": "<p>第一条 为推动高端医疗器械创新发展，制定本方案。</p>",
        "published_at": datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        "written_on": None,
        "wenhao": "国科发资〔2026〕12号",
        "issuer": "科学技术部",
        "department": None,
        "index_no": "306-01-2026-000012",
        "attachments": [PDF | {"sha256": "a" * 64, "size": 5}],
        "listing_fingerprint": "f1",
        "flags": [],
        "topics": {"medical_equipment": 3.0},
        "etag": '"abc"',
        "last_modified": None,
        "fetched_at": T0,
    }
    return base | overrides


@pytest.fixture
def sources(session: Session) -> Session:
    for source_id in ("most_gfxwj", "most_tztg"):
        ensure_source(
            session, source_id, site="www.most.gov.cn", name=source_id, list_url="https://x/"
        )
    session.commit()
    return session


def test_migrations_create_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_downgrade_and_upgrade_again(store: Store) -> None:
    config = alembic_config(store.engine)
    command.downgrade(config, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert {"policy", "document", "version", "change"} <= set(
        inspect(store.engine).get_table_names()
    )


def test_a_page_never_seen_is_a_new_document_policy_and_version(sources: Session) -> None:
    result = ingest(sources, record(), crawl_run_id=None, now=T0)
    sources.commit()
    assert result.kind == "new" and result.version_number == 1
    document = sources.get_one(Document, result.document_id)
    assert document.current_version.title.startswith("关于印发")
    assert document.current_version.attachments[0].name == "附件1"
    assert document.current_version.published_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    policy = sources.get_one(Policy, result.policy_id)
    assert policy.primary_document_id == document.id
    assert policy.wenhao_key == "国科发资〔2026〕12号"
    change = sources.get_one(Change, result.change_id)
    assert (change.kind, change.from_version_id) == ("new", None)


def test_the_same_page_again_is_unchanged_and_only_touched(sources: Session) -> None:
    first = ingest(sources, record(), now=T0)
    later = T0 + timedelta(hours=6)
    again = ingest(sources, record(fetched_at=later), now=later)
    sources.commit()
    assert again.kind == "unchanged" and again.change_id is None
    assert again.document_id == first.document_id
    assert sources.scalar(select(func.count()).select_from(Version)) == 1
    assert sources.get_one(Document, first.document_id).last_seen_at == later


@pytest.mark.parametrize(
    ("overrides", "kind"),
    [
        ({"text": "第一条 为推动高端医疗器械和医学影像设备创新发展，制定本方案。"}, "revised"),
        ({"title": "关于印发《高端医疗器械创新发展行动方案（修订）》的通知"}, "metadata_changed"),
        ({"attachments": []}, "attachment_changed"),
        ({"attachments": [PDF | {"sha256": "b" * 64, "size": 7}]}, "attachment_changed"),
    ],
)
def test_a_changed_page_gets_a_new_version_and_change(
    sources: Session, overrides: dict[str, Any], kind: str
) -> None:
    first = ingest(sources, record(), now=T0)
    result = ingest(sources, record(**overrides), now=T0 + timedelta(days=1))
    sources.commit()
    assert result.kind == kind and result.version_number == 2
    change = sources.get_one(Change, result.change_id)
    assert change.from_version.number == 1 and change.to_version.number == 2
    assert sources.get_one(Document, first.document_id).current_version.number == 2


def test_a_file_not_downloaded_is_no_change_and_a_missing_digest_is_filled_in(
    sources: Session,
) -> None:
    first = ingest(sources, record(attachments=[PDF]), now=T0)
    assert ingest(sources, record(attachments=[PDF]), now=T0).kind == "unchanged"
    again = ingest(sources, record(), now=T0 + timedelta(days=1))
    sources.commit()
    assert again.kind == "unchanged" and again.version_number == 1
    [stored] = sources.get_one(Document, first.document_id).current_version.attachments
    assert (stored.sha256, stored.size) == ("a" * 64, 5)
    assert ingest(sources, record(attachments=[PDF]), now=T0).kind == "unchanged"


def test_whitespace_and_width_do_not_make_a_revision(sources: Session) -> None:
    ingest(sources, record(), now=T0)
    spaced = record()["text"].replace("\n", "\n\n  ").replace("，", ", ")
    assert ingest(sources, record(text=spaced), now=T0).kind == "unchanged"


def test_http_and_https_spellings_are_one_document(sources: Session) -> None:
    first = ingest(sources, record(), now=T0)
    again = ingest(sources, record(url=record()["url"].replace("https:", "http:") + "#top"))
    assert again.document_id == first.document_id and again.kind == "unchanged"


def test_a_repost_with_a_variant_wenhao_joins_the_same_policy(sources: Session) -> None:
    first = ingest(sources, record(), now=T0)
    repost = ingest(
        sources,
        record(
            source="most_tztg",
            url="https://www.most.gov.cn/tztg/202603/t20260302_9.html",
            wenhao="国科发资[2026]12号",
        ),
        now=T0,
    )
    sources.commit()
    assert repost.kind == "new" and repost.document_id != first.document_id
    assert repost.policy_id == first.policy_id
    assert sources.scalar(select(func.count()).select_from(Policy)) == 1


def test_known_listings_report_stored_fingerprints(sources: Session) -> None:
    ingest(sources, record(), now=T0)
    url = record()["url"]
    assert known_listings(sources, [url, "https://www.most.gov.cn/other.html"]) == {url: "f1"}


def test_runs_record_outcome_counts_and_source_status(sources: Session) -> None:
    first = start_run(sources, "most_gfxwj", now=T0)
    finish_run(
        sources, first, outcome="ok", reason=None, counts={"new": 3, "requests": 9}, stats={}
    )
    second = start_run(sources, "most_gfxwj")
    assert previous_run_outcome(sources, "most_gfxwj", before_run_id=second) == "ok"
    finish_run(sources, second, outcome="empty", reason="no rows", counts={}, stats={"a": 1})
    sources.commit()
    source = sources.get_one(Source, "most_gfxwj")
    assert source.status == "empty" and source.last_success_at is not None
    assert previous_run_outcome(sources, "most_gfxwj") == "empty"
    assert previous_run_outcome(sources, "most_tztg") is None


def test_changes_since_lists_what_happened_after_a_moment(sources: Session) -> None:
    ingest(sources, record(), now=T0)
    ingest(sources, record(text="第一条 全文修订。"), now=T0 + timedelta(days=1))
    sources.commit()
    found = changes_since(sources, T0 + timedelta(hours=1))
    assert [change.kind for change in found] == ["revised"]
    assert found[0].to_version.number == 2 and found[0].document.url == record()["url"]
