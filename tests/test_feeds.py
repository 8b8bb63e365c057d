"""The feeds package: RSS/Atom/OPML files built from stored rows, their ids, bytes and safety."""

from __future__ import annotations

import hashlib
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from feeds import build_feeds
from feeds.diff.compare import render_diff
from feeds.files import write_if_changed
from feeds.maker import EntryMaker
from feeds.members import RevisionScope
from feeds.readback import read_entries
from feeds.record import RECORD
from feeds.text import excerpt
from storage.models import Attachment, Base, Change, Document, Policy, Source, Version

CHINA = timezone(timedelta(hours=8))
HOSTILE = "<script>alert(1)</script> 关于A&B的通知 ]]> 尾\x0b"
MIIT_URL = "https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2021/art_208.html"
GOV_REPOST_URL = "https://www.gov.cn/zhengce/zhengceku/2021-12/28/content_5664990.htm"
GOV_REVISED_URL = "https://www.gov.cn/zhengce/zhengceku/2021-11/01/content_5648000.htm"
EVIL_URL = "https://www.miit.gov.cn/zwgk/zcwj/art/2022/art_1.html"
TEXT_V1 = "第一条 为加强医疗器械监督管理，制定本办法。\n第二条 本办法自发布之日起施行。"
TEXT_V2 = "第一条 为加强医疗器械质量监督管理，制定本办法。\n第二条 本办法自2022年1月1日起施行。"
ALL_FILES = {
    "policies.rss",
    "policies.atom",
    "all.rss",
    "all.atom",
    "revisions.rss",
    "revisions.atom",
    "health.rss",
    "health.atom",
    "sources/miit_zcwj.rss",
    "sources/miit_zcwj.atom",
    "sources/gov_zhengce.rss",
    "sources/gov_zhengce.atom",
    "sources/miit_zcwj.revisions.rss",
    "sources/miit_zcwj.revisions.atom",
    "sources/gov_zhengce.revisions.rss",
    "sources/gov_zhengce.revisions.atom",
    "index.opml",
}
MIIT_FEEDS = {name for name in ALL_FILES if name.startswith("sources/miit_zcwj.")}
RULES_DIFF = "diffs/wh-yljx-2021-1/v2"
BASE = "http://127.0.0.1:8000"


def policy_id(key: str) -> str:
    return f"urn:policywatch:policy:{key}"


def _version(document: Document, number: int, **fields: Any) -> Version:
    defaults: dict[str, Any] = {
        "title": "关于印发《“十四五”医疗装备产业发展规划》的通知",
        "wenhao": "工信部联规〔2021〕208号",
        "issuer": "工业和信息化部",
        "text": "各省、自治区、直辖市工业和信息化主管部门：\n  现将《规划》印发给你们。",
        "html": "<p>raw <script>alert('stored html')</script></p>",
    }
    version = Version(document=document, number=number, **{**defaults, **fields})
    version.content_hash = hashlib.sha256(version.text.encode()).hexdigest()
    return version


