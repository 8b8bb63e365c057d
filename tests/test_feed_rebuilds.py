"""Feeds rebuilt in place: after each kind of change the folder holds byte for byte what a build
into an empty folder writes, and a rebuild reads and writes only what changed."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

import feeds.maker
from feeds import build_feeds
from feeds.folders import SETTLED_NS
from feeds.identity import key_entry_id
from feeds.record import RECORD
from storage import Store, ensure_source, ingest, withdraw
from storage.models import Document, Incident, Policy
from tests.test_storage import record

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
PAGE = 3
MOST = "https://www.most.gov.cn/xxgk/gfxwj/2025/t{n}.html"
GD = "https://wsjkw.gd.gov.cn/zwgk/tzgg/content/post_{n}.html"
RELEVANT = {"medical_equipment": 1.0}


def policy_record(n: int, **overrides: Any) -> dict[str, Any]:
    """Policy `n` on MOST: every third one irrelevant to the default topic."""
    return (
        record(
            url=MOST.format(n=n),
            title=f"关于第{n}号事项的通知",
            text=f"第一条 第{n}号事项。\n第二条 事项{n}的细则。",
            wenhao=f"国科发资〔2025〕{n + 1}号",
            index_no=None,
            attachments=[],
            topics={} if n % 3 == 0 else RELEVANT,
            published_at=T0 + timedelta(days=n),
            fetched_at=T0 + timedelta(days=n),
        )
        | overrides
    )


@pytest.fixture
def archive(store: Store) -> Iterator[Store]:
    """Twenty policies on MOST and a Guangdong source, a revision among them."""
    with store.session() as session:
        ensure_source(
            session, "most_gfxwj", site="www.most.gov.cn", name="科技部", list_url="https://x/"
        )
        ensure_source(
            session,
            "gd_wsjkw",
            site="wsjkw.gd.gov.cn",
            name="广东省卫生健康委员会",
            list_url="https://y/",
            region="guangdong",
        )
        for n in range(20):
            source = {"source": "gd_wsjkw", "url": GD.format(n=n)} if n % 4 == 0 else {}
            ingest(session, policy_record(n) | source, now=T0 + timedelta(minutes=n))
        revise(session, 5, "第三条 新增的条款。", minutes=30)
        session.commit()
    yield store


def revise(session: Session, n: int, clause: str, minutes: int, **overrides: Any) -> None:
    """Policy `n`'s MOST page seen again with `clause` added to its text."""
    changed = policy_record(n)
    changed["text"] += f"\n{clause}"
    ingest(session, changed | overrides, now=T0 + timedelta(minutes=minutes))


def build(store: Store, out: Path, **options: Any) -> list[Path]:
    options.setdefault("page_size", PAGE)
    with store.session() as session:
        return build_feeds(session, out, **options)


def files(out: Path) -> dict[str, bytes]:
    """The files in `out` but the build record (which holds times of its own)."""
    found = {path.relative_to(out).as_posix(): path for path in sorted(out.rglob("*"))}
    return {name: path.read_bytes() for name, path in found.items() if path.is_file()} | {
        RECORD: b""
    }


def assert_as_built_afresh(store: Store, out: Path, tmp_path: Path, **options: Any) -> None:
    """`out`, rebuilt in place, holds exactly what a build into an empty folder writes."""
    build(store, out, **options)
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build(store, fresh, **options)
    rebuilt, expected = files(out), files(fresh)
    assert sorted(rebuilt) == sorted(expected)
    assert [name for name in expected if rebuilt[name] != expected[name]] == []


def change(store: Store, act: Callable[[Session], object]) -> None:
    with store.session() as session:
        act(session)
        session.commit()


