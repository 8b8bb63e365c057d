"""MIIT's corpus over time: day 0, what later days add and revise, and what each source lists."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus.model import ADDED, REVISED, Attachment, Change, Document
from replica.corpus.timeline import DAY_ZERO
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


@dataclass(frozen=True)
class _Day:
    documents: dict[str, Document]
    changes: tuple[Change, ...]


def documents(source: str, day: int) -> list[Document]:
    """What `source` lists on `day`, newest first (the policy library: each group's first)."""
    if source == MIIT_SEARCH:
        return [group[0] for group in library(day)]
    return _newest_first(
        doc for doc in _state(day).documents.values() if COLUMNS[doc.column].source == source
    )


def library(day: int) -> list[tuple[Document, ...]]:
    """The policy library on `day`, newest first: each document with its reposts after it."""
    state = _state(day).documents.values()
    reposts: dict[str, list[Document]] = {}
    for doc in state:
        if doc.repost_of is not None:
            reposts.setdefault(doc.repost_of, []).append(doc)
    leaders = _newest_first(doc for doc in state if doc.in_library and doc.repost_of is None)
    return [(doc, *reposts.get(doc.id, ())) for doc in leaders]


def document_at(path: str, day: int) -> Document | None:
    """The version of the page at `path` visible on `day`, if there is one."""
    return _by_path(min(day, LAST_DAY)).get(path)


def attachment_at(path: str, day: int) -> tuple[Document, Attachment] | None:
    """The attachment stored at `path` on `day`, with the document that links it."""
    for doc in _state(day).documents.values():
        for attachment in doc.attachments:
            if attachment.path == path:
                return doc, attachment
    return None


def changes(day: int) -> tuple[Change, ...]:
    """What `day` added and revised compared with the day before."""
    return _state(day).changes if 0 < day <= LAST_DAY else ()


def _newest_first(found: Iterable[Document]) -> list[Document]:
    return sorted(found, key=lambda doc: (doc.published, doc.id), reverse=True)


def _state(day: int) -> _Day:
    if day < 0:
        raise ValueError(f"timeline days start at 0, got {day}")
    return _days()[min(day, LAST_DAY)]


@cache
def _by_path(day: int) -> dict[str, Document]:
    return {doc.path: doc for doc in _state(day).documents.values()}


@cache
def _days() -> tuple[_Day, ...]:
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
    current = {doc.id: doc for doc in made}
    revised, reposted = _medical_issues(current.values())[:2]
    serial += 1
    repost = _repost(reposted, serial)
    current[repost.id] = repost
    days = [_Day(dict(current), ())]
    for day in range(1, LAST_DAY + 1):
        moment = datetime.combine(DAY_ZERO + timedelta(days=day), time(9, 0))
        happened: list[Change] = []
        for offset, (column, topic, form) in enumerate(ADDITIONS[day], 1):
            serial += 1
            spec = Spec(column, topic, form, moment + timedelta(hours=offset))
            doc = build(spec, serial, taken)
            current[doc.id] = doc
            happened.append(Change(ADDED, column, doc.id, doc.published))
        if day == 1:
            current[revised.id] = _revise(revised, moment)
            happened.append(Change(REVISED, revised.column, revised.id, moment))
        days.append(_Day(dict(current), tuple(happened)))
    return tuple(days)


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
    return _newest_first(
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


def _revise(doc: Document, moment: datetime) -> Document:
    paragraphs = list(doc.paragraphs)
    paragraphs[len(paragraphs) // 2] += WORDS.revised_clause
    return replace(
        doc,
        title=doc.title.replace("》", f"（{moment.year}年修订）》", 1),
        paragraphs=tuple(paragraphs),
        version=doc.version + 1,
        modified=moment,
    )