def populate(session: Session) -> None:
    miit = Source(
        id="miit_zcwj",
        site="www.miit.gov.cn",
        name="工业和信息化部 政策文件",
        list_url="https://www.miit.gov.cn/zwgk/zcwj/index.html",
    )
    gov = Source(
        id="gov_zhengce",
        site="www.gov.cn",
        name="中国政府网 政策文件库",
        list_url="https://www.gov.cn/zhengce/zhengceku/",
    )
    published = datetime(2021, 12, 21, tzinfo=CHINA)
    plan = Policy(
        key="wh-gxblg-2021-208",
        title="“十四五”医疗装备产业发展规划",
        published_at=published,
        first_seen_at=published,
    )
    plan_miit = Document(url=MIIT_URL, source=miit, policy=plan, first_seen_at=published)
    plan_gov = Document(url=GOV_REPOST_URL, source=gov, policy=plan, first_seen_at=published)
    plan_v1 = _version(
        plan_miit,
        1,
        index_no="000014349/2021-00345",
        published_at=published,
        topics={"medical_equipment": 1.0, "telecom": 0.2},
    )
    plan_v1.attachments = [
        Attachment(
            position=0, url="https://www.miit.gov.cn/files/plan.pdf", name="规划全文", type="pdf"
        ),
        Attachment(position=1, url="javascript:alert(1)", name="恶意链接", type="doc"),
    ]
    repost_v1 = _version(plan_gov, 1, published_at=published + timedelta(days=7))

    revised_on = datetime(2021, 11, 1, tzinfo=CHINA)
    rules = Policy(
        key="wh-yljx-2021-1",
        title="医疗器械监督管理办法",
        published_at=revised_on,
        first_seen_at=revised_on,
    )
    rules_doc = Document(url=GOV_REVISED_URL, source=gov, policy=rules, first_seen_at=revised_on)
    common = {"wenhao": "国药监械〔2021〕1号", "issuer": "国家药监局", "published_at": revised_on}
    rules_v1 = _version(rules_doc, 1, title="医疗器械监督管理办法", text=TEXT_V1, **common)
    rules_v2 = _version(rules_doc, 2, title="医疗器械监督管理办法", text=TEXT_V2, **common)

    evil_seen = datetime(2022, 2, 1, 9, 30, tzinfo=UTC)
    evil = Policy(key="evil-1", title=HOSTILE, first_seen_at=evil_seen)
    evil_doc = Document(url=EVIL_URL, source=miit, policy=evil, first_seen_at=evil_seen)
    evil_v1 = _version(
        evil_doc,
        1,
        title=HOSTILE,
        text=HOSTILE * 3,
        wenhao="<b>工信部〔2022〕1号</b>",
        issuer="A&B",
    )

    session.add_all([plan_v1, repost_v1, rules_v1, rules_v2, evil_v1])
    session.flush()
    plan.primary_document = plan_miit
    rules.primary_document = rules_doc
    evil.primary_document = evil_doc
    plan_miit.current_version, plan_gov.current_version = plan_v1, repost_v1
    rules_doc.current_version, evil_doc.current_version = rules_v2, evil_v1
    session.add_all(
        [
            Change(kind="new", document=rules_doc, policy=rules, to_version=rules_v1),
            Change(
                kind="revised",
                document=rules_doc,
                policy=rules,
                from_version=rules_v1,
                to_version=rules_v2,
                detected_at=datetime(2022, 3, 1, 8, tzinfo=UTC),
            ),
        ]
    )
    session.commit()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'feeds.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        populate(session)
    yield engine
    engine.dispose()


def build(engine: Engine, out: Path, **options: Any) -> list[Path]:
    options.setdefault("topic", None)
    with Session(engine) as session:
        return build_feeds(session, out, **options)


@pytest.fixture
def out(engine: Engine, tmp_path: Path) -> Path:
    out = tmp_path / "feeds"
    build(engine, out)
    return out


def parse(out: Path, name: str) -> feedparser.FeedParserDict:
    return feedparser.parse((out / name).read_bytes())


def entry_ids(out: Path, name: str) -> list[str]:
    return [entry.id for entry in parse(out, name).entries]


def unstyled(html: str) -> str:
    """`html` with the inline styles of its marks removed, once each mark is seen to carry one
    that shows it without a style sheet (as feedparser normalizes it)."""
    for tag, shown in [("del", "line-through"), ("ins", "underline")]:
        styles = re.findall(rf"<{tag}( [^>]*)?>", html)
        assert styles and all(f"text-decoration: {shown}" in style for style in styles), styles
        html = re.sub(rf"<{tag} [^>]*>", f"<{tag}>", html)
    return html


def by_id(out: Path, name: str, entry_id: str) -> feedparser.FeedParserDict:
    return next(entry for entry in parse(out, name).entries if entry.id == entry_id)