CHANGES: dict[str, Callable[[Session], object]] = {
    "new policies": lambda s: [
        ingest(s, policy_record(n), now=T0 + timedelta(hours=1, minutes=n)) for n in (20, 21, 22)
    ],
    "a revision of an archived policy": lambda s: revise(s, 2, "第三条 修订。", minutes=90),
    "a revision of one of the newest policies": lambda s: revise(
        s, 19, "第三条 修订。", minutes=90
    ),
    "a second revision": lambda s: [
        revise(s, 2, "第三条 修订。", minutes=90),
        revise(s, 2, "第四条 再修订。", minutes=95),
    ],
    "a withdrawal": lambda s: withdraw(s, MOST.format(n=7), now=T0 + timedelta(hours=2)),
    "a repost on another source": lambda s: ingest(
        s,
        policy_record(1, source="gd_wsjkw", url=GD.format(n=101)),
        now=T0 + timedelta(hours=3),
    ),
    "a policy that became relevant": lambda s: revise(
        s, 9, "第三条 医疗器械。", minutes=120, topics=RELEVANT
    ),
    "a policy that is no longer relevant": lambda s: revise(
        s, 1, "第三条 不再相关。", minutes=120, topics={}
    ),
    "a revision that repeals another policy": lambda s: revise(
        s, 10, "第三条 《关于第4号事项的通知》（国科发资〔2025〕5号）同时废止。", minutes=130
    ),
    "a policy first seen before every other": lambda s: ingest(
        s, policy_record(50), now=T0 - timedelta(days=1)
    ),
    "an incident": lambda s: s.add(
        Incident(source_id="most_gfxwj", status="down", opened_at=T0 + timedelta(hours=5))
    ),
}


