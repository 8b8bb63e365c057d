"""The Guangdong corpus over time: each source's documents on day 0 and what later days change.

The 文件库 (gd_qbwj) documents are also disclosed on gkmlpt under the same post id, next to
documents only gkmlpt lists; the drug administration reposts two provincial documents.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus.history import Timeline, day_moment, newest_first
from replica.corpus.model import Change, Document
from replica.corpus.revisions import Revision
from replica.corpus.seeds import load_seeds
from replica.sites._gd_columns import GD_GKMLPT, GD_QBWJ, GDMPA_GZWJ, GDMPA_YLQX, HOSTS, page_path
from replica.sites._gd_generate import (
    ANNOUNCEMENT,
    INTERPRETATION,
    ISSUING,
    MPA_ANNOUNCEMENT,
    MPA_ISSUING,
    MPA_NOTICE,
    NOTICE,
    OPINION,
    REPLY,
    Spec,
    Taken,
    build,
    index_no,
)
from replica.words import MEDICAL, words

WORDS = words("gd")

LAST_DAY = 3
SPAN = (date(2021, 1, 4), date(2026, 1, 30))
FIRST_POST = (date(2021, 1, 1), 3150000)
POSTS_A_DAY = 800
GKMLPT_ONLY = "gkmlpt_only"
BASE_SIZES = {GD_QBWJ: 36, GKMLPT_ONLY: 66, GDMPA_GZWJ: 28, GDMPA_YLQX: 18}
MEDICAL_SHARES = {GD_QBWJ: 0.4, GKMLPT_ONLY: 0.4, GDMPA_GZWJ: 0.7, GDMPA_YLQX: 0.7}
KIND_WEIGHTS = {
    GD_QBWJ: {ISSUING: 45, OPINION: 15, NOTICE: 25, REPLY: 15},
    GKMLPT_ONLY: {ISSUING: 20, NOTICE: 25, REPLY: 25, ANNOUNCEMENT: 30},
    GDMPA_GZWJ: {MPA_ISSUING: 40, MPA_NOTICE: 40, MPA_ANNOUNCEMENT: 20},
    GDMPA_YLQX: {INTERPRETATION: 1},
}
ABOLISHED = 4
ABOLISHED_BEFORE = date(2022, 7, 1)
RECENT = 20

ADDITIONS: dict[int, tuple[tuple[str, str, str], ...]] = {
    1: (
        (GD_QBWJ, MEDICAL, ISSUING),
        (GKMLPT_ONLY, "telecom", NOTICE),
        (GDMPA_GZWJ, MEDICAL, MPA_NOTICE),
        (GDMPA_YLQX, MEDICAL, INTERPRETATION),
    ),
    2: ((GD_QBWJ, "energy", OPINION),),
    3: ((GDMPA_GZWJ, WORDS.drugs, MPA_ISSUING),),
}

SEED = "003"
SEED_TITLE = "广东省人民政府办公厅关于印发广东省促进医疗器械产业高质量发展实施方案的通知"
SEED_WENHAO = "粤办函〔2021〕366号"
SEED_WRITTEN = date(2021, 12, 31)
SEED_PUBLISHED = datetime(2022, 1, 5, 16, 30)
SEED_REPOSTED = datetime(2022, 1, 7, 10, 15)
PORTAL_TAIL = "公开方式：主动公开"
MPA_LEAD = "本文转载自广东省人民政府门户网站。"
MPA_TAIL = "（来源：广东省人民政府门户网站　责任单位：省药品监督管理局办公室）"


def documents(source: str, day: int) -> list[Document]:
    """The documents `source` lists on `day`, newest first."""
    return timeline().documents(source, day)


def document(source: str, doc_id: int, day: int) -> Document | None:
    """The version of a document `source` shows on `day`, or None."""
    return timeline().document(source, doc_id, day)


def changes(day: int) -> tuple[Change, ...]:
    """What `day` added and revised, compared with the day before."""
    return timeline().changes(day)


def column_modified(source: str, day: int) -> datetime:
    """The last moment anything in `source` was published or revised, up to `day`."""
    return timeline().column_modified(source, day)


class _Posts:
    """Post ids: they grow with the publishing day, as on the real sites, and never repeat."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[int] = set()

    def next(self, published: datetime) -> int:
        first_day, first_id = FIRST_POST
        base = first_id + (published.date() - first_day).days * POSTS_A_DAY
        while (post_id := base + self.rng.randrange(POSTS_A_DAY)) in self.used:
            pass
        self.used.add(post_id)
        return post_id