def test_build_writes_and_returns_every_feed(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    written = build(engine, out)
    assert {path.relative_to(out).as_posix() for path in written} == ALL_FILES
    assert all(path.is_file() for path in written)


@pytest.mark.parametrize("name", sorted(ALL_FILES - {"index.opml"}))
def test_every_feed_parses_cleanly(out: Path, name: str) -> None:
    parsed = parse(out, name)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if name.endswith(".atom") else "rss20")
    assert "policywatch ·" in parsed.feed.title


@pytest.mark.parametrize("name", ["policies.atom", "policies.rss"])
def test_all_policies_newest_first_with_stable_ids(out: Path, name: str) -> None:
    assert entry_ids(out, name) == [
        policy_id("evil-1"),
        policy_id("wh-gxblg-2021-208"),
        policy_id("wh-yljx-2021-1"),
    ]


def test_a_page_holds_the_newest_and_archive_pages_the_rest(engine: Engine, tmp_path: Path) -> None:
    build(engine, tmp_path, page_size=1)
    assert entry_ids(tmp_path, "policies.atom") == [policy_id("evil-1")]
    assert walk_archive(tmp_path, "policies") == [
        [policy_id("evil-1")],
        [policy_id("wh-gxblg-2021-208")],
        [policy_id("wh-yljx-2021-1")],
    ]
    page = parse(tmp_path, "archive/policies/1.atom")
    assert {link.rel: link.href for link in page.feed.links}["current"] == (f"{BASE}/policies.atom")
    assert "<fh:archive/>" in (tmp_path / "archive/policies/1.atom").read_text("utf-8")


def walk_archive(out: Path, name: str) -> list[list[str]]:
    """The entry ids of the current feed, then of each archive page, following prev-archive."""
    pages, url = [], f"{BASE}/{name}.atom"
    while url:
        parsed = parse(out, url.removeprefix(f"{BASE}/"))
        pages.append([entry.id for entry in parsed.entries])
        url = {link.rel: link.href for link in parsed.feed.links}.get("prev-archive")
    return pages


@pytest.mark.parametrize("name", ["policies.atom", "policies.rss"])
def test_policy_entry_carries_what_a_reader_needs(out: Path, name: str) -> None:
    entry = by_id(out, name, policy_id("wh-gxblg-2021-208"))
    content = entry.content[0].value
    assert entry.title == "关于印发《“十四五”医疗装备产业发展规划》的通知"
    assert entry.link == f"{BASE}/policy/wh-gxblg-2021-208"
    assert entry.published_parsed[:6] == (2021, 12, 20, 16, 0, 0)
    for expected in [
        "工信部联规〔2021〕208号",
        "工业和信息化部",
        "000014349/2021-00345",
        "工业和信息化部 政策文件",
        "2021-12-21",
        "<p>各省、自治区、直辖市工业和信息化主管部门：</p>",
        "<p>现将《规划》印发给你们。</p>",
        'href="https://www.miit.gov.cn/files/plan.pdf"',
        f'href="{GOV_REPOST_URL}"',
        "中国政府网 政策文件库",
    ]:
        assert expected in content
    assert "javascript:" not in content
    assert "恶意链接" in content
    assert "stored html" not in content
    assert [tag.term for tag in entry.tags] == ["medical_equipment"]


def test_publication_days_are_china_days(out: Path) -> None:
    atom = (out / "policies.atom").read_text("utf-8")
    assert "<updated>2022-02-01T17:30:00+08:00</updated>" in atom
    assert "<published>2021-12-21T00:00:00+08:00</published>" in atom
    rss = (out / "policies.rss").read_text("utf-8")
    assert "<pubDate>Tue, 21 Dec 2021 00:00:00 +0800</pubDate>" in rss


def test_source_feeds_hold_only_their_policies(out: Path) -> None:
    miit = entry_ids(out, "sources/miit_zcwj.atom")
    gov = entry_ids(out, "sources/gov_zhengce.rss")
    assert miit == [policy_id("evil-1"), policy_id("wh-gxblg-2021-208")]
    assert gov == [policy_id("wh-gxblg-2021-208"), policy_id("wh-yljx-2021-1")]
    assert (
        parse(out, "sources/gov_zhengce.atom").feed.title == "policywatch · 中国政府网 政策文件库"
    )