@pytest.mark.parametrize("name", CHANGES)
def test_a_rebuild_after_a_change_is_a_build_afresh(
    archive: Store, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    change(archive, CHANGES[name])
    assert_as_built_afresh(archive, out, tmp_path)


def test_rebuilds_after_every_change_in_turn_are_builds_afresh(
    archive: Store, tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    for act in CHANGES.values():
        change(archive, act)
        assert_as_built_afresh(archive, out, tmp_path)


@pytest.mark.parametrize(
    "options",
    [{"base_url": "https://feeds.example.org/pw/"}, {"full_text": False}, {"topic": None}],
)
def test_a_rebuild_with_other_settings_is_a_build_afresh(
    archive: Store, tmp_path: Path, options: dict[str, Any]
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    assert_as_built_afresh(archive, out, tmp_path, **options)
    assert_as_built_afresh(archive, out, tmp_path)


@pytest.mark.parametrize(
    "gone",
    [
        "all.atom",
        "sources/most_gfxwj.rss",
        "archive/policies/2.atom",
        "archive/all",
        "health.atom",
        "diffs",
        RECORD,
    ],
)
def test_files_that_are_gone_are_written_again(archive: Store, tmp_path: Path, gone: str) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    path = out / gone
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    assert_as_built_afresh(archive, out, tmp_path)


def test_a_page_removed_once_its_folder_settled_is_written_again(
    archive: Store, tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    long_ago = time.time_ns() - 2 * SETTLED_NS
    for folder in (out / "archive").rglob("*"):
        if folder.is_dir():
            os.utime(folder, ns=(long_ago, long_ago))
    build(archive, out)
    recorded = json.loads((out / RECORD).read_bytes())["streams"]["policies"]
    assert recorded["folder"] == long_ago
    (out / "archive/policies/2.atom").unlink()
    assert_as_built_afresh(archive, out, tmp_path)


def test_a_renamed_source_rewrites_its_feeds(archive: Store, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    change(
        archive,
        lambda s: ensure_source(
            s, "most_gfxwj", site="www.most.gov.cn", name="科学技术部", list_url="https://x/"
        ),
    )
    assert_as_built_afresh(archive, out, tmp_path)


def test_a_rebuild_rewrites_only_the_pages_that_changed(archive: Store, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    before = {name: (out / name).stat().st_mtime_ns for name in files(out)}
    change(archive, lambda s: revise(s, 2, "第三条 修订。", minutes=90))
    build(archive, out)
    rewritten = {name for name in files(out) if before.get(name) != (out / name).stat().st_mtime_ns}
    with archive.session() as session:
        key = session.scalars(
            select(Policy.key).join(Policy.documents).where(Document.url == MOST.format(n=2))
        ).one()
    assert rewritten == {
        RECORD,
        "archive/all/1.atom",
        "archive/policies/1.atom",
        "archive/sources/most_gfxwj/1.atom",
        "revisions.atom",
        "revisions.rss",
        "sources/most_gfxwj.revisions.atom",
        "sources/most_gfxwj.revisions.rss",
        f"diffs/{key}/v2.html",
        f"diffs/{key}/v2.diff",
    }


def statements(store: Store, act: Callable[[], object]) -> int:
    """How many SQL statements `act` runs on the store's engine."""
    count = 0

    def counted(*_: object) -> None:
        nonlocal count
        count += 1

    event.listen(store.engine, "before_cursor_execute", counted)
    try:
        act()
    finally:
        event.remove(store.engine, "before_cursor_execute", counted)
    return count


def test_a_rebuild_reads_as_much_whatever_the_size_of_the_archive(
    archive: Store, tmp_path: Path
) -> None:
    counts = []
    for start, archived in [(100, 2), (200, 7)]:
        added = range(start, start + PAGE * 10)
        out = tmp_path / f"feeds-{start}"
        build(archive, out)
        change(
            archive,
            lambda s, added=added: [
                ingest(s, policy_record(n, topics=RELEVANT), now=T0 + timedelta(days=1, minutes=n))
                for n in added[:-1]
            ],
        )
        build(archive, out)
        change(
            archive,
            lambda s, added=added, archived=archived: [
                ingest(s, policy_record(added[-1], topics=RELEVANT), now=T0 + timedelta(days=2)),
                revise(s, archived, "第三条 修订。", minutes=added[-1]),
            ],
        )
        counts.append(statements(archive, lambda out=out: build(archive, out)))
    assert counts[0] == counts[1]


def test_a_rebuild_makes_anew_only_the_entries_of_touched_policies(
    archive: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    made: list[str] = []

    def counted(make: Callable[..., Any]) -> Callable[..., Any]:
        def making(*args: Any, **kwargs: Any) -> Any:
            entry = make(*args, **kwargs)
            made.append(entry.id)
            return entry

        return making

    monkeypatch.setattr(feeds.maker, "policy_entry", counted(feeds.maker.policy_entry))
    monkeypatch.setattr(feeds.maker, "revision_entry", counted(feeds.maker.revision_entry))
    change(archive, CHANGES["new policies"])
    change(archive, CHANGES["a revision of an archived policy"])
    build(archive, out)
    with archive.session() as session:
        keys = session.scalars(
            select(Policy.key)
            .join(Policy.documents)
            .where(Document.url.in_([MOST.format(n=n) for n in (2, 20, 21, 22)]))
        ).all()
    assert sorted(set(made)) == sorted(
        [key_entry_id(key) for key in keys] + [key_entry_id(keys[0], 2)]
    )


def test_a_version_reached_on_a_second_site_later_replaces_the_first(
    archive: Store, tmp_path: Path
) -> None:
    out = tmp_path / "feeds"
    build(archive, out)
    repost = policy_record(3, source="gd_wsjkw", url=GD.format(n=103))
    change(archive, lambda s: ingest(s, repost, now=T0 + timedelta(hours=1)))
    revised_repost = repost | {"text": repost["text"] + "\n第三条 两地修订。"}
    change(archive, lambda s: ingest(s, revised_repost, now=T0 + timedelta(hours=2)))
    change(
        archive,
        lambda s: [revise(s, n, "第三条 其他修订。", minutes=200 + n) for n in (6, 7, 8, 11)],
    )
    assert_as_built_afresh(archive, out, tmp_path)
    change(archive, lambda s: revise(s, 3, "第三条 两地修订。", minutes=300))
    assert_as_built_afresh(archive, out, tmp_path)
    revisions = [
        link.href
        for entry in feedparser.parse((out / "revisions.atom").read_bytes()).entries
        for link in entry.links
    ]
    assert len(revisions) == len(set(revisions))
