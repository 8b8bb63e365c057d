"""The Hubei replica's corpus: 鄂政发 and 鄂政办发 documents of the provincial government by day."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus import Change
from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.history import Timeline, day_moment
from replica.corpus.model import Attachment, Document
from replica.corpus.revisions import Revision, redatable, revise_sentence
from replica.corpus.seeds import load_seeds
from replica.sites import _nmpa_corpus
from replica.words import MEDICAL, words

WORDS = words("hubei")

HUBEI_EZF = "hubei_ezf"
HUBEI_EZBF = "hubei_ezbf"
COLUMNS = (HUBEI_EZF, HUBEI_EZBF)
FOLDERS = {HUBEI_EZF: "/zfwj/ezf/", HUBEI_EZBF: "/zfwj/ezbf/"}


@dataclass(frozen=True)
class _Issuer:
    agency: str
    short: str
    wenhao_prefix: str
    index_prefix: str
    wenhao_top: int


ISSUERS = {
    HUBEI_EZF: _Issuer(WORDS.province, WORDS.province_short, "鄂政发", "011043040", 40),
    HUBEI_EZBF: _Issuer(
        WORDS.province_office, WORDS.province_office_short, "鄂政办发", "011043046", 90
    ),
}
BASE_SIZES = {HUBEI_EZF: 42, HUBEI_EZBF: 30}
PLACED = {HUBEI_EZF: 1, HUBEI_EZBF: 1}
MEDICAL_SHARE = 0.35
SPAN = (date(2021, 1, 6), date(2026, 1, 29))
FIRST_ID = 3_800_000
IDS_PER_DAY = 1100
REVISED_WITHIN = 20
REPOST_DELAY = timedelta(days=15, hours=2)
WENHAO_VARIANTS = (("[", "]"), ("（", "）"), ("【", "】"))
ATTACHMENT_TYPES = ("docx", "xlsx", "pdf")

SEED = "004"
SEED_PUBLISHED = datetime(2023, 12, 26, 10, 20)


def documents(column: str, day: int) -> list[Document]:
    """The documents listed in `column` on `day`, newest first."""
    return timeline().documents(column, day)


def changes(day: int) -> tuple[Change, ...]:
    return timeline().changes(day)


@cache
def timeline() -> Timeline[Document, Revision]:
    rng = random.Random("hubei-corpus")
    maker = _Maker(rng)
    base: list[Document] = []
    for column, size in BASE_SIZES.items():
        count = size - PLACED[column]
        medical = round(size * MEDICAL_SHARE) - PLACED[column]
        base += [maker.make(column, topic, moment) for topic, moment in _plan(count, medical, rng)]
    base += [maker.seeded(), maker.national_repost()]
    additions = {
        1: [
            maker.make(HUBEI_EZF, MEDICAL, _at(1, 1)),
            maker.make(HUBEI_EZBF, "telecom", _at(1, 1)),
            maker.make(HUBEI_EZBF, MEDICAL, _at(1, 2)),
        ],
        2: [maker.make(HUBEI_EZF, "energy", _at(2, 1))],
        3: [maker.make(HUBEI_EZBF, MEDICAL, _at(3, 1))],
    }
    return Timeline(base, additions, {1: _revisions(base)}, revise_sentence)


def _revisions(base: list[Document]) -> list[Revision]:
    """Retitle a recent medical 印发 notice, and re-date a recent office document."""
    listed = Timeline(base, {}, {}, revise_sentence)
    recent = listed.documents(HUBEI_EZF, 0)[1:REVISED_WITHIN]
    retitled = next(doc for doc in recent if doc.medical and "关于印发" in doc.title)
    title = f"{retitled.title.removesuffix('的通知')}（{day_moment(1).year}年修订）的通知"
    office = listed.documents(HUBEI_EZBF, 0)[:REVISED_WITHIN]
    redated = next(doc for doc in redatable(office) if doc.listed_wenhao)
    return [
        Revision(retitled.id, WORDS.revised_clauses[0], title=title),
        Revision(redated.id, WORDS.revised_clauses[1], redate=True),
    ]


def _at(day: int, hours: int) -> datetime:
    return day_moment(day) + timedelta(hours=hours, minutes=11 * hours)


def _plan(count: int, medical: int, rng: random.Random) -> list[tuple[str, datetime]]:
    first, last = SPAN
    offsets = rng.sample(range((last - first).days + 1), count)
    medical_at = set(rng.sample(range(count), medical))
    return [
        (
            MEDICAL if i in medical_at else rng.choice(WORDS.other_topics),
            datetime.combine(
                first + timedelta(days=offset), time(rng.randint(8, 18), rng.randint(0, 59))
            ),
        )
        for i, offset in enumerate(offsets)
    ]


class _Maker:
    """Makes documents one at a time, keeping ids, titles, 文号 and 索引号 unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[int] = set()
        self.titles: set[str] = set()
        self.wenhao: set[str] = set()
        self.index_numbers: set[str] = set()

    def make(self, column: str, topic: str, published: datetime) -> Document:
        rng = self.rng
        issuer = ISSUERS[column]
        written = published.date() - timedelta(days=rng.randint(2, 12))
        while True:
            subject = rng.choice(WORDS.subjects[topic])
            if rng.random() < 0.7:
                title, paragraphs = _issuing(issuer, subject, topic, written, rng)
            else:
                title, paragraphs = _opinion(issuer, subject, topic, written, rng)
            if title not in self.titles:
                break
        self.titles.add(title)
        wenhao = self._wenhao(issuer, written.year)
        doc_id = self._id(published)
        return Document(
            id=doc_id,
            column=column,
            path=_path(column, published, doc_id),
            title=title,
            published=published,
            written=written,
            agency=issuer.agency,
            wenhao=wenhao,
            listed_wenhao=_shown(wenhao, rng),
            index_no=self._index_no(issuer, published.year),
            paragraphs=paragraphs,
            attachments=self._attachments(column, subject, published),
            topic=topic,
            modified=published,
        )

    def seeded(self) -> Document:
        """The seed text (an article on Hubei's medical equipment industry) on the 鄂政发 list."""
        seed = load_seeds()[SEED]
        if seed.title is None:
            raise ValueError(f"seed {seed.name} has no headline")
        doc_id = self._id(SEED_PUBLISHED)
        return Document(
            id=doc_id,
            column=HUBEI_EZF,
            path=_path(HUBEI_EZF, SEED_PUBLISHED, doc_id),
            title=seed.title,
            published=SEED_PUBLISHED,
            written=SEED_PUBLISHED.date(),
            agency=WORDS.province,
            wenhao=None,
            listed_wenhao=None,
            index_no=self._index_no(ISSUERS[HUBEI_EZF], SEED_PUBLISHED.year),
            paragraphs=seed.paragraphs,
            attachments=(),
            topic=MEDICAL,
            modified=SEED_PUBLISHED,
            seed=SEED,
        )

    def national_repost(self) -> Document:
        """The provincial office passing on a national device policy, under the national 文号."""
        national = _nmpa_corpus.reposted_in_hubei()
        published = datetime.combine(national.published.date(), time(16, 30)) + REPOST_DELAY
        issuer, _, name = national.title.removesuffix("的通知").partition("关于印发")
        inner = name.replace("《", "〈").replace("》", "〉")
        doc_id = self._id(published)
        return Document(
            id=doc_id,
            column=HUBEI_EZBF,
            path=_path(HUBEI_EZBF, published, doc_id),
            title=f"{WORDS.province_office_short}转发{national.title.removesuffix('的通知')}的通知",
            published=published,
            written=published.date() - timedelta(days=3),
            agency=WORDS.province_office,
            wenhao=national.wenhao,
            listed_wenhao=None,
            index_no=self._index_no(ISSUERS[HUBEI_EZBF], published.year),
            paragraphs=(
                WORDS.addressees,
                f"经省人民政府同意，现将{issuer}《关于印发{inner}的通知》（{national.wenhao}）"
                "转发给你们，请结合实际认真贯彻落实。",
                WORDS.province_office,
                chinese_date(published.date() - timedelta(days=3)),
                WORDS.public,
                *national.paragraphs,
            ),
            attachments=(),
            topic=MEDICAL,
            modified=published,
        )

    def _id(self, published: datetime) -> int:
        """Hubei's 7-digit page ids grow with the publication date."""
        days = (published.date() - SPAN[0]).days
        while True:
            doc_id = FIRST_ID + days * IDS_PER_DAY + self.rng.randint(0, IDS_PER_DAY - 1)
            if doc_id not in self.ids:
                self.ids.add(doc_id)
                return doc_id

    def _wenhao(self, issuer: _Issuer, year: int) -> str:
        while True:
            wenhao = f"{issuer.wenhao_prefix}〔{year}〕{self.rng.randint(1, issuer.wenhao_top)}号"
            if wenhao not in self.wenhao:
                self.wenhao.add(wenhao)
                return wenhao

    def _index_no(self, issuer: _Issuer, year: int) -> str:
        while True:
            index_no = f"{issuer.index_prefix}/{year}-{self.rng.randint(1, 99999):05d}"
            if index_no not in self.index_numbers:
                self.index_numbers.add(index_no)
                return index_no

    def _attachments(
        self, column: str, subject: str, published: datetime
    ) -> tuple[Attachment, ...]:
        rng = self.rng
        if rng.random() < 0.65:
            return ()
        names = (f"{subject}重点任务分工", f"{subject}重点项目清单")[: rng.randint(1, 2)]
        attachments = []
        for n, name in enumerate(names, 1):
            extension = rng.choice(ATTACHMENT_TYPES)
            filename = f"P0{published:%Y%m%d}{rng.randrange(10**11, 10**12)}.{extension}"
            label = f"{n}.{name}" if len(names) > 1 else name
            path = f"{FOLDERS[column]}{published:%Y%m}/{filename}"
            attachments.append(Attachment(name=f"{label}.{extension}", path=path))
        return tuple(attachments)