def test_sources_option_limits_the_source_feeds(engine: Engine, tmp_path: Path) -> None:
    written = build(engine, tmp_path, sources=["gov_zhengce", "not_stored"])
    names = {path.relative_to(tmp_path).as_posix() for path in written}
    assert names == ALL_FILES - MIIT_FEEDS


@pytest.mark.parametrize("name", ["revisions.atom", "revisions.rss"])
def test_revision_feed_has_version_ids_and_diffs(out: Path, name: str) -> None:
    parsed = parse(out, name)
    assert [entry.id for entry in parsed.entries] == [policy_id("wh-yljx-2021-1") + "/v2"]
    entry = parsed.entries[0]
    content = entry.content[0].value
    assert entry.link == f"{BASE}/{RULES_DIFF}.html"
    assert f'<a href="{GOV_REVISED_URL}">原文 original</a>' in content
    assert entry.published_parsed[:6] == (2022, 3, 1, 8, 0, 0)
    assert "<ins>质量</ins>" in unstyled(content)
    assert "<del>发布之</del><ins>2022年1月1</ins>日" in unstyled(content)
    assert "第二条 本办法自[-发布之-]{+2022年1月1+}日起施行。" in content
    assert "2 paragraphs revised" in entry.summary
    assert "国药监械〔2021〕1号" in content


def test_a_policy_version_revised_on_two_sites_is_one_entry(engine: Engine, tmp_path: Path) -> None:
    revise_plan_on_both_sites(engine)
    build(engine, tmp_path)
    parsed = parse(tmp_path, "revisions.atom")
    assert [entry.id for entry in parsed.entries] == [
        policy_id("wh-gxblg-2021-208") + "/v2",
        policy_id("wh-yljx-2021-1") + "/v2",
    ]
    assert f'<a href="{MIIT_URL}">原文 original</a>' in parsed.entries[0].content[0].value
    assert "<ins>修订后</ins>" in unstyled(parsed.entries[0].content[0].value)


def revise_plan_on_both_sites(engine: Engine) -> None:
    """Version 2 of the plan, seen on MIIT at 9:00 and on its gov.cn repost at 10:00."""
    with Session(engine) as session:
        for url, hour in [(MIIT_URL, 9), (GOV_REPOST_URL, 10)]:
            document = session.scalars(select(Document).where(Document.url == url)).one()
            v2 = _version(document, 2, text="现将《规划》修订后印发给你们。")
            session.add(v2)
            session.add(
                Change(
                    kind="revised",
                    document=document,
                    policy=document.policy,
                    from_version=document.current_version,
                    to_version=v2,
                    detected_at=datetime(2022, 4, 1, hour, tzinfo=UTC),
                )
            )
        session.commit()


def test_rebuild_is_byte_identical_and_leaves_files_alone(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    first = build(engine, out)
    before = {path: path.read_bytes() for path in first}
    for path in first:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    second = build(engine, out)
    assert second == first
    assert {path: path.read_bytes() for path in second} == before
    assert all(path.stat().st_mtime_ns == 1_000_000_000 for path in second)
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_changed_rows_rewrite_only_their_files(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    build(engine, out)
    for path in out.rglob("*.*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    with Session(engine) as session:
        evil = session.scalars(select(Version).where(Version.issuer == "A&B")).one()
        change_metadata(session, evil, issuer="工业和信息化部")
        session.commit()
    build(engine, out)
    touched = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*.*")
        if p.stat().st_mtime_ns != 1_000_000_000
    }
    assert touched - {RECORD} == {
        "policies.atom",
        "policies.rss",
        "all.atom",
        "all.rss",
        "sources/miit_zcwj.atom",
        "sources/miit_zcwj.rss",
    }


def change_metadata(session: Session, current: Version, **fields: Any) -> Version:
    """A new version of `current`'s document with `fields` changed, as a crawl stores it."""
    document = current.document
    kept = {"title": current.title, "wenhao": current.wenhao, "issuer": current.issuer}
    new = _version(document, current.number + 1, text=current.text, **{**kept, **fields})
    document.current_version = new
    session.add(
        Change(
            kind="metadata_changed",
            document=document,
            policy=document.policy,
            from_version=current,
            to_version=new,
        )
    )
    return new


def test_no_markup_or_control_char_from_the_database_survives(out: Path) -> None:
    for path in out.rglob("*.*"):
        data = path.read_bytes()
        assert b"<script" not in data.lower(), path
        assert b"\x0b" not in data, path
        assert b"<b>" not in data, path
    for name in ALL_FILES - {"index.opml"}:
        for entry in parse(out, name).entries:
            for value in [entry.title, entry.summary, entry.content[0].value]:
                assert "<script" not in value.lower()
    evil = by_id(out, "policies.atom", policy_id("evil-1"))
    assert evil.title == "＜script＞alert(1)＜/script＞ 关于A&B的通知 ]]＞ 尾"
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 关于A&amp;B的通知 ]]&gt; 尾" in evil.summary
    assert evil.published_parsed[:5] == (2022, 2, 1, 9, 30)


