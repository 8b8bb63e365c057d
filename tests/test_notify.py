"""Apprise notifications: a message per policy, digests per crawl and per day, retried, to a
loopback endpoint (Apprise's json:// URL)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crawler.config import ConfigError
from policywatch.service.notify import (
    NotifyChannel,
    NotifySettings,
    Target,
    follow_from_now,
    queue_messages,
)
from policywatch.service.outbox import OutboxSender, outbox_sender
from policywatch.service.webhooks import WebhookSettings
from storage import Store, ensure_source, finish_run, ingest, start_run
from storage.models import Notification
from tests.support.receiver import Receiver, serve
from tests.test_storage import T0, record

PLAN = "关于印发《高端医疗器械创新发展行动方案》的通知"
PILOT = "关于开展医疗器械注册人制度试点的通知"
FARM = "关于农机补贴的通知"
LATER = T0 + timedelta(days=3)


@pytest.fixture
def flaky() -> Iterator[Receiver]:
    yield from serve(failures=2)


def settings(
    receiver: Receiver, mode: str, topic: str | None = "medical_equipment"
) -> NotifySettings:
    port = receiver.server_address[1]
    target = Target(url=f"json://127.0.0.1:{port}/hook", mode=mode, topic=topic)
    return NotifySettings(targets=(target,), backoff=0)


def store_policies(store: Store) -> None:
    """Day T0: two medical-equipment policies and a farm one, in one crawl; a day later, the
    first one revised in another crawl."""
    with store.session() as session, session.begin():
        ensure_source(session, "most_gfxwj", site="www.most.gov.cn", name="x", list_url="x")
        first = start_run(session, "most_gfxwj", now=T0)
        ingest(session, record(), now=T0, crawl_run_id=first)
        pilot = "https://www.most.gov.cn/xxgk/gfxwj/202603/t20260301_3.html"
        ingest(session, record(url=pilot, title=PILOT, wenhao=None), now=T0, crawl_run_id=first)
        farm = "https://www.most.gov.cn/xxgk/gfxwj/202603/t20260301_2.html"
        ingest(session, record(url=farm, title=FARM, wenhao=None, topics={}), now=T0)
        finish_run(session, first, outcome="ok", reason=None, counts={}, stats={}, now=T0)
        later = T0 + timedelta(days=1)
        second = start_run(session, "most_gfxwj", now=later)
        ingest(session, record(text="第一条 新的条款。"), now=later, crawl_run_id=second)
        finish_run(session, second, outcome="ok", reason=None, counts={}, stats={}, now=later)


def send(store: Store, chosen: NotifySettings, passes: int = 5) -> None:
    channel = NotifyChannel(chosen)
    for _ in range(passes):
        with store.session() as session, session.begin():
            queue_messages(session, chosen, now=LATER)
        channel.deliver(store)


def start(store: Store, chosen: NotifySettings) -> None:
    with store.session() as session, session.begin():
        follow_from_now(session, chosen, now=T0 - timedelta(hours=1))


def messages(receiver: Receiver) -> list[tuple[str, str]]:
    return [(body["title"], body["message"]) for body in receiver.received]


def rows(store: Store) -> list[Notification]:
    with store.session() as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def test_each_new_or_revised_policy_is_a_message_naming_it(store: Store, flaky: Receiver) -> None:
    chosen = settings(flaky, "each")
    start(store, chosen)
    store_policies(store)
    send(store, chosen)
    titles = [title for title, _ in messages(flaky)]
    assert titles == [f"[新政策] {PLAN}", f"[新政策] {PILOT}", f"[政策修订] {PLAN}"]
    new_plan = messages(flaky)[0][1].splitlines()
    assert new_plan[:4] == [
        PLAN,
        "文号：国科发资〔2026〕12号",
        "发文机关：科学技术部",
        "发布日期：2026-03-01",
    ]
    assert new_plan[-1] == record()["url"]
    assert "版本：v1 → v2" in messages(flaky)[2][1]
    assert [row.attempts for row in rows(store)] == [3, 1, 1]


def test_a_crawl_digest_groups_the_policies_of_one_crawl(store: Store, flaky: Receiver) -> None:
    chosen = settings(flaky, "crawl")
    start(store, chosen)
    store_policies(store)
    send(store, chosen)
    (first_title, first_body), (second_title, _) = messages(flaky)
    assert first_title == "policywatch most_gfxwj 本次抓取：新政策 2"
    assert first_body.splitlines()[:2] == ["新政策（2）", f"• {PLAN}（国科发资〔2026〕12号）"]
    assert PILOT in first_body and FARM not in first_body
    assert second_title == "policywatch most_gfxwj 本次抓取：政策修订 1"
    assert [row.key.split("-")[0] for row in rows(store)] == ["crawl", "crawl"]


def test_a_daily_digest_lists_each_ended_day_once(store: Store, flaky: Receiver) -> None:
    chosen = settings(flaky, "daily", topic=None)
    start(store, chosen)
    store_policies(store)
    send(store, chosen)
    assert [title for title, _ in messages(flaky)] == [
        "policywatch 2026-03-01：新政策 3",
        "policywatch 2026-03-02：政策修订 1",
    ]
    assert FARM in messages(flaky)[0][1]
    assert [row.key for row in rows(store)] == ["day-2026-03-01", "day-2026-03-02"]


def test_nothing_before_the_start_is_sent(store: Store, flaky: Receiver) -> None:
    store_policies(store)
    for mode in ("each", "crawl"):
        chosen = settings(flaky, mode)
        with store.session() as session, session.begin():
            follow_from_now(session, chosen)
        send(store, chosen, passes=1)
    assert rows(store) == []


def test_a_dead_endpoint_is_retried_then_given_up_on(store: Store) -> None:
    dead = next(serve(failures=1000))
    try:
        chosen = replace(settings(dead, "each"), max_attempts=3)
        start(store, chosen)
        store_policies(store)
        send(store, chosen, passes=10)
    finally:
        dead.shutdown()
        dead.server_close()
    assert dead.attempts == 9
    assert all(row.attempts == 3 and row.given_up_at for row in rows(store))
    assert all(row.last_error and "503" in row.last_error for row in rows(store))


def test_the_outbox_thread_sends_apprise_messages(db_url: str, flaky: Receiver) -> None:
    from storage import open_store

    chosen = settings(flaky, "crawl")
    store = open_store(db_url)
    sender = outbox_sender(db_url, WebhookSettings(poll=0.05), chosen)
    assert isinstance(sender, OutboxSender)
    with store.session() as session, session.begin():
        sender.follow_from_now(session)
    store_policies(store)
    for _ in range(5):
        sender.send_once(store)
    store.close()
    assert len(flaky.received) == 2


def test_no_thread_without_urls() -> None:
    assert outbox_sender("sqlite://", WebhookSettings(), NotifySettings()) is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"urls": ["nope://x"]}, "nope://… is no Apprise URL"),
        ({"urls": ["json://h/"], "mode": "weekly"}, "mode must be one of each, crawl, daily"),
        ({"urls": [{"url": "json://h/", "when": 1}]}, "unknown keys ['when']"),
        ({"urls": ["json://h/"], "events": ["deleted"]}, "unknown events ['deleted']"),
    ],
)
def test_bad_notify_settings_are_refused(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("*", r"\*")):
        NotifySettings.from_config({"notify": table})


def test_each_url_may_have_its_own_mode_and_topic() -> None:
    table = {
        "urls": ["mailto://u:p@example.org", {"url": "tgram://1:a/2", "mode": "daily", "topic": ""}]
    }
    mail, telegram = NotifySettings.from_config({"notify": table}).targets
    assert (mail.mode, mail.topic) == ("each", "medical_equipment")
    assert (telegram.mode, telegram.topic) == ("daily", None)


def test_the_readme_example_is_a_valid_notify_table() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme[readme.index("[notify]\nurls = [") :]
    example = example[: example.index("```")]
    targets = NotifySettings.from_config(tomllib.loads(example)).targets
    assert [target.url.split(":")[0] for target in targets] == [
        "mailto",
        "wecombot",
        "dingtalk",
        "feishu",
        "tgram",
        "slack",
    ]
    assert targets[-1].mode == "daily"
