"""The NMPA replica's corpus: 公告, 通告, 通知 and 印发 documents of two device columns, by day."""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus import Change
from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.history import Timeline, day_moment
from replica.corpus.model import Attachment, Document
from replica.corpus.revisions import Revision, redatable, revise_sentence
from replica.corpus.seeds import load_seeds
from replica.words import MEDICAL, Record, words

WORDS = words("nmpa")

NMPA_YLQXGGTG = "nmpa_ylqxggtg"
NMPA_YLQXFGWJ = "nmpa_ylqxfgwj"
COLUMNS = (NMPA_YLQXGGTG, NMPA_YLQXFGWJ)
FOLDERS = {NMPA_YLQXGGTG: "/ylqx/ylqxggtg/", NMPA_YLQXFGWJ: "/ylqx/ylqxfgwj/"}
ATTACHMENT_FOLDER = "/directory/web/nmpa/images/"

BASE_SIZES = {NMPA_YLQXGGTG: 44, NMPA_YLQXFGWJ: 26}
PLACED = {NMPA_YLQXGGTG: 0, NMPA_YLQXFGWJ: 2}
MEDICAL_SHARE = 0.75
OTHER_TOPICS = (WORDS.drug, WORDS.cosmetics)
SPAN = (date(2021, 1, 4), date(2026, 1, 30))
REPOST_BEFORE = date(2025, 10, 1)
REVISED_WITHIN = 20

ANNOUNCEMENT = "announcement"
CIRCULAR = "circular"
WORK_NOTICE = "work_notice"
ISSUING = "issuing"
DECREE = "decree"
KIND_WEIGHTS = {
    NMPA_YLQXGGTG: {CIRCULAR: 35, ANNOUNCEMENT: 30, WORK_NOTICE: 20, ISSUING: 15},
    NMPA_YLQXFGWJ: {ISSUING: 55, DECREE: 15, WORK_NOTICE: 15, ANNOUNCEMENT: 15},
}
WENHAO_VARIANTS = (("[", "]"), ("（", "）"), ("【", "】"))

SEED = "002"
SEED_TITLE = "工业和信息化部等十部门关于印发《“十四五”医疗装备产业发展规划》的通知"
SEED_WENHAO = "工信部联规〔2021〕208号"
SEED_AGENCY = "工业和信息化部 国家卫生健康委员会 国家药品监督管理局"
SEED_PUBLISHED = datetime(2021, 12, 30, 15, 12, 36)


@dataclass(frozen=True)
class Spec:
    """What to make: a document of a topic in a column at a moment, of a kind or a drawn one."""

    column: str
    topic: str
    published: datetime
    kind: str = ""


@dataclass(frozen=True)
class _Draft:
    title: str
    agency: str
    wenhao: str | None
    paragraphs: tuple[str, ...]
    attachment_names: tuple[str, ...]


def documents(column: str, day: int) -> list[Document]:
    """The documents listed in `column` on `day`, newest first."""
    return timeline().documents(column, day)


def changes(day: int) -> tuple[Change, ...]:
    return timeline().changes(day)


def reposted_in_hubei() -> Document:
    """The national device policy that Hubei's provincial government reposts."""
    return _reposted(timeline())


def _reposted(listed: Timeline[Document, Revision]) -> Document:
    cross_listed = {doc.wenhao for doc in listed.documents(NMPA_YLQXGGTG, 0)}
    return next(
        doc
        for doc in listed.documents(NMPA_YLQXFGWJ, 0)
        if doc.seed is None
        and doc.medical
        and doc.wenhao not in cross_listed
        and "关于印发《" in doc.title
        and doc.published.date() < REPOST_BEFORE
    )


@cache
def timeline() -> Timeline[Document, Revision]:
    rng = random.Random("nmpa-corpus")
    maker = _Maker(rng)
    base: list[Document] = []
    for column, size in BASE_SIZES.items():
        count = size - PLACED[column]
        medical = round(size * MEDICAL_SHARE) - PLACED[column]
        base += [maker.make(spec) for spec in _specs(column, count, medical, rng)]
    base.append(maker.seeded())
    base.append(maker.cross_listed(_newest_issuing(base, NMPA_YLQXGGTG)))
    additions = {
        1: [
            maker.make(Spec(NMPA_YLQXGGTG, MEDICAL, _at(1, 1), CIRCULAR)),
            maker.make(Spec(NMPA_YLQXGGTG, WORDS.drug, _at(1, 2), ANNOUNCEMENT)),
            maker.make(Spec(NMPA_YLQXFGWJ, MEDICAL, _at(1, 1), ISSUING)),
        ],
        2: [maker.make(Spec(NMPA_YLQXGGTG, WORDS.cosmetics, _at(2, 1), ANNOUNCEMENT))],
        3: [maker.make(Spec(NMPA_YLQXFGWJ, MEDICAL, _at(3, 1), WORK_NOTICE))],
    }
    return Timeline(base, additions, {1: _revisions(base)}, revise_sentence)