def test_self_links_follow_base_url(engine: Engine, tmp_path: Path) -> None:
    build(engine, tmp_path, base_url="https://feeds.example.org/")
    atom = parse(tmp_path, "sources/miit_zcwj.atom")
    rss = parse(tmp_path, "policies.rss")
    assert atom.bozo == rss.bozo == 0
    assert {link.href for link in atom.feed.links if link.rel == "self"} == {
        "https://feeds.example.org/sources/miit_zcwj.atom"
    }
    assert {link.href for link in rss.feed.links if link.rel == "self"} == {
        "https://feeds.example.org/policies.rss"
    }
    assert atom.feed.link == "https://feeds.example.org/?source=miit_zcwj"


def test_opml_lists_every_feed_once_in_atom_with_its_page(out: Path) -> None:
    root = ET.fromstring((out / "index.opml").read_bytes())
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = [outline for outline in root.iter("outline") if outline.get("xmlUrl")]
    assert sorted(outline.get("xmlUrl") for outline in outlines) == sorted(
        f"{BASE}/{name}" for name in ALL_FILES if name.endswith(".atom")
    )
    pages = {outline.get("xmlUrl"): outline.get("htmlUrl") for outline in outlines}
    assert pages[f"{BASE}/policies.atom"] == f"{BASE}/"
    assert pages[f"{BASE}/sources/gov_zhengce.atom"] == f"{BASE}/?source=gov_zhengce"
    assert pages[f"{BASE}/health.atom"] == f"{BASE}/health"
    titles = {outline.get("text") for outline in root.iter("outline")}
    assert "policywatch · 全部新政策 (all new policies)" in titles


def test_links_default_to_the_serve_address(out: Path) -> None:
    atom = parse(out, "sources/miit_zcwj.atom")
    assert [link.href for link in atom.feed.links if link.rel == "self"] == [
        f"{BASE}/sources/miit_zcwj.atom"
    ]
    assert parse(out, "policies.rss").feed.link == f"{BASE}/"


