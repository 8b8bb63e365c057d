"""The corpus over time: the documents of day 0 and what each later day adds, revises, withdraws."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from replica.corpus.generate import Spec, build
from replica.corpus.history import LAST_DAY, Timeline, day_moment, newest_first
from replica.corpus.model import (
    MOST_GFXWJ,
    MOST_TZTG,
    REPLACED,
    RESTORED,
    RETITLED,
    WITHDRAWN,
    Change,
    Document,
)
from replica.corpus.revisions import Revision
from replica.corpus.seeds import PLACEMENTS
from replica.lifecycle import in_its_life
from replica.words import MEDICAL, words

WORDS = words("most")

MEDICAL_SHARE = 0.4
BASE_SIZES = {MOST_GFXWJ: 60, MOST_TZTG: 26}
LEGACY_COUNTS = {MOST_GFXWJ: 3, MOST_TZTG: 1}
LEGACY_SPAN = (date(2019, 3, 1), date(2020, 12, 18))
MODERN_SPAN = (date(2021, 1, 4), date(2026, 1, 30))
FIRST_ID = 185000
DEEPER_THAN = 20

ADDITIONS: dict[int, tuple[tuple[str, str], ...]] = {
    1: ((MOST_GFXWJ, MEDICAL), (MOST_GFXWJ, "telecom"), (MOST_TZTG, MEDICAL)),
    2: ((MOST_TZTG, "energy"),),
    3: ((MOST_GFXWJ, MEDICAL),),
}


def documents(column: str, day: int) -> list[Document]:
    """The documents listed in `column` on `day`, newest first."""
    return timeline().documents(column, day)


def document(column: str, doc_id: int, day: int) -> Document | None:
    """The version of a document visible on `day`, or None if it is not (or no longer) there."""
    return timeline().document(column, doc_id, day)


def changes(day: int) -> tuple[Change, ...]:
    """What `day` added, revised, retitled, withdrew, restored, and which attachment it
    replaced, compared with the day before."""
    return timeline().changes(day)


def column_modified(column: str, day: int) -> datetime:
    """The last moment anything in `column` was published or changed, up to `day`."""
    return timeline().column_modified(column, day)


@cache
def timeline() -> Timeline[Document, Revision]:
    rng = random.Random("most-timeline")
    ids = _ids(rng)
    taken: set[str] = set()
    base = [build(spec, next(ids), taken) for spec in _base_specs(rng)]
    known = {doc.id: doc for doc in base}
    additions: dict[int, list[Document]] = {}
    for day in range(1, LAST_DAY + 1):
        for offset, (column, topic) in enumerate(ADDITIONS[day], 1):
            moment = day_moment(day) + timedelta(hours=offset)
            built = build(Spec(column, topic, moment), next(ids), taken)
            doc = in_its_life(day, offset, built, known)
            known[doc.id] = doc
            additions.setdefault(day, []).append(doc)
    return Timeline(
        base, additions, _edits(newest_first(d for d in base if d.column == MOST_GFXWJ)), _edited
    )


def _edits(listed: list[Document]) -> dict[int, tuple[Revision, ...]]:
    """Day 1 revises a recent medical 印发 notice (new title too); day 2 withdraws the newest
    unrelated document, corrects the title of a recent medical one (body unchanged) and
    replaces an attachment of another at the same URL; day 3 revises the body of an older
    medical document and brings the withdrawn one back."""
    generated = [doc for doc in listed if doc.seed is None]
    retitled = [doc for doc in generated if doc.medical and "《" in doc.title][1]
    withdrawn = next(doc for doc in generated if not doc.medical)
    older = [doc for doc in listed[DEEPER_THAN:] if doc.seed is None]
    reworded = next(doc for doc in older if doc.medical)
    recent = [
        doc for doc in generated[:DEEPER_THAN] if doc.medical and doc not in (retitled, withdrawn)
    ]
    corrected = next(doc for doc in recent if doc.title.startswith("关于"))
    replaced = next(doc for doc in recent if doc.attachments and doc is not corrected)
    revised_title = retitled.title.replace("》", f"（{day_moment(1).year}年修订）》", 1)
    return {
        1: (Revision(retitled.id, WORDS.revised_clauses[0], title=revised_title),),
        2: (
            Revision(withdrawn.id, kind=WITHDRAWN),
            Revision(corrected.id, title=f"{WORDS.ministry_short}{corrected.title}", kind=RETITLED),
            Revision(replaced.id, kind=REPLACED),
        ),
        3: (Revision(reworded.id, WORDS.revised_clauses[1]), Revision(withdrawn.id, kind=RESTORED)),
    }


def _edited(doc: Document, moment: datetime, edit: Revision) -> Document:
    """The next version: a clause added, the one before the last dropped, the date it takes
    effect reworded (and maybe a new title); or the issuer named in the title; or the first
    attachment's file replaced."""
    if edit.kind == RETITLED:
        return _next_version(doc, moment, title=edit.title)
    if edit.kind == REPLACED:
        first, *others = doc.attachments
        return _next_version(
            doc, moment, attachments=(replace(first, edition=first.edition + 1), *others)
        )
    paragraphs = list(doc.paragraphs)
    middle = len(paragraphs) // 2
    paragraphs[middle] += edit.clause
    if len(paragraphs) > middle + 2:
        del paragraphs[-2]
    start = f"自{moment.year + 1}年1月1日起施行"
    paragraphs = [paragraph.replace("自印发之日起施行", start) for paragraph in paragraphs]
    return _next_version(doc, moment, title=edit.title or doc.title, paragraphs=tuple(paragraphs))


def _next_version(doc: Document, moment: datetime, **changed: Any) -> Document:
    return replace(doc, version=doc.version + 1, modified=moment, **changed)


def _ids(rng: random.Random) -> Iterator[int]:
    doc_id = FIRST_ID
    while True:
        doc_id += rng.randint(3, 90)
        yield doc_id


def _base_specs(rng: random.Random) -> list[Spec]:
    specs = [Spec(p.column, MEDICAL, p.published, p) for p in PLACEMENTS]
    for column, size in BASE_SIZES.items():
        seeded = sum(1 for placement in PLACEMENTS if placement.column == column)
        medical = round(size * MEDICAL_SHARE) - seeded
        specs += _column_specs(column, size - seeded, medical, LEGACY_COUNTS[column], rng)
    return sorted(specs, key=lambda spec: spec.published)


def _column_specs(
    column: str, count: int, medical: int, legacy: int, rng: random.Random
) -> list[Spec]:
    moments = _moments(LEGACY_SPAN, legacy, rng) + _moments(MODERN_SPAN, count - legacy, rng)
    medical_at = set(rng.sample(range(count), medical))
    return [
        Spec(column, MEDICAL if i in medical_at else rng.choice(WORDS.other_topics), moment)
        for i, moment in enumerate(moments)
    ]


def _moments(span: tuple[date, date], count: int, rng: random.Random) -> list[datetime]:
    first, last = span
    offsets = rng.sample(range((last - first).days + 1), count)
    return [
        datetime.combine(first + timedelta(days=offset), _office_hours(rng)) for offset in offsets
    ]


def _office_hours(rng: random.Random) -> time:
    return time(rng.randint(8, 18), rng.randint(0, 59))