def _revisions(base: list[Document]) -> list[Revision]:
    """Re-date a recent device notice and retitle a recent 印发 notice other than the one
    Hubei reposts."""
    listed = Timeline(base, {}, {}, revise_sentence)
    recent_notices = listed.documents(NMPA_YLQXGGTG, 0)[:REVISED_WITHIN]
    redated = next(doc for doc in redatable(recent_notices) if doc.medical)
    recent = listed.documents(NMPA_YLQXFGWJ, 0)[1:REVISED_WITHIN]
    reposted = _reposted(listed)
    retitled = next(
        doc for doc in recent if doc.medical and "关于印发《" in doc.title and doc.id != reposted.id
    )
    title = retitled.title.replace("》", f"（{day_moment(1).year}年修订）》", 1)
    return [
        Revision(redated.id, WORDS.revised_clauses[0], redate=True),
        Revision(retitled.id, WORDS.revised_clauses[1], title=title),
    ]


def _newest_issuing(docs: list[Document], column: str) -> Document:
    chosen = [d for d in docs if d.column == column and d.medical and "关于印发《" in d.title]
    return max(chosen, key=lambda doc: doc.published)


def _at(day: int, hours: int) -> datetime:
    return day_moment(day) + timedelta(hours=hours, minutes=7 * hours, seconds=13 * hours)


def _specs(column: str, count: int, medical: int, rng: random.Random) -> list[Spec]:
    first, last = SPAN
    offsets = rng.sample(range((last - first).days + 1), count)
    medical_at = set(rng.sample(range(count), medical))
    return [
        Spec(
            column,
            MEDICAL if i in medical_at else rng.choice(OTHER_TOPICS),
            datetime.combine(first + timedelta(days=offset), _office_hours(rng)),
        )
        for i, offset in enumerate(offsets)
    ]


def _office_hours(rng: random.Random) -> time:
    return time(rng.randint(8, 18), rng.randint(0, 59), rng.randint(0, 59))