def test_entries_carry_the_whole_text_or_an_excerpt(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        plan = session.scalars(select(Version).where(Version.index_no.is_not(None))).one()
        plan.text = "第一条 " + "长" * 300 + "\n第二条 最后一句。"
        session.commit()
    build(engine, tmp_path / "full")
    build(engine, tmp_path / "excerpt", full_text=False)
    full = by_id(tmp_path / "full", "all.atom", policy_id("wh-gxblg-2021-208"))
    short = by_id(tmp_path / "excerpt", "all.atom", policy_id("wh-gxblg-2021-208"))
    assert "第二条 最后一句。" in full.content[0].value
    assert "第二条 最后一句。" not in short.content[0].value


def test_excerpt_collapses_whitespace_and_cuts_long_text() -> None:
    assert excerpt("  第一条\n\u3000 第二条\t") == "第一条 第二条"
    assert excerpt("条" * 250) == "条" * 200 + "…"


def test_write_if_changed(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "feed.xml"
    assert write_if_changed(path, b"one") is True
    assert write_if_changed(path, b"one") is False
    assert write_if_changed(path, b"two") is True
    assert path.read_bytes() == b"two"
    assert [p.name for p in path.parent.iterdir()] == ["feed.xml"]


DIFF_CASES = [
    ("word inserted", "为加强管理。", "为加强质量管理。", ["<ins>质量</ins>"], ["<del>"]),
    ("word removed", "自发布之日起施行。", "自起施行。", ["<del>发布之日</del>"], ["<ins>"]),
    (
        "paragraph added",
        "第一条",
        "第一条\n第二条 新增",
        ["<p><ins>第二条 新增</ins></p>"],
        ["第一条"],
    ),
    ("paragraph removed", "第一条\n第二条", "第一条", ["<p><del>第二条</del></p>"], ["<ins>"]),
    ("latin words", "valid until 2021", "valid until 2023", ["<del>2021</del><ins>2023</ins>"], []),
    (
        "rewritten",
        "甲乙丙丁",
        "子丑寅卯",
        ["<p><del>甲乙丙丁</del></p>", "<p><ins>子丑寅卯</ins></p>"],
        [],
    ),
    ("escaped", "a <b>", "a <b> & c", ["<ins> &amp; c</ins>", "&lt;b&gt;"], ["<b>"]),
    (
        "paragraph dropped before a changed one",
        "甲乙丙丁戊\n第二条 自发布之日起施行",
        "第二条 自公布之日起施行",
        ["<p><del>甲乙丙丁戊</del></p>", "<p>第二条 自<del>发</del><ins>公</ins>布之日起施行</p>"],
        ["<ins>第二条"],
    ),
    ("unchanged", "第一条\n\n第二条", "第一条\n第二条", ["no change"], ["<ins>", "<del>"]),
]


@pytest.mark.parametrize(
    ("old", "new", "present", "absent"), [c[1:] for c in DIFF_CASES], ids=[c[0] for c in DIFF_CASES]
)
def test_render_diff(old: str, new: str, present: list[str], absent: list[str]) -> None:
    html = render_diff(old, new)
    assert all(fragment in html for fragment in present), html
    assert not any(fragment in html for fragment in absent), html


def test_render_diff_caps_long_diffs() -> None:
    old = "\n".join(f"第{i}条 甲" for i in range(50))
    new = "\n".join(f"第{i}条 乙" for i in range(50))
    html = render_diff(old, new, max_paragraphs=5)
    assert html.count("<p>") == 6
    assert "45 more" in html


def test_default_feeds_hold_only_policies_relevant_to_the_topic(
    engine: Engine, tmp_path: Path
) -> None:
    build(engine, tmp_path, topic="medical_equipment")
    assert entry_ids(tmp_path, "policies.atom") == [policy_id("wh-gxblg-2021-208")]
    assert policy_id("evil-1") in entry_ids(tmp_path, "all.atom")
    assert len(entry_ids(tmp_path, "all.atom")) == 3


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_source_revision_feeds_hold_the_revisions_seen_there(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    revise_plan_on_both_sites(engine)
    build(engine, tmp_path)
    gov = parse(tmp_path, f"sources/gov_zhengce.revisions.{fmt}")
    miit = parse(tmp_path, f"sources/miit_zcwj.revisions.{fmt}")
    assert gov.bozo == miit.bozo == 0, gov.get("bozo_exception") or miit.get("bozo_exception")
    plan, rules = policy_id("wh-gxblg-2021-208") + "/v2", policy_id("wh-yljx-2021-1") + "/v2"
    assert [entry.id for entry in gov.entries] == [plan, rules]
    assert [entry.id for entry in miit.entries] == [plan]
    assert gov.entries[0].published_parsed[:4] == (2022, 4, 1, 10)
    assert miit.entries[0].published_parsed[:4] == (2022, 4, 1, 9)
    assert f'<a href="{GOV_REPOST_URL}">原文 original</a>' in gov.entries[0].content[0].value
    assert gov.entries[1].link == f"{BASE}/{RULES_DIFF}.html"
    assert "<ins>修订后</ins>" in unstyled(miit.entries[0].content[0].value)


def test_revision_entries_are_updated_when_the_change_was_detected(out: Path) -> None:
    entry = parse(out, "sources/gov_zhengce.revisions.atom").entries[0]
    assert entry.updated_parsed[:6] == (2022, 3, 1, 8, 0, 0)


def test_revision_entries_link_to_diff_pages_under_base_url(engine: Engine, tmp_path: Path) -> None:
    build(engine, tmp_path, base_url="https://feeds.example.org/")
    for name in ["revisions.atom", "revisions.rss", "sources/gov_zhengce.revisions.rss"]:
        assert parse(tmp_path, name).entries[0].link == (
            f"https://feeds.example.org/{RULES_DIFF}.html"
        )


def test_each_revision_has_an_html_and_a_unified_diff_file(out: Path) -> None:
    assert sorted(p.relative_to(out).as_posix() for p in (out / "diffs").rglob("*.*")) == [
        f"{RULES_DIFF}.diff",
        f"{RULES_DIFF}.html",
    ]
    page = (out / f"{RULES_DIFF}.html").read_text("utf-8")
    assert "第一条 为加强医疗器械<ins>质量</ins>监督管理，制定本办法。" in page
    assert f'<a href="{GOV_REVISED_URL}">' in page
    unified = (out / f"{RULES_DIFF}.diff").read_text("utf-8").splitlines()
    assert unified[0].startswith("--- v1\t") and unified[1].startswith("+++ v2\t")
    assert unified[2:] == [
        "@@ -1,3 +1,3 @@",
        " 医疗器械监督管理办法",
        "-第一条 为加强医疗器械监督管理，制定本办法。",
        "-第二条 本办法自发布之日起施行。",
        "+第一条 为加强医疗器械质量监督管理，制定本办法。",
        "+第二条 本办法自2022年1月1日起施行。",
    ]


def test_diff_files_are_stable_across_rebuilds(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    build(engine, out)
    files = sorted((out / "diffs").rglob("*"))
    before = {path: path.read_bytes() for path in files if path.is_file()}
    for path in before:
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    build(engine, out)
    assert sorted((out / "diffs").rglob("*")) == files
    assert {path: path.read_bytes() for path in before} == before
    assert all(path.stat().st_mtime_ns == 1_000_000_000 for path in before)


def test_a_policy_key_unfit_for_a_path_gets_no_diff_file(engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        rules = session.scalars(select(Policy).where(Policy.key == "wh-yljx-2021-1")).one()
        rules.key = "../../escape"
        session.commit()
    out = tmp_path / "feeds"
    build(engine, out)
    assert not (out / "diffs").exists()
    assert [p for p in tmp_path.rglob("*.html")] == []
    assert parse(out, "revisions.atom").entries[0].link == GOV_REVISED_URL


@pytest.mark.parametrize("full_text", [True, False])
def test_entries_read_back_from_a_page_are_those_written(
    engine: Engine, tmp_path: Path, full_text: bool
) -> None:
    revise_plan_on_both_sites(engine)
    out = tmp_path / "feeds"
    build(engine, out, full_text=full_text)
    with Session(engine) as session:
        maker = EntryMaker(session, f"{BASE}/", full_text, None)
        made = maker.policy_entries(session.scalars(select(Policy.id)).all(), {})
        revised = RevisionScope().members(session, None, None)
        made += maker.revision_entries([change_id for _, change_id in revised], {})
    read = [*read_entries(out / "all.atom").values()]
    read += read_entries(out / "revisions.atom").values()
    assert {entry.id: entry for entry in read} == {entry.id: entry for entry in made}
    assert {(e.id, e.published.isoformat(), e.updated.isoformat()) for e in read} == {
        (e.id, e.published.isoformat(), e.updated.isoformat()) for e in made
    }
