"""The gov.cn replica's corpus: the policy library's 国务院文件 and 部门文件, over time."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus import Change
from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.history import Timeline, day_moment
from replica.corpus.model import Attachment, Document
from replica.corpus.revisions import Revision, revise_notice
from replica.corpus.seeds import load_seeds
from replica.sites import _nhc_corpus as nhc
from replica.words import MEDICAL, Record, words

GOVCN_WORDS = words("govcn")
NHC_WORDS = words("nhc")

GOVCN_ZCWJK = "govcn_zcwjk"
CATEGORY_FOLDERS = {
    GOVCN_WORDS.gongwen: "/zhengce/content/",
    GOVCN_WORDS.bumenfile: "/zhengce/zhengceku/",
}
BASE_SIZES = {GOVCN_WORDS.gongwen: 16, GOVCN_WORDS.bumenfile: 24}
MEDICAL_SIZES = {GOVCN_WORDS.gongwen: 5, GOVCN_WORDS.bumenfile: 10}
SPAN = (date(2021, 1, 4), date(2026, 1, 29))
FIRST_NUMBER_DAY = date(2021, 1, 1)
INDEX_PREFIX = "000014349"
VARIANT_SHARE = 0.15
PDF_ONLY_SHARE = 0.3

PLAN_TITLE = "十部门关于印发《“十四五”医疗装备产业发展规划》的通知"
PLAN_PUBLISHED = datetime(2021, 12, 28, 16, 45)
PLAN_AGENCIES = (
    "工业和信息化部 国家卫生健康委员会 国家发展和改革委员会 科学技术部 财政部 "
    "国务院国有资产监督管理委员会 国家市场监督管理总局 国家医疗保障局 国家中医药管理局 "
    "国家药品监督管理局"
)
ISSUING = "issuing"
OPINION = "opinion"
NOTICE = "notice"


def documents(day: int) -> list[Document]:
    """Every document of the library on `day`, newest first."""
    return _timeline().documents(GOVCN_ZCWJK, day)


def in_category(category: str, day: int) -> list[Document]:
    """The documents of one library category (`gongwen`, `bumenfile`) on `day`, newest first."""
    return [doc for doc in documents(day) if category_of(doc) == category]


def category_of(doc: Document) -> str:
    return next(name for name, folder in CATEGORY_FOLDERS.items() if doc.path.startswith(folder))


def at_path(path: str, day: int) -> Document | None:
    return _timeline().at_path(path, day)


def attachment(path: str, day: int) -> tuple[Document, Attachment] | None:
    return _timeline().attachment(path, day)


def changes(day: int) -> tuple[Change, ...]:
    """What `day` added to and revised in the library."""
    return _timeline().changes(day)


class _Generator:
    """Makes documents one after another: content numbers and titles never repeat."""

    def __init__(self) -> None:
        self.rng = random.Random("govcn-corpus")
        self.last_id = 100
        self.numbers: set[int] = set()
        self.taken: set[str] = set()

    def moments(self, count: int) -> list[datetime]:
        first, last = SPAN
        offsets = self.rng.sample(range((last - first).days + 1), count)
        return [
            datetime.combine(
                first + timedelta(days=offset),
                time(self.rng.randint(8, 19), self.rng.randint(0, 59)),
            )
            for offset in offsets
        ]

    def policy(
        self, topic_name: str, category: str, published: datetime, *, form: str | None = None
    ) -> Document:
        doc_id, rng = self._next()
        topic = GOVCN_WORDS.topics[topic_name]
        issuer, prefixes = rng.choice(
            [pair for pair in topic.issuers if pair[0].category == category]
        )
        written = published.date() - timedelta(days=rng.randint(2, 20))
        wenhao = f"{rng.choice(prefixes)}〔{written.year}〕{rng.randint(1, 300)}号"
        form = form or rng.choice(
            (ISSUING, ISSUING, OPINION)
            if issuer.category == GOVCN_WORDS.gongwen
            else (ISSUING, ISSUING, NOTICE)
        )
        joint = issuer == GOVCN_WORDS.miit and topic.name == MEDICAL and rng.random() < 0.4
        agency = (
            f"{issuer.agency} 国家卫生健康委员会 国家药品监督管理局" if joint else issuer.agency
        )
        short = f"{issuer.short}等三部门" if joint else issuer.short
        pdf_only = (
            category == GOVCN_WORDS.bumenfile and form == ISSUING and rng.random() < PDF_ONLY_SHARE
        )
        while True:
            subject = rng.choice(topic.subjects)
            kind = rng.choice(GOVCN_WORDS.plan_kinds).format(
                start=written.year, end=written.year + 2
            )
            name = f"{subject}{kind}"
            title, body = _writing(form, issuer, short, agency, topic, subject, name, written, rng)
            if title not in self.taken:
                break
        self.taken.add(title)
        path = self._path(category, published)
        if pdf_only:
            body = body[:4]
        return Document(
            id=doc_id,
            column=GOVCN_ZCWJK,
            path=path,
            title=title,
            published=published,
            written=written,
            agency=agency,
            wenhao=wenhao,
            listed_wenhao=_variant(wenhao, rng),
            paragraphs=body,
            attachments=_attachments(path, name, published, rng) if pdf_only else (),
            topic=topic.name,
            source=issuer.source,
            modified=published,
            index_no=_index_no(published, rng),
            category=topic.theme,
        )

    def repost(self, original: Document, published: datetime) -> Document:
        """An NHC 规范性文件 as the library carries it: its 文号 and body, gov.cn's own page."""
        doc_id, rng = self._next()
        office = original.agency == NHC_WORDS.general_office
        signature = "国家卫生健康委办公厅" if office else "国家卫生健康委"
        title = original.title
        if not title.startswith("国家卫生健康委"):
            title = f"{signature}{title}"
        path = self._path(GOVCN_WORDS.bumenfile, published)
        folder = path.rsplit("/", 1)[0]
        return Document(
            id=doc_id,
            column=GOVCN_ZCWJK,
            path=path,
            title=title,
            published=published,
            written=original.written,
            agency=original.agency,
            wenhao=original.wenhao,
            listed_wenhao=original.wenhao,
            paragraphs=tuple(p for p in original.paragraphs[1:] if p != NHC_WORDS.disclosure),
            attachments=tuple(
                Attachment(item.name, f"{folder}/{_file_name(published, rng)}.pdf")
                for item in original.attachments
                if item.path.endswith(".pdf")
            ),
            topic=original.topic,
            source=GOVCN_WORDS.nhc_source,
            modified=published,
            index_no=_index_no(published, rng),
            category=GOVCN_WORDS.topics[MEDICAL].theme,
        )

    def plan(self) -> Document:
        doc_id, rng = self._next()
        return Document(
            id=doc_id,
            column=GOVCN_ZCWJK,
            path=self._path(GOVCN_WORDS.bumenfile, PLAN_PUBLISHED),
            title=PLAN_TITLE,
            published=PLAN_PUBLISHED,
            written=nhc.PLAN_WRITTEN,
            agency=PLAN_AGENCIES,
            wenhao=nhc.PLAN_WENHAO,
            listed_wenhao=nhc.PLAN_WENHAO,
            paragraphs=load_seeds()[nhc.PLAN_SEED].paragraphs,
            attachments=(),
            topic=MEDICAL,
            source=GOVCN_WORDS.miit.source,
            modified=PLAN_PUBLISHED,
            index_no=_index_no(PLAN_PUBLISHED, rng),
            category=GOVCN_WORDS.topics[MEDICAL].theme,
            seed=nhc.PLAN_SEED,
        )

    def _next(self) -> tuple[int, random.Random]:
        self.last_id += self.rng.randint(2, 30)
        return self.last_id, random.Random(f"govcn-document-{self.last_id}")

    def _path(self, category: str, published: datetime) -> str:
        base = 5_600_000 + (published.date() - FIRST_NUMBER_DAY).days * 1200
        number = base + self.rng.randint(0, 1199)
        while number in self.numbers:
            number += 1
        self.numbers.add(number)
        return f"{CATEGORY_FOLDERS[category]}{published:%Y%m}/content_{number}.htm"