class _Maker:
    """Makes documents one at a time, keeping ids, titles, 文号 and 公告 numbers unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[int] = set()
        self.titles: set[str] = set()
        self.wenhao: set[str] = set()
        self.numbers: set[tuple[int, int]] = set()

    def make(self, spec: Spec) -> Document:
        rng = self.rng
        field = WORDS.fields[spec.topic]
        kind = spec.kind or _draw_kind(spec.column, rng)
        written = spec.published.date() - timedelta(days=rng.randint(0, 8))
        while True:
            draft = self._draft(kind, field, written)
            stem = draft.title.split("（")[0]
            if stem not in self.titles:
                break
        self.titles.add(stem)
        doc_id = self._stamp(spec.published)
        shown = _shown(draft.wenhao, rng)
        return Document(
            id=doc_id,
            column=spec.column,
            path=f"{FOLDERS[spec.column]}{doc_id}.html",
            title=draft.title,
            published=spec.published,
            written=written,
            agency=draft.agency,
            wenhao=draft.wenhao,
            listed_wenhao=shown,
            index_no=None,
            paragraphs=tuple(shown if text == draft.wenhao else text for text in draft.paragraphs),
            attachments=self._attachments(draft.attachment_names, spec.published),
            topic=spec.topic,
            modified=spec.published,
        )

    def seeded(self) -> Document:
        """The seed text on the rules column, under the plan's title and 文号."""
        seed = load_seeds()[SEED]
        doc_id = self._stamp(SEED_PUBLISHED)
        return Document(
            id=doc_id,
            column=NMPA_YLQXFGWJ,
            path=f"{FOLDERS[NMPA_YLQXFGWJ]}{doc_id}.html",
            title=SEED_TITLE,
            published=SEED_PUBLISHED,
            written=SEED_PUBLISHED.date() - timedelta(days=9),
            agency=SEED_AGENCY,
            wenhao=SEED_WENHAO,
            listed_wenhao=SEED_WENHAO,
            index_no=None,
            paragraphs=(SEED_WENHAO, *seed.paragraphs),
            attachments=(),
            topic=MEDICAL,
            modified=SEED_PUBLISHED,
            seed=SEED,
        )

    def cross_listed(self, doc: Document) -> Document:
        """The same notice listed again in the rules column a few minutes later."""
        published = doc.published + timedelta(minutes=3, seconds=41)
        doc_id = self._stamp(published)
        return replace(
            doc,
            id=doc_id,
            column=NMPA_YLQXFGWJ,
            path=f"{FOLDERS[NMPA_YLQXFGWJ]}{doc_id}.html",
            published=published,
            modified=published,
        )

    def _stamp(self, published: datetime) -> int:
        """The 17-digit id of a page: its publication time and three more digits."""
        while True:
            doc_id = int(f"{published:%Y%m%d%H%M%S}{self.rng.randint(100, 999)}")
            if doc_id not in self.ids:
                self.ids.add(doc_id)
                return doc_id

    def _draft(self, kind: str, field: Record, written: date) -> _Draft:
        rng = self.rng
        subject = rng.choice(field.subjects)
        if kind == CIRCULAR:
            return self._circular(field, subject, written)
        if kind == ANNOUNCEMENT:
            return self._announcement(field, subject, written)
        if kind == WORK_NOTICE:
            return self._work_notice(field, subject, written)
        if kind == DECREE:
            return self._decree(field, subject, written)
        return self._issuing(field, subject, written)

    def _number(self, year: int) -> int:
        while True:
            number = self.rng.randint(1, 160)
            if (year, number) not in self.numbers:
                self.numbers.add((year, number))
                return number

    def _wenhao(self, prefix: str, field: Record, year: int) -> str:
        while True:
            office = self.rng.choice(field.offices)
            wenhao = f"{prefix}{office}〔{year}〕{self.rng.randint(1, 260)}号"
            if wenhao not in self.wenhao:
                self.wenhao.add(wenhao)
                return wenhao

    def _circular(self, field: Record, subject: str, written: date) -> _Draft:
        guide = f"{subject}{self.rng.choice(field.guides)}"
        number = self._number(written.year)
        return _Draft(
            title=f"{WORDS.nmpa_short}关于发布{guide}的通告（{written.year}年第{number}号）",
            agency=WORDS.nmpa,
            wenhao=None,
            paragraphs=(
                f"为加强{subject}监督管理，进一步提高注册审查质量，国家药品监督管理局组织制定了"
                f"《{guide}》（见附件），现予发布。",
                "特此通告。",
                WORDS.nmpa_short,
                chinese_date(written),
            ),
            attachment_names=(f"{guide}.docx",),
        )

    def _announcement(self, field: Record, subject: str, written: date) -> _Draft:
        rng = self.rng
        rules = f"{subject}{rng.choice(field.kinds)}"
        what = rng.choice(
            (f"发布《{rules}》", f"调整{subject}有关事项", f"进一步加强{subject}管理有关事项")
        )
        joint = field.topic == MEDICAL and rng.random() < 0.3
        short = f"{WORDS.nmpa_short} {WORDS.health_commission_short}" if joint else WORDS.nmpa_short
        number = self._number(written.year)
        items = [
            _fill(text, field, subject, "公告")
            for text in rng.sample(WORDS.clauses[1:-2], rng.randint(3, 5))
        ]
        items.append("本公告自发布之日起施行。")
        return _Draft(
            title=f"{short}关于{what}的公告（{written.year}年第{number}号）",
            agency=f"{WORDS.nmpa} {WORDS.health_commission}" if joint else WORDS.nmpa,
            wenhao=None,
            paragraphs=(
                f"为贯彻落实{field.law}，进一步加强{subject}监督管理，保障公众{field.safety}，"
                "现就有关事项公告如下：",
                *(f"{chinese_number(n)}、{text}" for n, text in enumerate(items, 1)),
                "特此公告。",
                short.replace(" ", "\u3000"),
                chinese_date(written),
            ),
            attachment_names=(f"{rules}.doc",) if what.startswith("发布") else (),
        )

    def _work_notice(self, field: Record, subject: str, written: date) -> _Draft:
        rng = self.rng
        action = rng.choice(WORDS.actions)
        wenhao = self._wenhao("药监综", field, written.year)
        sections = []
        for n, (heading, text) in enumerate(WORDS.sections, 1):
            sections += [f"{chinese_number(n)}、{heading}", _fill(text, field, subject, "通知")]
        return _Draft(
            title=f"{WORDS.general_office_short}关于开展{written.year}年{subject}{action}工作的通知",
            agency=WORDS.general_office,
            wenhao=wenhao,
            paragraphs=(
                wenhao,
                WORDS.addressees,
                f"为深入贯彻落实{field.law}，进一步加强{subject}监督管理，国家药监局决定于"
                f"{written.year}年组织开展{subject}{action}工作。现将有关事项通知如下：",
                *sections,
                WORDS.general_office_short,
                chinese_date(written),
            ),
            attachment_names=(f"{subject}{action}工作方案.doc", "工作情况汇总表.xls")[
                : rng.randint(0, 2)
            ],
        )

    def _issuing(self, field: Record, subject: str, written: date) -> _Draft:
        rng = self.rng
        kind = rng.choice(field.kinds)
        name = f"{subject}{kind}"
        office = rng.random() < 0.3
        agency, short = (
            (WORDS.general_office, WORDS.general_office_short)
            if office
            else (WORDS.nmpa, WORDS.nmpa_short)
        )
        wenhao = self._wenhao("药监综" if office else "国药监", field, written.year)
        chosen = sorted(rng.sample(range(1, len(WORDS.clauses) - 2), rng.randint(4, 7)))
        clauses = [
            f"为加强{subject}管理，保障公众{field.safety}，根据{field.law}等有关规定，"
            f"制定本{kind[-2:]}。",
            *(_fill(WORDS.clauses[i], field, subject, kind[-2:]) for i in chosen),
            _fill(WORDS.clauses[-2], field, subject, kind[-2:]),
            f"本{kind[-2:]}自印发之日起施行。",
        ]
        return _Draft(
            title=f"{short}关于印发《{name}》的通知",
            agency=agency,
            wenhao=wenhao,
            paragraphs=(
                wenhao,
                WORDS.addressees_wide,
                f"为贯彻落实{field.law}，进一步规范{subject}管理，国家药监局组织制定了《{name}》，"
                "现印发给你们，请遵照执行。",
                short,
                chinese_date(written),
                name,
                *(f"第{chinese_number(n)}条\u3000{text}" for n, text in enumerate(clauses, 1)),
            ),
            attachment_names=(f"{name}（文本）.pdf",) if rng.random() < 0.4 else (),
        )

    def _decree(self, field: Record, subject: str, written: date) -> _Draft:
        rng = self.rng
        kind = rng.choice(("监督管理办法", "管理办法"))
        name = f"{subject}{kind}"
        number = rng.randint(40, 99)
        effective = date(written.year + (written.month > 9), (written.month + 2) % 12 + 1, 1)
        chosen = sorted(rng.sample(range(len(WORDS.clauses)), rng.randint(5, 8)))
        return _Draft(
            title=f"{name}（{WORDS.market_regulator}令第{number}号）",
            agency=WORDS.market_regulator,
            wenhao=None,
            paragraphs=(
                f"《{name}》已于{chinese_date(written)}经{WORDS.market_regulator}{written.year}年第"
                f"{rng.randint(1, 20)}次局务会议通过，现予公布，"
                f"自{chinese_date(effective)}起施行。",
                WORDS.market_regulator,
                chinese_date(written),
                name,
                "第一章\u3000总则",
                *(
                    f"第{chinese_number(n)}条\u3000{_fill(clause, field, subject, '办法')}"
                    for n, clause in enumerate((WORDS.clauses[i] for i in chosen), 1)
                ),
            ),
            attachment_names=(),
        )

    def _attachments(self, names: tuple[str, ...], published: datetime) -> tuple[Attachment, ...]:
        """WORDS.nmpa names stored files after the base64 of their GBK names."""
        attachments = []
        for n, name in enumerate(names, 1):
            stem, _, extension = name.rpartition(".")
            label = f"{n}.{stem}" if len(names) > 1 else stem
            token = base64.b64encode(f"{published:%Y%m%d}{stem}".encode("gbk")).decode("ascii")
            path = f"{ATTACHMENT_FOLDER}{token.replace('/', '_')}.{extension}"
            attachments.append(Attachment(name=f"{label}.{extension}", path=path))
        return tuple(attachments)


def _draw_kind(column: str, rng: random.Random) -> str:
    weights = KIND_WEIGHTS[column]
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _fill(text: str, field: Record, subject: str, kind: str) -> str:
    return text.format(
        k=kind, subject=subject, holder=field.holder, law=field.law, safety=field.safety
    )


def _shown(wenhao: str | None, rng: random.Random) -> str | None:
    """The 文号 as the page prints it: now and then with other brackets."""
    if wenhao is None or rng.random() >= 0.2:
        return wenhao
    left, right = rng.choice(WENHAO_VARIANTS)
    return wenhao.replace("〔", left).replace("〕", right)
