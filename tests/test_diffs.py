"""Diffs: sentences then words or characters, unified and HTML output, pages, and the CLI."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from feeds.diff.compare import NO_CHANGE, compare, render_diff, unified_diff
from feeds.diff.page import diff_page
from feeds.diff.sentences import split_sentences
from policywatch.cli import main
from storage import open_store
from storage.models import Document, Source, Version

FETCHED = datetime(2022, 3, 1, 8, tzinfo=UTC)
URL = "https://www.nmpa.gov.cn/xxgk/fgwj/20220301.html"
HOSTILE = "<script>alert(1)</script> 关于A&B的通知\x0b；<img src=x onerror=alert(2)>。"
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "p", "br", "a", "ins", "del"}

CASES = [
    pytest.param(
        "第一条 为加强医疗器械监督管理，制定本办法。第二条 本办法自发布之日起施行。",
        "第一条 为加强医疗器械监督管理，制定本办法。第二条 本办法自公布之日起施行。",
        ["-第二条 本办法自发布之日起施行。", "+第二条 本办法自公布之日起施行。"],
        ["<p>第二条 本办法自<del>发</del><ins>公</ins>布之日起施行。</p>"],
        id="chinese sentence edit",
    ),
    pytest.param(
        "第三条 注册人应当建立质量管理体系。",
        "第三条 注册人应当按照本办法的规定，建立质量管理体系。",
        [
            "-第三条 注册人应当建立质量管理体系。",
            "+第三条 注册人应当按照本办法的规定，建立质量管理体系。",
        ],
        ["第三条 注册人应当<ins>按照本办法的规定，</ins>建立质量管理体系。"],
        id="inserted clause",
    ),
    pytest.param(
        "第一段。\n第二段 已废止的内容。\n第三段。",
        "第一段。\n第三段。",
        ["-第二段 已废止的内容。"],
        ["<p><del>第二段 已废止的内容。</del></p>"],
        id="deleted paragraph",
    ),
    pytest.param(
        "The plan takes effect on 1 March 2022.",
        "The plan takes effect on 1 April 2022.",
        ["-The plan takes effect on 1 March 2022.", "+The plan takes effect on 1 April 2022."],
        ["on 1 <del>March</del><ins>April</ins> 2022."],
        id="english word change",
    ),
    pytest.param("第一条。第二条。", "第一条。第二条。", [], [NO_CHANGE], id="identical"),
    pytest.param(
        "第一条 为加强管理。\n第二条 施行。",
        "  第一条\u3000为加强  管理。\n\n第二条施行。 ",
        [],
        [NO_CHANGE],
        id="whitespace only",
    ),
    pytest.param(
        "甲乙丙丁。",
        "子丑寅卯。",
        ["-甲乙丙丁。", "+子丑寅卯。"],
        ["<p><del>甲乙丙丁。</del></p>\n<p><ins>子丑寅卯。</ins></p>"],
        id="rewritten sentence",
    ),
]


@pytest.mark.parametrize(("old", "new", "changed_lines", "html_fragments"), CASES)
def test_diff_cases(
    old: str, new: str, changed_lines: list[str], html_fragments: list[str]
) -> None:
    unified = unified_diff(old, new)
    lines = unified.splitlines()
    assert [line for line in lines[2:] if line[:1] in "+-"] == changed_lines, unified
    assert (unified == "") == (not changed_lines)
    html = render_diff(old, new)
    assert all(fragment in html for fragment in html_fragments), html


def test_sentences_split_at_chinese_stops_and_line_breaks() -> None:
    text = "一、总则。各单位：\n请遵照执行！是否可行？“引号。”结尾\n\n  "
    assert [(s.text, s.ends_paragraph) for s in split_sentences(text)] == [
        ("一、总则。", False),
        ("各单位：", True),
        ("请遵照执行！", False),
        ("是否可行？", False),
        ("“引号。”", False),
        ("结尾", True),
    ]


def numbered(count: int, changed: dict[int, str] | None = None) -> str:
    sentences = [f"第{k}条 本条规定第{k}项事项。" for k in range(1, count + 1)]
    for k, text in (changed or {}).items():
        sentences[k - 1] = text
    return "\n".join(sentences)


def test_unified_hunks_have_context_and_ranges() -> None:
    old = numbered(12)
    new = numbered(12, {3: "第3条 本条规定第3项事项，另有规定的除外。", 10: "第10条 删去。"})
    assert unified_diff(old, new, "v1", "v2", context=1) == "\n".join(
        [
            "--- v1",
            "+++ v2",
            "@@ -2,3 +2,3 @@",
            " 第2条 本条规定第2项事项。",
            "-第3条 本条规定第3项事项。",
            "+第3条 本条规定第3项事项，另有规定的除外。",
            " 第4条 本条规定第4项事项。",
            "@@ -9,3 +9,3 @@",
            " 第9条 本条规定第9项事项。",
            "-第10条 本条规定第10项事项。",
            "+第10条 删去。",
            " 第11条 本条规定第11项事项。",
            "",
        ]
    )


def test_html_keeps_a_few_sentences_of_context_and_elides_the_rest() -> None:
    html = render_diff(numbered(12), numbered(12, {6: "第6条 已修改。"}), context=2)
    assert html.split("\n") == [
        "<p>…</p>",
        "<p>第4条 本条规定第4项事项。</p>",
        "<p>第5条 本条规定第5项事项。</p>",
        "<p>第6条 <del>本条规定第6项事项</del><ins>已修改</ins>。</p>",
        "<p>第7条 本条规定第7项事项。</p>",
        "<p>第8条 本条规定第8项事项。</p>",
        "<p>…</p>",
    ]


def test_paragraphs_rewritten_together_show_old_then_new() -> None:
    html = render_diff("甲乙丙丁。\n戊己庚辛。", "子丑寅卯。\n辰巳午未。")
    assert html.split("\n") == [
        "<p><del>甲乙丙丁。</del></p>",
        "<p><del>戊己庚辛。</del></p>",
        "<p><ins>子丑寅卯。</ins></p>",
        "<p><ins>辰巳午未。</ins></p>",
    ]


def long_text(chars: int = 50_000) -> str:
    rng = random.Random(7)
    subjects = ("医疗器械", "医疗装备", "体外诊断试剂", "医学影像设备", "手术机器人")
    duties = ("应当建立健全质量管理体系", "应当如实记录并保存相关资料", "应当配合监督检查")
    articles: list[str] = []
    while sum(map(len, articles)) < chars:
        sentences = [
            f"{rng.choice(subjects)}注册人{rng.choice(duties)}，第{rng.randint(1, 99)}项除外。"
            for _ in range(rng.randint(2, 5))
        ]
        articles.append(f"第{len(articles) + 1}条 " + "".join(sentences))
    return "\n".join(articles)


def test_a_50k_character_text_with_two_edits_gives_the_minimal_diff_fast() -> None:
    old = long_text()
    first, second = old.index("如实", 10_000), old.index("医疗装备", 40_000)
    new = old[:first] + "真实" + old[first + 2 : second] + "医疗器械" + old[second + 4 :]
    start = time.perf_counter()
    unified = unified_diff(old, new)
    elapsed = time.perf_counter() - start
    html = render_diff(old, new)
    assert len(old) >= 50_000
    assert elapsed < 2.0
    assert [line[0] for line in unified.splitlines()[2:] if line[0] in "+-"] == list("-+-+")
    assert html.count("<del>") == html.count("<ins>") == 2
    assert "<del>如</del><ins>真</ins>实" in html
    assert "医疗<del>装备</del><ins>器械</ins>" in html
    assert sum(1 for op in compare(old, new).opcodes if op[0] != "equal") == 2


def test_a_block_too_big_for_a_character_diff_is_compared_sentence_by_sentence() -> None:
    old = long_text(20_000)
    new = old.replace("注册人", "备案人")
    html = render_diff(old, new, max_paragraphs=None)
    assert html.count("<del>注册</del><ins>备案</ins>") == old.count("注册人")


def test_hostile_text_is_escaped() -> None:
    html = render_diff(HOSTILE, HOSTILE.replace("A&B", "C&D") + "\n<b>新增</b>")
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "\x0b" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 关于<del>A&amp;B</del><ins>C&amp;D</ins>" in html
    assert "<p><ins>&lt;b&gt;新增&lt;/b&gt;</ins></p>" in html


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def page_version(number: int, title: str, text: str) -> Version:
    return Version(number=number, title=title, text=text, fetched_at=FETCHED)


@pytest.mark.parametrize("url", [URL, "javascript:alert(1)"])
def test_diff_page_escapes_everything_and_links_only_http(url: str) -> None:
    source = Source(id="nmpa", site="www.nmpa.gov.cn", name="<b>药监局</b>", list_url=URL)
    document = Document(id=1, url=url, source=source)
    old = page_version(1, HOSTILE, HOSTILE)
    new = page_version(2, HOSTILE, HOSTILE.replace("通知", "公告"))
    page = diff_page(document, old, new)
    collector = TagCollector()
    collector.feed(page)
    assert collector.tags <= PAGE_TAGS
    assert collector.hrefs == ([URL] if url == URL else [])
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>通知</del><ins>公告</ins>" in page
    assert "来源 (source)：＜b＞药监局＜/b＞" in page


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite database holding one document with three versions and one with a single one."""
    url = f"sqlite:///{tmp_path / 'diff.db'}"
    store = open_store(url)
    texts = [
        "第一条 为加强医疗器械监督管理，制定本办法。\n第二条 本办法自发布之日起施行。",
        "第一条 为加强医疗器械质量监督管理，制定本办法。\n第二条 本办法自发布之日起施行。",
        "第一条 为加强医疗器械质量监督管理，制定本办法。\n第二条 本办法自2022年1月1日起施行。",
    ]
    with store.session() as session:
        source = Source(id="nmpa", site="www.nmpa.gov.cn", name="国家药监局", list_url=URL)
        document = Document(url=URL, source=source)
        single = Document(url=URL.replace("0301", "0302"), source=source)
        versions = [
            Version(
                document=document,
                number=number,
                title="医疗器械监督管理办法",
                text=text,
                html="",
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
                fetched_at=FETCHED,
            )
            for number, text in enumerate([*texts, texts[-1]], start=1)
        ]
        session.add_all(
            [
                *versions,
                Version(
                    document=single,
                    number=1,
                    title="单",
                    text="单。",
                    html="",
                    content_hash="x",
                    fetched_at=FETCHED,
                ),
            ]
        )
        session.commit()
    store.close()
    return url