def _writing(
    form: str,
    issuer: Record,
    short: str,
    agency: str,
    topic: Record,
    subject: str,
    name: str,
    written: date,
    rng: random.Random,
) -> tuple[str, tuple[str, ...]]:
    """A title and the body under it."""
    council = issuer.category == GOVCN_WORDS.gongwen
    addressees = (
        GOVCN_WORDS.state_council_addressees if council else GOVCN_WORDS.ministry_addressees
    )
    closing = (
        agency.replace(" ", "\u3000"),
        chinese_date(written),
        GOVCN_WORDS.state_council_disclosure if council else GOVCN_WORDS.ministry_disclosure,
    )
    plan = _plan(topic, subject, written.year + 2)
    if form == ISSUING:
        shown = f"《{name}》" if not council or rng.random() < 0.6 else name
        if council:
            consent = "已经国务院同意，" if issuer == GOVCN_WORDS.general_office else ""
            lead = f"《{name}》{consent}现印发给你们，请认真贯彻执行。"
        else:
            lead = (
                f"为推动{subject}高质量发展，{short}制定了《{name}》。"
                "现印发给你们，请结合实际认真贯彻落实。"
            )
        return f"{short}关于印发{shown}的通知", (addressees, lead, *closing, name, *plan)
    if form == OPINION:
        title = rng.choice(
            (
                f"{short}关于推动{subject}高质量发展的意见",
                f"{short}关于加快{subject}发展的指导意见",
                f"{short}关于进一步促进{subject}健康发展的若干意见",
            )
        )
        consent = "经国务院同意，" if issuer == GOVCN_WORDS.general_office else ""
        lead = (
            f"{subject}是推动高质量发展的重要领域。为加快{subject}发展，{consent}现提出以下意见。"
        )
        return title, (addressees, lead, *plan, *closing)
    title = rng.choice(
        (
            f"{short}关于开展{written.year}年{subject}试点工作的通知",
            f"{short}关于做好{subject}有关工作的通知",
        )
    )
    lead = f"为推动{subject}高质量发展，现就{subject}有关工作通知如下："
    return title, (addressees, lead, *plan[:4], *closing)


