"""Diff speed and correctness on ~50k-character Chinese texts with a few edits.

Compares feeds.diff.compare (sentences aligned first, then characters inside the changed
blocks) with a naive character diff by difflib.SequenceMatcher, autojunk on and off, all
timed in this run, on two generated texts: a regulation (numbered articles, one per line) and
a boilerplate text (one paragraph of a few stock sentences, so that every character is
frequent). The naive diff with
autojunk off is the minimal reference.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import TypeVar

from feeds.diff.compare import compare, render_diff, unified_diff
from feeds.diff.inline import EQUAL

TARGET_CHARS = 50_000
SLACK = 0.1
SUBJECTS = ("医疗器械", "医疗装备", "体外诊断试剂", "医学影像设备", "手术机器人", "康复辅助器具")
ACTORS = ("生产企业", "经营企业", "使用单位", "注册人", "备案人", "省级药品监督管理部门")
DUTIES = (
    "应当如实记录并保存相关资料",
    "应当建立健全质量管理体系",
    "应当按照经注册的产品技术要求组织生产",
    "应当定期对质量管理体系的运行情况进行自查",
    "应当加强对不良事件的监测和再评价",
    "应当配合监督检查并提供必要的条件",
)
PURPOSES = ("保证产品安全、有效", "保障人体健康和生命安全", "促进产业高质量发展", "规范市场秩序")
BOILERPLATE_CHOICES = 2
EDITS = (("医疗器械", "医疗装备"), ("应当如实记录", "应当真实、完整、准确地记录"))

T = TypeVar("T")


def regulation_text(rng: random.Random, chars: int = TARGET_CHARS) -> str:
    """Numbered articles, one per line, of a few generated sentences each."""
    articles: list[str] = []
    while sum(map(len, articles)) < chars:
        sentences = [
            f"{_sentence(rng, len(SUBJECTS))[:-1]}，第{rng.randint(1, 99)}项另有规定的除外。"
            for _ in range(rng.randint(2, 5))
        ]
        articles.append(f"第{len(articles) + 1}条 " + "".join(sentences))
    return "\n".join(articles)


def boilerplate_text(rng: random.Random, chars: int = TARGET_CHARS) -> str:
    """One paragraph of sentences drawn from a few stock phrases: every character is frequent."""
    sentences: list[str] = []
    while len(sentences) * 30 < chars:
        sentences.append(_sentence(rng, BOILERPLATE_CHOICES))
    return "".join(sentences)[:chars]


def _sentence(rng: random.Random, choices: int) -> str:
    subject, actor, duty, purpose = (
        rng.choice(words[:choices]) for words in (SUBJECTS, ACTORS, DUTIES, PURPOSES)
    )
    return f"{subject}{actor}{duty}，{purpose}。"


def edited(text: str) -> str:
    """`text` with one phrase changed at 30%, one rewritten at 60% and a sentence deleted at 90%."""
    sentences = text.split("。")
    for (old, new), at in zip(EDITS, (0.3, 0.6), strict=True):
        start = int(len(sentences) * at)
        k = next(k for k in range(start, len(sentences)) if old in sentences[k])
        sentences[k] = sentences[k].replace(old, new, 1)
    del sentences[int(len(sentences) * 0.9)]
    return "。".join(sentences)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def naive_changed_chars(old: str, new: str, autojunk: bool) -> int:
    """Characters deleted plus inserted by a character-level SequenceMatcher."""
    opcodes = SequenceMatcher(None, old, new, autojunk=autojunk).get_opcodes()
    return sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in opcodes if tag != "equal")


def ours(old: str, new: str) -> tuple[int, list[tuple[int, int]]]:
    """Characters deleted plus inserted by feeds.diff.compare, and its changed blocks' sizes."""
    comparison = compare(old, new)
    changed = sum(
        len(text.replace("\n", ""))
        for block in comparison.changed.values()
        for tag, text in block
        if tag != EQUAL
    )
    blocks = [(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in comparison.opcodes if tag != "equal"]
    return changed, blocks


def measure(name: str, old: str, new: str) -> tuple[int, int]:
    """Time and check the three methods; return what autojunk=True changed, of how many chars."""
    print(f"\n{name}: {len(old):,} → {len(new):,} characters, {len(set(new))} distinct")
    (mine, blocks), mine_s = timed(lambda: ours(old, new))
    _, render_s = timed(lambda: (render_diff(old, new, context=2), unified_diff(old, new)))
    junk, junk_s = timed(lambda: naive_changed_chars(old, new, autojunk=True))
    exact, exact_s = timed(lambda: naive_changed_chars(old, new, autojunk=False))
    print(f"  {'method':<36}{'seconds':>9}{'× ours':>9}{'changed chars':>15}")
    rows = [
        ("ours: sentences, then characters", mine_s, mine),
        ("naive characters, autojunk=True", junk_s, junk),
        ("naive characters, autojunk=False", exact_s, exact),
    ]
    for label, seconds, changed in rows:
        print(f"  {label:<36}{seconds:>9.3f}{seconds / mine_s:>9.0f}{changed:>15,}")
    print(f"  ours: changed blocks (old, new sentences) {blocks}; rendering {render_s:.4f} s")
    assert blocks == [(1, 1), (1, 1), (1, 0)], "ours changed more than the 3 edited sentences"
    assert exact <= mine <= exact * (1 + SLACK), f"ours changed {mine} characters, minimal {exact}"
    return junk, len(old) + len(new)


def main() -> None:
    rng = random.Random(20260301)
    regulation = regulation_text(rng)
    boilerplate = boilerplate_text(rng)
    measure("regulation", regulation, edited(regulation))
    junk, total = measure("boilerplate", boilerplate, edited(boilerplate))
    assert junk > total // 2, f"autojunk=True changed only {junk} of {total} characters"
    print(
        f"\ncorrect: ours changes only the 3 edited sentences, within {SLACK:.0%} of the minimal "
        f"character count; autojunk=True marks {junk / total:.0%} of the boilerplate as changed"
    )


if __name__ == "__main__":
    main()
