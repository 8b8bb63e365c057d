"""The storage pipeline: items stored a batch to a transaction, a failing batch item by item."""

from __future__ import annotations

import logging

import pytest
from scrapy.utils.test import get_crawler

from crawler.items import PolicyItem
from crawler.pipelines.storage import StoragePipeline
from storage import ensure_source, open_store
from tests.support.db import stored_documents

SOURCE = "most_gfxwj"


def _item(number: int, source: str = SOURCE) -> PolicyItem:
    clause = f"第{number}条 为推动高端医疗器械创新发展，支持第{number}批产品进入优先审批程序。"
    return PolicyItem(
        source=source,
        url=f"https://www.most.gov.cn/tztg/t2024{number:04d}.html",
        title=f"关于第{number}批创新医疗器械的通知",
        text=clause * 3,
        html=f"<p>{clause}</p>",
    )


def _pipeline(db_url: str) -> StoragePipeline:
    store = open_store(db_url)
    with store.session() as session, session.begin():
        ensure_source(session, SOURCE, site="科技部", name="通知通告", list_url="https://x/")
    store.close()
    return StoragePipeline(get_crawler(settings_dict={"POLICYWATCH_DB_URL": db_url}))


def test_a_batch_is_stored_at_its_commit(db_url: str) -> None:
    pipeline = _pipeline(db_url)
    pipeline.batch = [_item(number) for number in range(1, 4)]
    assert stored_documents(db_url) == 0
    pipeline.commit()
    assert stored_documents(db_url) == 3
    assert pipeline.crawler.stats.get_value("policywatch/ingest/new") == 3
    assert pipeline.batch == []


def test_a_failing_batch_is_stored_item_by_item_and_the_bad_item_costs_only_itself(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = _pipeline(db_url)
    pipeline.batch = [_item(1), _item(2, source="no_such_source"), _item(3)]
    with caplog.at_level(logging.INFO, logger="crawler.pipelines.storage"):
        pipeline.commit()
    assert stored_documents(db_url) == 2
    assert pipeline.crawler.stats.get_value("policywatch/ingest/new") == 2
    failed = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(failed) == 1 and "t20240002.html could not be stored" in failed[0].getMessage()