def run_diff(db: str, *args: str, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, "diff", *args], color=color)
    return result.exit_code, result.stdout, result.stderr


def test_cli_diff_compares_with_the_version_before(db: str) -> None:
    code, out, _ = run_diff(db, "1", "--to", "3")
    assert code == 0
    assert out.splitlines() == [
        "--- v2\t2022-03-01T08:00:00+00:00",
        "+++ v3\t2022-03-01T08:00:00+00:00",
        "@@ -1,3 +1,3 @@",
        " 医疗器械监督管理办法",
        " 第一条 为加强医疗器械质量监督管理，制定本办法。",
        "-第二条 本办法自发布之日起施行。",
        "+第二条 本办法自2022年1月1日起施行。",
    ]


def test_cli_diff_by_url_between_chosen_versions(db: str) -> None:
    code, out, _ = run_diff(db, URL.replace("https://", "HTTP://"), "--from", "1", "--to", "3")
    assert code == 0
    assert "-第一条 为加强医疗器械监督管理，制定本办法。" in out
    assert "+第二条 本办法自2022年1月1日起施行。" in out


def test_cli_diff_colours_lines_only_when_asked(db: str) -> None:
    assert "\x1b[" not in run_diff(db, "1", "--to", "3")[1]
    coloured = run_diff(db, "1", "--to", "3", color=True)[1]
    assert "\x1b[32m+第二条" in coloured and "\x1b[31m-第二条" in coloured


def test_cli_diff_html(db: str) -> None:
    code, out, _ = run_diff(db, "1", "--from", "1", "--to", "2", "--html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "为加强医疗器械<ins>质量</ins>监督管理" in out


def test_cli_diff_of_identical_versions_says_so(db: str) -> None:
    code, out, err = run_diff(db, "1")
    assert (code, out) == (0, "")
    assert "v3 and v4 hold the same text" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99"], "no stored document '99'"),
        (["https://example.org/none"], "no stored document 'https://example.org/none'"),
        (["1", "--from", "7"], "document 1 has no version 7 (stored: v1, v2, v3, v4)"),
        (["1", "--to", "1"], "document 1 has no version before v1 (stored: v1, v2, v3, v4)"),
        (["2"], "document 2 has no version before v1 (stored: v1)"),
    ],
)
def test_cli_diff_errors_are_clear(db: str, args: list[str], message: str) -> None:
    code, _, err = run_diff(db, *args)
    assert code == 2
    assert message in err
