"""Re-check schedule, vanished documents, 304 confirmations and withdrawals, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from storage import (
    confirm_unchanged,
    due_documents,
    ensure_source,
    ingest,
    listed_between,
    withdraw,
)
from storage.lifecycle import recheck_interval
from storage.models import Change, Document
from tests.test_storage import T0, record


@pytest.mark.parametrize(
    ("age", "interval"),
    [
        (timedelta(0), timedelta(hours=6)),
        (timedelta(days=1), timedelta(hours=6)),
        (timedelta(days=8), timedelta(days=2)),
        (timedelta(days=90), timedelta(days=22, hours=12)),
        (timedelta(days=400), timedelta(days=30)),
    ],
)
def test_young_documents_are_rechecked_often_and_old_ones_seldom(
    age: timedelta, interval: timedelta
) -> None:
    assert recheck_interval(T0, T0 + age) == interval


@pytest.fixture
def stored(session: Session) -> Session:
    ensure_source(session, "most_gfxwj", site="www.most.gov.cn", name="x", list_url="https://x/")
    for day in (1, 5, 9):
        ingest(
            session,
            record(
                url=f"https://www.most.gov.cn/gfxwj/t202603{day:02d}_{day}.html",
                wenhao=None,
                published_at=datetime(2026, 3, day, 2, 0, tzinfo=UTC),
            ),
            now=T0,
        )
    session.commit()
    return session


def test_documents_are_due_once_their_interval_passed(stored: Session) -> None:
    assert due_documents(stored, "most_gfxwj", now=T0 + timedelta(hours=5)) == []
    due = due_documents(stored, "most_gfxwj", now=T0 + timedelta(hours=7))
    assert len(due) == 3 and due[0].etag == '"abc"'


def test_a_document_missing_inside_a_list_range_has_vanished(stored: Session) -> None:
    shown = ["https://www.most.gov.cn/gfxwj/t20260301_1.html"]
    between = listed_between(
        stored, "most_gfxwj", date(2026, 3, 1), date(2026, 3, 9), exclude=shown
    )
    assert [known.url.rsplit("_", 1)[-1] for known in between] == ["5.html"]
    newer = listed_between(stored, "most_gfxwj", date(2026, 3, 1), None, exclude=shown)
    assert len(newer) == 2


def test_a_304_confirms_and_postpones_the_recheck(stored: Session) -> None:
    url = "https://www.most.gov.cn/gfxwj/t20260305_5.html"
    later = T0 + timedelta(days=8)
    assert confirm_unchanged(stored, url, now=later)
    document = stored.query(Document).filter_by(url=url).one()
    assert document.next_check_at == later + timedelta(days=2)
    assert not confirm_unchanged(stored, "https://www.most.gov.cn/unknown.html")


def test_a_404_withdraws_once_and_a_reappearance_restores(stored: Session) -> None:
    url = "https://www.most.gov.cn/gfxwj/t20260305_5.html"
    change = withdraw(stored, url, now=T0 + timedelta(days=1))
    assert change is not None and change.kind == "withdrawn"
    assert withdraw(stored, url) is None
    assert due_documents(stored, "most_gfxwj", now=T0 + timedelta(days=30)) != []
    assert all(
        known.url != url
        for known in due_documents(stored, "most_gfxwj", now=T0 + timedelta(days=30))
    )
    again = ingest(
        stored,
        record(url=url, wenhao=None, published_at=datetime(2026, 3, 5, 2, 0, tzinfo=UTC)),
        now=T0 + timedelta(days=2),
    )
    assert again.kind == "restored"


def test_a_page_that_comes_back_changed_is_restored_and_revised(stored: Session) -> None:
    url = "https://www.most.gov.cn/gfxwj/t20260305_5.html"
    withdraw(stored, url, now=T0 + timedelta(days=1))
    again = ingest(
        stored,
        record(
            url=url,
            wenhao=None,
            published_at=datetime(2026, 3, 5, 2, 0, tzinfo=UTC),
            text="第一条 撤回后重新发布的全文。",
        ),
        now=T0 + timedelta(days=2),
    )
    stored.commit()
    document = stored.query(Document).filter_by(url=url).one()
    kinds = [c.kind for c in stored.query(Change).filter_by(document_id=document.id)]
    assert again.kind == "revised" and again.version_number == 2
    assert document.status == "active" and kinds[-2:] == ["restored", "revised"]