def _plan(topic: Record, subject: str, end: int) -> tuple[str, ...]:
    lines = []
    number = 0
    for heading, text in GOVCN_WORDS.plan_sections:
        if heading:
            number += 1
            lines.append(f"{chinese_number(number)}、{heading}")
        lines.append(text.format(focus=topic.focus, subject=subject, end=end))
    return tuple(lines)


def _variant(wenhao: str, rng: random.Random) -> str:
    if rng.random() >= VARIANT_SHARE:
        return wenhao
    left, right = rng.choice((("[", "]"), ("（", "）"), ("【", "】")))
    return wenhao.replace("〔", left).replace("〕", right)


def _index_no(published: datetime, rng: random.Random) -> str:
    return f"{INDEX_PREFIX}/{published.year}-{rng.randint(1, 999):05d}"


def _file_name(published: datetime, rng: random.Random) -> str:
    return f"P0{published:%Y%m%d}{rng.randint(100_000_000, 999_999_999)}"


def _attachments(
    path: str, name: str, published: datetime, rng: random.Random
) -> tuple[Attachment, ...]:
    folder = path.rsplit("/", 1)[0]
    return (Attachment(f"{name}.pdf", f"{folder}/{_file_name(published, rng)}.pdf"),)


@cache
def _timeline() -> Timeline[Document, Revision]:
    make = _Generator()
    rng = make.rng
    base: list[Document] = []
    for category, size in BASE_SIZES.items():
        topics = [
            name
            for name in GOVCN_WORDS.other_topics
            if any(issuer.category == category for issuer, _ in GOVCN_WORDS.topics[name].issuers)
        ]
        medical_at = set(rng.sample(range(size), MEDICAL_SIZES[category]))
        base += [
            make.policy(MEDICAL if i in medical_at else rng.choice(topics), category, moment)
            for i, moment in enumerate(make.moments(size))
        ]
    day_zero_original, day_one_original = nhc.reposted(0), nhc.reposted(1)
    base += [
        make.plan(),
        make.repost(day_zero_original, day_zero_original.published + timedelta(days=1, hours=2)),
    ]
    first = day_moment(1)
    additions = {
        1: (
            make.repost(day_one_original, day_one_original.published + timedelta(hours=5)),
            make.policy("vehicles", GOVCN_WORDS.gongwen, first + timedelta(hours=2), form=OPINION),
        ),
        2: (
            make.policy(
                MEDICAL, GOVCN_WORDS.bumenfile, day_moment(2) + timedelta(hours=1), form=NOTICE
            ),
        ),
        3: (
            make.policy(
                "energy", GOVCN_WORDS.gongwen, day_moment(3) + timedelta(hours=1), form=ISSUING
            ),
        ),
    }
    generated = sorted(
        (
            doc
            for doc in base
            if doc.source != GOVCN_WORDS.nhc_source and doc.seed is None and "《" in doc.title
        ),
        key=lambda doc: doc.published,
        reverse=True,
    )
    revisions = {1: (Revision(generated[2].id, GOVCN_WORDS.revised_clauses[0]),)}
    return Timeline(base, additions, revisions, revise_notice)
