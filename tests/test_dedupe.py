"""Cross-site dedupe: the detector on the labelled pairs, its parts, and ingest on both backends."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from feeds.entries import policy_entry
from feeds.queries import latest_policies
from storage import Store, ensure_source, ingest
from storage.boilerplate import strip_boilerplate
from storage.db import alembic_config
from storage.dedupe import compatible_agencies
from storage.identity import normalize_wenhao
from storage.models import DocumentBand, Policy
from storage.similarity import bands, profile, same_policy
from storage.titles import compatible_titles
from tests.support.dedupe_pairs import (
    Doc,
    Pair,
    annual_plan,
    labelled_pairs,
    plan_template,
    policy,
    repost,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SOURCES = ("miit_tz", "nmpa_ylqxggtg", "gd_zcwj")


def detected(pair: Pair) -> bool:
    """What ingest decides for the pair: a shared LSH bucket, then the confirming checks."""
    a, b = (profile(doc.title, doc.text, normalize_wenhao(doc.wenhao)) for doc in (pair.a, pair.b))
    return bool(set(bands(a)) & set(bands(b))) and same_policy(a, b)


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[Pair, bool]]:
    return [(pair, detected(pair)) for pair in labelled_pairs()]


def test_the_labelled_set_is_large_and_balanced(outcomes: list[tuple[Pair, bool]]) -> None:
    duplicates = sum(pair.duplicate for pair, _ in outcomes)
    assert len(outcomes) >= 300 and 0.4 < duplicates / len(outcomes) < 0.6


def test_precision_and_recall_on_the_labelled_pairs(outcomes: list[tuple[Pair, bool]]) -> None:
    true_positives = sum(pair.duplicate and found for pair, found in outcomes)
    precision = true_positives / sum(found for _, found in outcomes)
    recall = true_positives / sum(pair.duplicate for pair, _ in outcomes)
    print(f"dedupe on {len(outcomes)} pairs: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("发布时间：2024-03-01 来源：中国政府网 浏览次数：321", False),
        ("【打印本页】 【关闭窗口】", False),
        ("扫一扫在手机打开当前页", False),
        ("首页 | 机构 | 新闻 | 政务公开 | 政务服务", False),
        ("当前位置：首页 > 政策文件 > 正文", False),
        ("责任编辑：王敏", False),
        ("京ICP备05012345号 网站标识码：bm07000001", False),
        ("2024-03-01 09:30", False),
        ("（三）关闭落后产能，推动产业转型升级。", True),
        ("第一条 为推动高端医疗器械创新发展，制定本方案。", True),
        ("国家药品监督管理局", True),
    ],
)
def test_boilerplate_lines(line: str, kept: bool) -> None:
    assert (strip_boilerplate(line) == line) is kept


def test_a_related_links_list_ends_the_text() -> None:
    text = "第一条 正文。\n相关链接：\n关于印发《另一个方案》的通知\n第二条 不是正文。"
    assert strip_boilerplate(text) == "第一条 正文。"


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("工信部关于印发《医疗装备产业发展规划》的通知", "《医疗装备产业发展规划》", True),
        (
            "关于印发《医疗装备产业发展规划》的通知",
            "工业和信息化部印发《医疗装备产业发展规划》",
            True,
        ),
        ("关于开展医疗器械抽检工作的通知", "【转载】关于开展医疗器械抽检工作的通知", True),
        ("关于开展医疗器械抽检工作的通知", "关于开展医疗器械抽验工作的通知", True),
        ("关于印发《医疗装备产业发展规划》的通知", "《医疗装备产业发展规划》政策解读", False),
        ("关于印发《医疗装备产业发展规划》的通知", "一图读懂《医疗装备产业发展规划》", False),
        ("关于印发2024年医疗器械抽检计划的通知", "关于印发2025年医疗器械抽检计划的通知", False),
        ("关于印发2024年医疗器械抽检计划的通知", "关于印发2024年化妆品抽检计划的通知", False),
        ("关于印发2025年生物医用材料工作计划的通知", "关于印发2025年医用耗材工作计划的通知", False),
        ("《手术机器人发展工作方案》解读", "《康复辅助器具高质量发展管理办法》解读", False),
        (
            "关于征集丘陵山区适用农机数字化转型典型案例的通知",
            "关于征集汽车芯片产业基础再造典型案例的通知",
            False,
        ),
        ("关于印发《“十四五”医疗装备产业发展规划》的通知", "《十四五医疗装备产业发展规划》", True),
    ],
)
def test_titles(a: str, b: str, compatible: bool) -> None:
    assert compatible_titles(a, b) is compatible


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        ("科技部", "科学技术部办公厅", True),
        ("工业和信息化部 国家卫生健康委员会", "国家卫生健康委", True),
        ("国家药监局", "国家药品监督管理局", True),
        (None, "国家药品监督管理局", True),
        ("国家药监局", "国家卫生健康委员会", False),
        ("广东省人民政府办公厅", "工业和信息化部", False),
    ],
)
def test_agencies(a: str | None, b: str | None, compatible: bool) -> None:
    assert compatible_agencies(a, b) is compatible


def record(doc: Doc, source: str, url: str, **overrides: Any) -> dict[str, Any]:
    base = {
        "source": source,
        "url": url,
        "title": doc.title,
        "text": doc.text,
        "html": "",
        "published_at": datetime.combine(doc.published, time(9), tzinfo=UTC),
        "wenhao": doc.wenhao,
        "issuer": doc.agency,
        "fetched_at": T0,
    }
    return base | overrides


@pytest.fixture
def sources(session: Session) -> Session:
    for source_id in SOURCES:
        ensure_source(session, source_id, site="example.gov.cn", name=source_id, list_url="x")
    session.commit()
    return session


@pytest.fixture
def original() -> Doc:
    return policy(random.Random(7))


def url(n: int) -> str:
    return f"https://example.gov.cn/art/{n}.html"


def test_a_repost_with_other_boilerplate_joins_the_first_policy(
    sources: Session, original: Doc
) -> None:
    first = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    copy = replace(repost(random.Random(1), original), wenhao=None)
    again = ingest(sources, record(copy, SOURCES[1], url(2)), now=T0)
    sources.commit()
    assert again.kind == "new" and again.policy_id == first.policy_id
    assert sources.scalar(select(func.count()).select_from(Policy)) == 1


def test_an_interpretation_quoting_all_of_the_policy_is_its_own_policy(
    sources: Session, original: Doc
) -> None:
    first = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    name = original.title[original.title.index("《") : original.title.index("》") + 1]
    explained = replace(
        original, title=f"一图读懂{name}", text=f"{original.text}\n解读：要点如下。"
    )
    other = ingest(sources, record(explained, SOURCES[0], url(2), wenhao=None), now=T0)
    assert other.policy_id != first.policy_id


def test_two_issues_of_an_annual_plan_are_two_policies(sources: Session) -> None:
    agency, kind, body = plan_template(random.Random(6))
    plans = [annual_plan(agency, kind, body, year, "医用耗材") for year in (2024, 2025)]
    results = [ingest(sources, record(p, SOURCES[1], url(n)), now=T0) for n, p in enumerate(plans)]
    assert results[0].policy_id != results[1].policy_id


def test_two_pages_of_one_column_alike_in_text_are_two_policies(
    sources: Session, original: Doc
) -> None:
    first = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    alike = replace(repost(random.Random(2), original), wenhao=None)
    again = ingest(sources, record(alike, SOURCES[0], url(2)), now=T0)
    assert again.policy_id != first.policy_id
    elsewhere = ingest(sources, record(alike, SOURCES[1], url(3)), now=T0)
    assert elsewhere.policy_id == first.policy_id


def test_the_same_text_a_year_later_without_wenhao_is_another_policy(
    sources: Session, original: Doc
) -> None:
    first = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    next_year = replace(
        repost(random.Random(1), original),
        wenhao=None,
        published=original.published + timedelta(days=365),
    )
    again = ingest(sources, record(next_year, SOURCES[1], url(2)), now=T0)
    assert again.policy_id != first.policy_id


def test_the_primary_is_the_earliest_published_whatever_the_crawl_order(
    sources: Session, original: Doc
) -> None:
    later = replace(
        repost(random.Random(3), original), published=original.published + timedelta(days=30)
    )
    first = ingest(sources, record(later, SOURCES[2], url(9)), now=T0)
    earliest = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    reposted = ingest(sources, record(later, SOURCES[1], url(5)), now=T0)
    sources.commit()
    assert first.policy_id == earliest.policy_id == reposted.policy_id
    found = sources.get_one(Policy, first.policy_id)
    assert found.primary_document_id == earliest.document_id
    assert found.title == original.title and found.published_at.year == original.published.year


def test_the_feeds_show_one_entry_from_the_primary_listing_the_reposts(
    sources: Session, original: Doc
) -> None:
    ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    ingest(sources, record(repost(random.Random(4), original), SOURCES[1], url(2)), now=T0)
    sources.commit()
    [shown] = latest_policies(sources, limit=10)
    entry = policy_entry(shown)
    assert entry is not None and entry.link == url(1) and url(2) in entry.content


def test_the_same_wenhao_from_an_unrelated_agency_is_another_policy(
    sources: Session, original: Doc
) -> None:
    first = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    stranger = policy(random.Random(8))
    other = record(stranger, SOURCES[2], url(2), wenhao=original.wenhao, issuer="某某市农业农村局")
    second = ingest(sources, other, now=T0)
    sources.commit()
    assert second.policy_id != first.policy_id


def test_concurrent_ingests_of_a_policy_find_one_policy(store: Store, original: Doc) -> None:
    with store.session() as setup:
        for source_id in SOURCES:
            ensure_source(setup, source_id, site="example.gov.cn", name=source_id, list_url="x")
        setup.commit()
    copy = replace(repost(random.Random(5), original), wenhao=None)
    found: dict[str, int | None] = {}

    def second_crawl() -> None:
        with store.session() as session:
            found["policy"] = ingest(session, record(copy, SOURCES[1], url(2)), now=T0).policy_id
            session.commit()

    with store.session() as session:
        first = ingest(session, record(original, SOURCES[0], url(1)), now=T0)
        worker = threading.Thread(target=second_crawl)
        worker.start()
        worker.join(timeout=0.5)
        assert worker.is_alive(), "the second ingest did not wait for the policy lock"
        session.commit()
    worker.join(timeout=20)
    assert found["policy"] == first.policy_id


def test_the_migration_indexes_documents_stored_before_it(
    store: Store, sources: Session, original: Doc
) -> None:
    stored = ingest(sources, record(original, SOURCES[0], url(1)), now=T0)
    sources.commit()
    sources.close()
    config = alembic_config(store.engine)
    command.downgrade(config, "0001")
    command.upgrade(config, "head")
    with store.session() as session:
        indexed = select(func.count()).where(DocumentBand.document_id == stored.document_id)
        assert session.scalar(indexed) == len(bands(profile(original.title, original.text, None)))