@cache
def timeline() -> Timeline[Document, Revision]:
    rng = random.Random("gd-timeline")
    posts = _Posts(rng)
    taken = Taken(titles={SEED_TITLE}, wenhao={SEED_WENHAO})
    built = [_make(spec, posts, taken) for spec in _base_specs(rng)]
    built += _seeded(posts, rng)
    built.append(_reposted(built, posts, rng))
    base = _abolish(_mirrored(built))
    additions = {
        day: [
            doc
            for offset, (source, topic, kind) in enumerate(ADDITIONS[day], 1)
            for doc in _mirrored(
                [
                    _make(
                        Spec(source, topic, kind, day_moment(day) + timedelta(hours=offset)),
                        posts,
                        taken,
                    )
                ]
            )
        ]
        for day in range(1, LAST_DAY + 1)
    }
    return Timeline(base, additions, {1: _revisions(base)}, _revise)


def _make(spec: Spec, posts: _Posts, taken: Taken) -> Document:
    source = GD_GKMLPT if spec.source == GKMLPT_ONLY else spec.source
    return build(replace(spec, source=source), posts.next(spec.published), taken)


def _base_specs(rng: random.Random) -> list[Spec]:
    specs: list[Spec] = []
    for source, size in BASE_SIZES.items():
        placed = {GD_QBWJ: 1, GDMPA_GZWJ: 2}.get(source, 0)
        medical = round(size * MEDICAL_SHARES[source]) - placed
        specs += _source_specs(source, size - placed, medical, rng)
    return sorted(specs, key=lambda spec: spec.published)


def _source_specs(source: str, count: int, medical: int, rng: random.Random) -> list[Spec]:
    first, last = SPAN
    offsets = rng.sample(range((last - first).days + 1), count)
    medical_at = set(rng.sample(range(count), medical))
    others = (
        WORDS.mpa_other_topics if source in (GDMPA_GZWJ, GDMPA_YLQX) else WORDS.portal_other_topics
    )
    kinds = KIND_WEIGHTS[source]
    return [
        Spec(
            source,
            MEDICAL if i in medical_at else rng.choice(others),
            rng.choices(list(kinds), weights=list(kinds.values()))[0],
            datetime.combine(first + timedelta(days=offset), _office_hours(rng)),
        )
        for i, offset in enumerate(offsets)
    ]


def _office_hours(rng: random.Random) -> time:
    return time(rng.randint(8, 18), rng.randint(0, 59))


def _seeded(posts: _Posts, rng: random.Random) -> list[Document]:
    """Seed 003, the province's medical-device plan, in the 文件库 and reposted by the MPA."""
    seed = load_seeds()[SEED]
    post_id = posts.next(SEED_PUBLISHED)
    portal = Document(
        id=post_id,
        column=GD_QBWJ,
        path=page_path(GD_QBWJ, "ybh", post_id),
        host=HOSTS[GD_QBWJ],
        title=SEED_TITLE,
        published=SEED_PUBLISHED,
        written=SEED_WRITTEN,
        agency=WORDS.general_office.agency,
        wenhao=SEED_WENHAO,
        listed_wenhao=SEED_WENHAO,
        index_no=index_no(WORDS.general_office, SEED_PUBLISHED, rng),
        category=WORDS.portal_topics[MEDICAL].category,
        paragraphs=(SEED_WENHAO, *seed.paragraphs, PORTAL_TAIL),
        attachments=(),
        topic=MEDICAL,
        modified=SEED_PUBLISHED,
        folder="ybh",
        seed=SEED,
    )
    return [portal, _repost(portal, posts, rng, SEED_REPOSTED)]


