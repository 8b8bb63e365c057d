"""Finished crawl runs of the MOST notices column, recorded straight into a store."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage import Store, ensure_source, finish_run, start_run

SOURCE = "most_tztg"


def record_run(store: Store, outcome: str, *, at: datetime, new: int = 0) -> int:
    """Record one run of SOURCE that finished at `at` with `outcome`; return its id."""
    with store.session() as session, session.begin():
        ensure_source(
            session,
            SOURCE,
            site="www.most.gov.cn",
            name="科技部 · 通知",
            list_url="https://www.most.gov.cn/tztg/",
        )
        run_id = start_run(session, SOURCE, now=at - timedelta(seconds=30))
        reason = None if outcome == "ok" else f"{outcome} here"
        finish_run(
            session, run_id, outcome=outcome, reason=reason, counts={"new": new}, stats={}, now=at
        )
    return run_id
