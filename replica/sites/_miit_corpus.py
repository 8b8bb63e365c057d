"""MIIT's corpus over time: day 0, what later days add and revise, and what each source lists."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus.history import Timeline, day_moment, newest_first
from replica.corpus.model import Change, Document
from replica.corpus.revisions import Revision, revise_notice
from replica.sites._miit_columns import COLUMNS, MIIT_SEARCH, TZ, YJ, ZBYS, ZCJD, page_path
from replica.sites._miit_generate import (
    CALL,
    INTERPRETATION,
    ISSUE,
    NAMED_LIST,
    OFFICE_WORK,
    OPINION,
    Fixed,
    SeedPlacement,
    Spec,
    Taken,
    build,
    draw_form,
    from_seed,
)
from replica.words import MEDICAL, words

WORDS = words("miit")

LAST_DAY = 3
MEDICAL_SHARE = 0.4
BASE_SIZES = {TZ: 51, ZBYS: 25, ZCJD: 20, YJ: 8}
SPAN = (date(2021, 1, 8), date(2026, 1, 30))
REPOST_DELAY = timedelta(days=1, hours=2)

PLAN_2021 = Fixed(
    subject="医疗装备",
    name="“十四五”医疗装备产业发展规划",
    title="工业和信息化部等十部门关于印发《“十四五”医疗装备产业发展规划》的通知",
    wenhao="工信部联规〔2021〕208号",
    department="规划司",
    partners=(
        "国家卫生健康委员会",
        "国家发展和改革委员会",
        "科学技术部",
        "财政部",
        "国务院国有资产监督管理委员会",
        "国家市场监督管理总局",
        "国家医疗保障局",
        "国家中医药管理局",
        "国家药品监督管理局",
    ),
)
PLAN_2021_PUBLISHED = datetime(2021, 12, 28, 16, 10)
SEED_PLACEMENTS = (
    SeedPlacement(
        "002",
        "十部门联合印发《“十四五”医疗装备产业发展规划》 部署5项专项行动",
        datetime(2021, 12, 29, 9, 40),
        "中国新闻网",
    ),
    SeedPlacement(
        "004", "优化医疗装备产业创新发展生态", datetime(2023, 12, 25, 10, 20), "学习时报"
    ),
)
ADDITIONS: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (
        (TZ, MEDICAL, ISSUE),
        (TZ, "vehicles", NAMED_LIST),
        (ZCJD, MEDICAL, INTERPRETATION),
        (ZBYS, MEDICAL, CALL),
        (YJ, "materials", OPINION),
    ),
    2: ((TZ, "energy", OFFICE_WORK),),
    3: ((ZBYS, MEDICAL, OFFICE_WORK),),
}


def documents(source: str, day: int) -> list[Document]:
    """What `source` lists on `day`, newest first (the policy library: each group's first)."""
    if source == MIIT_SEARCH:
        return [group[0] for group in library(day)]
    column = next(column for column in COLUMNS.values() if column.source == source)
    return timeline().documents(column.key, day)


def library(day: int) -> list[tuple[Document, ...]]:
    """The policy library on `day`, newest first: each document with its reposts after it."""
    state = timeline().current(day)
    reposts: dict[str, list[Document]] = {}
    for doc in state:
        if doc.repost_of is not None:
            reposts.setdefault(doc.repost_of, []).append(doc)
    leaders = newest_first(doc for doc in state if doc.in_library and doc.repost_of is None)
    return [(doc, *reposts.get(str(doc.id), ())) for doc in leaders]


def changes(day: int) -> tuple[Change, ...]:
    return timeline().changes(day)


@cache
def timeline() -> Timeline[Document, Revision]:
    rng = random.Random("miit-timeline")
    taken = Taken(set(), set())
    serial = 0
    made: list[Document] = []
    for placement in SEED_PLACEMENTS:
        serial += 1
        made.append(from_seed(placement, serial, taken))
    serial += 1
    made.append(build(Spec(TZ, MEDICAL, ISSUE, PLAN_2021_PUBLISHED), serial, taken, PLAN_2021))
    for spec in _base_specs(rng):
        serial += 1
        made.append(build(spec, serial, taken))
    revised, reposted = _medical_issues(made)[:2]
    serial += 1
    made.append(_repost(reposted, serial))
    additions: dict[int, list[Document]] = {}
    for day in range(1, LAST_DAY + 1):
        for offset, (column, topic, form) in enumerate(ADDITIONS[day], 1):
            serial += 1
            spec = Spec(column, topic, form, day_moment(day) + timedelta(hours=offset))
            additions.setdefault(day, []).append(build(spec, serial, taken))
    revision = Revision(revised.id, WORDS.revised_clause)
    return Timeline(made, additions, {1: [revision]}, revise_notice)


def _base_specs(rng: random.Random) -> list[Spec]:
    specs = []
    for column, size in BASE_SIZES.items():
        placed = len(SEED_PLACEMENTS) if column == ZCJD else int(column == TZ)
        medical = round((size + placed) * MEDICAL_SHARE) - placed
        others = WORDS.zbys_other_topics if column == ZBYS else WORDS.other_topics
        medical_at = set(rng.sample(range(size), medical))
        first, last = SPAN
        offsets = rng.sample(range((last - first).days + 1), size)
        for i, offset in enumerate(offsets):
            moment = datetime.combine(
                first + timedelta(days=offset), time(rng.randint(8, 18), rng.randint(0, 59))
            )
            topic = MEDICAL if i in medical_at else rng.choice(others)
            specs.append(Spec(column, topic, draw_form(column, rng), moment))
    return sorted(specs, key=lambda spec: spec.published)


def _medical_issues(found: Iterable[Document]) -> list[Document]:
    """The ministry's medical 印发 notices in the library, newest first."""
    return newest_first(
        doc
        for doc in found
        if doc.column == TZ and doc.medical and doc.in_library and "《" in doc.title
    )


def _repost(original: Document, serial: int) -> Document:
    """The department's copy of a ministry notice: same 文号 and text, its own page."""
    rng = random.Random(f"miit-document-{serial}")
    published = original.published + REPOST_DELAY
    key = f"{rng.getrandbits(128):032x}"
    return replace(
        original,
        id=key,
        column=ZBYS,
        path=page_path(ZBYS, published, key),
        published=published,
        modified=published,
        attachments=(),
        source="装备工业一司",
        repost_of=original.id,
    )