def _path(column: str, published: datetime, doc_id: int) -> str:
    return f"{FOLDERS[column]}{published:%Y%m}/t{published:%Y%m%d}_{doc_id}.shtml"


def _issuing(
    issuer: _Issuer, subject: str, topic: str, written: date, rng: random.Random
) -> tuple[str, tuple[str, ...]]:
    pattern, kind = rng.choice(WORDS.plan_names)
    name = pattern.format(subject=subject, year=written.year, until=written.year + 2)
    paragraphs = (
        WORDS.addressees,
        f"现将《{name}》印发给你们，请结合实际，认真贯彻执行。",
        issuer.agency,
        chinese_date(written),
        WORDS.public,
        name,
        f"为深入贯彻落实党中央、国务院决策部署，加快推进{subject}高质量发展，结合我省实际，"
        f"制定本{kind}。",
        *_measures(subject, topic, rng),
    )
    return f"{issuer.short}关于印发{name}的通知", paragraphs


def _opinion(
    issuer: _Issuer, subject: str, topic: str, written: date, rng: random.Random
) -> tuple[str, tuple[str, ...]]:
    opinion = rng.choice(WORDS.opinions).format(subject=subject)
    consent = "经省人民政府同意，" if issuer.agency == WORDS.province_office else ""
    paragraphs = (
        WORDS.addressees,
        f"为加快{subject}高质量发展，推动{WORDS.focus[topic]}取得新突破，{consent}现提出如下意见。",
        *_measures(subject, topic, rng),
        issuer.agency,
        chinese_date(written),
        WORDS.public,
    )
    return f"{issuer.short}{opinion}", paragraphs


def _measures(subject: str, topic: str, rng: random.Random) -> list[str]:
    chosen = [
        WORDS.measures[i] for i in sorted(rng.sample(range(len(WORDS.measures)), rng.randint(3, 5)))
    ]
    lines = []
    for n, (heading, text) in enumerate([*chosen, WORDS.closing], 1):
        lines += [
            f"{chinese_number(n)}、{heading}",
            text.format(subject=subject, focus=WORDS.focus[topic]),
        ]
    return lines


def _shown(wenhao: str, rng: random.Random) -> str:
    """The 文号 as the page prints it: now and then with other brackets."""
    if rng.random() >= 0.2:
        return wenhao
    left, right = rng.choice(WENHAO_VARIANTS)
    return wenhao.replace("〔", left).replace("〕", right)