def _reposted(built: list[Document], posts: _Posts, rng: random.Random) -> Document:
    """The MPA's repost of an older generated medical 印发 notice from the 文件库."""
    issued = [
        doc
        for doc in _newest_first(built, GD_QBWJ)[RECENT:]
        if doc.medical and doc.seed is None and "关于印发" in doc.title
    ]
    original = issued[0]
    return _repost(original, posts, rng, original.published + timedelta(days=3, hours=1))


def _repost(original: Document, posts: _Posts, rng: random.Random, at: datetime) -> Document:
    post_id = posts.next(at)
    return replace(
        original,
        id=post_id,
        column=GDMPA_GZWJ,
        path=page_path(GDMPA_GZWJ, "", post_id),
        host=HOSTS[GDMPA_GZWJ],
        published=at,
        modified=at,
        index_no=index_no(WORDS.drug_administration, at, rng),
        paragraphs=(MPA_LEAD, *original.paragraphs, MPA_TAIL),
        attachments=(),
        folder="",
    )


def _mirrored(built: list[Document]) -> list[Document]:
    """Every 文件库 document also as gkmlpt discloses it: same post id, other page."""
    mirrors = [
        replace(doc, column=GD_GKMLPT, path=page_path(GD_GKMLPT, doc.folder, doc.id))
        for doc in built
        if doc.column == GD_QBWJ
    ]
    return built + mirrors


def _abolish(built: list[Document]) -> list[Document]:
    """Mark the oldest gkmlpt-only documents with a 文号 as abolished (废止)."""
    in_qbwj = {doc.id for doc in built if doc.column == GD_QBWJ}
    candidates = sorted(
        (
            doc
            for doc in built
            if doc.column == GD_GKMLPT
            and doc.id not in in_qbwj
            and doc.wenhao
            and doc.published.date() < ABOLISHED_BEFORE
        ),
        key=lambda doc: doc.published,
    )
    abolished = {doc.id for doc in candidates[:ABOLISHED]}
    if len(abolished) < ABOLISHED:
        raise ValueError("too few old gkmlpt documents to abolish")
    return [
        replace(doc, abolished=True) if doc.column == GD_GKMLPT and doc.id in abolished else doc
        for doc in built
    ]


def _revisions(listed: list[Document]) -> list[Revision]:
    """Day 1 revises a recent 文件库 印发 notice (and its gkmlpt page) and a recent MPA one."""
    portal = [
        doc
        for doc in _newest_first(listed, GD_QBWJ)[:RECENT]
        if doc.medical and doc.seed is None and "关于印发" in doc.title
    ][1]
    mpa = next(
        doc
        for doc in _newest_first(listed, GDMPA_GZWJ)[:RECENT]
        if doc.medical
        and doc.agency == WORDS.drug_administration.agency
        and "关于印发" in doc.title
    )
    return [
        Revision(portal.id, WORDS.revised_paragraphs[0]),
        Revision(mpa.id, WORDS.revised_paragraphs[1]),
    ]


def _newest_first(found: Iterable[Document], source: str) -> list[Document]:
    return newest_first(doc for doc in found if doc.column == source)


def _revise(doc: Document, moment: datetime, revision: Revision) -> Document:
    paragraphs = list(doc.paragraphs)
    paragraphs[len(paragraphs) // 2] += revision.clause.format(year=moment.year)
    if "》" in doc.title:
        title = doc.title.replace("》", f"（{moment.year}年修订）》", 1)
    else:
        title = doc.title.removesuffix("的通知") + f"（{moment.year}年修订）的通知"
    return replace(
        doc, title=title, paragraphs=tuple(paragraphs), version=doc.version + 1, modified=moment
    )
