"""How a crawl's stats decide its outcome: detail pages given up on are not `ok`."""

from __future__ import annotations

from crawler.extensions.crawl_run import run_counts, run_outcome

LISTED = {"policywatch/list_pages": 1}


def test_a_crawl_whose_detail_pages_all_failed_is_down_with_its_reasons() -> None:
    stats = LISTED | {
        "policywatch/detail/attempted": 4,
        "policywatch/detail/failed": 4,
        "policywatch/failed/refused": 2,
        "policywatch/failed/redirect_limit": 1,
        "policywatch/failed/too_large": 1,
        "urlguard/refused/scheme": 1,
        "urlguard/refused/link_local": 1,
    }
    outcome, reason = run_outcome(stats, "finished")
    assert outcome == "down"
    assert reason == (
        "all 4 detail pages failed: redirect_limit 1, "
        "refused 2 (link_local 1, scheme 1), too_large 1"
    )
    assert run_counts(stats)["detail_failed"] == 4 and run_counts(stats)["refused"] == 2


def test_a_crawl_with_some_detail_pages_failed_is_degraded() -> None:
    stats = LISTED | {
        "policywatch/detail/attempted": 10,
        "policywatch/detail/failed": 1,
        "policywatch/failed/redirect_limit": 1,
    }
    assert run_outcome(stats, "finished") == (
        "degraded",
        "1 of 10 detail pages failed: redirect_limit 1",
    )


def test_errors_outrank_degraded_and_all_failed_outranks_errors() -> None:
    some = LISTED | {"policywatch/detail/attempted": 3, "policywatch/detail/failed": 1}
    assert run_outcome(some | {"log_count/ERROR": 2}, "finished")[0] == "failed"
    every = LISTED | {"policywatch/detail/attempted": 3, "policywatch/detail/failed": 3}
    assert run_outcome(every | {"log_count/ERROR": 2}, "finished")[0] == "down"


def test_a_refused_attachment_alone_leaves_the_run_ok() -> None:
    stats = LISTED | {
        "policywatch/detail/attempted": 2,
        "policywatch/failed/refused": 1,
        "urlguard/refused/loopback": 1,
    }
    assert run_outcome(stats, "finished") == ("ok", None)
