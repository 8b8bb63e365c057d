"""The NHC replica's corpus: 规范性文件 and their 政策解读 in the commission's style, over time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from replica.corpus import Change
from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.history import Timeline, day_moment
from replica.corpus.model import Attachment, Document
from replica.corpus.revisions import Revision, revise_notice
from replica.corpus.seeds import load_seeds
from replica.words import MEDICAL, Record, words

WORDS = words("nhc")

NHC_GFXWJ = "nhc_gfxwj"
NHC_ZCJD = "nhc_zcjd"
COLUMNS = (NHC_GFXWJ, NHC_ZCJD)

GFXWJ_SIZE = 34
ZCJD_SIZE = 22
NOTICES = 8
MEDICAL_SHARE = 0.4
SPAN = (date(2021, 1, 6), date(2026, 1, 28))
VARIANT_SHARE = 0.15

PLAN_SEED = "002"
PLAN_TITLE = "关于印发“十四五”医疗装备产业发展规划的通知"
PLAN_WENHAO = "工信部联规〔2021〕208号"
PLAN_PUBLISHED = datetime(2021, 12, 29, 10, 20)
PLAN_WRITTEN = date(2021, 12, 21)
ESSAY_SEED = "004"
ESSAY_PUBLISHED = datetime(2023, 12, 25, 10, 5)
ESSAY_SOURCE = "学习时报"

ISSUING = "issuing"
NOTICE = "notice"


@dataclass(frozen=True)
class _Made:
    """A generated 规范性文件 and what its 政策解读 needs to know of it."""

    document: Document
    topic: Record
    subject: str
    department: Record
    name: str | None


@dataclass(frozen=True)
class _Corpus:
    timeline: Timeline[Document, Revision]
    reposted: dict[int, Document]


def documents(column: str, day: int) -> list[Document]:
    """The documents listed in `column` on `day`, newest first."""
    return _corpus().timeline.documents(column, day)


def at_path(path: str, day: int) -> Document | None:
    return _corpus().timeline.at_path(path, day)


def attachment(path: str, day: int) -> tuple[Document, Attachment] | None:
    return _corpus().timeline.attachment(path, day)


def changes(day: int) -> tuple[Change, ...]:
    """What `day` added to and revised in both columns."""
    return _corpus().timeline.changes(day)


def column_modified(column: str, day: int) -> datetime:
    return _corpus().timeline.column_modified(column, day)


def reposted(day: int) -> Document:
    """The 规范性文件 that www.gov.cn reposts on timeline day `day` (0 or 1), as NHC shows it."""
    return _corpus().reposted[day]


class _Generator:
    """Makes documents one after another, so that ids, titles and names never repeat."""

    def __init__(self) -> None:
        self.rng = random.Random("nhc-corpus")
        self.last_id = 4000
        self.taken: set[str] = set()

    def moments(self, count: int) -> list[datetime]:
        first, last = SPAN
        offsets = self.rng.sample(range((last - first).days + 1), count)
        return sorted(
            datetime.combine(
                first + timedelta(days=offset),
                time(self.rng.randint(8, 18), self.rng.randint(0, 59)),
            )
            for offset in offsets
        )

    def regulation(
        self, topic_name: str, published: datetime, form: str, *, quoted: bool | None = None
    ) -> _Made:
        doc_id, rng = self._next()
        topic = WORDS.topics[topic_name]
        department = rng.choice(topic.departments)
        written = published.date() - timedelta(days=rng.randint(1, 12))
        by_office = rng.random() < 0.45
        letter = "函" if by_office and form == NOTICE else "发"
        office = f"{'办' if by_office else ''}{department.office}"
        wenhao = f"国卫{office}{letter}〔{written.year}〕{rng.randint(1, 160)}号"
        shown = _variant(wenhao, rng)
        signature = WORDS.general_office if by_office else WORDS.commission_short
        quoted = rng.random() < 0.8 if quoted is None else quoted
        while True:
            subject = rng.choice(topic.subjects)
            if form == ISSUING:
                kind = rng.choice(WORDS.document_kinds)
                name = f"{subject}{kind}"
                shown_name = f"《{name}》" if quoted else name
                title = f"{rng.choice(('', signature))}关于印发{shown_name}的通知"
                body = _issuing_body(topic, subject, name, by_office, signature, written, rng)
            else:
                name = None
                title = _notice_title(subject, signature, published.year, rng)
                body = _notice_body(topic, subject, department, signature, written, rng)
            if title not in self.taken and name not in self.taken:
                break
        self.taken |= {title, name or title}
        path = _page_path(department, department.channel, published, rng)
        document = Document(
            id=doc_id,
            column=NHC_GFXWJ,
            path=path,
            title=title,
            published=published,
            written=written,
            agency=WORDS.general_office if by_office else WORDS.commission,
            wenhao=wenhao,
            listed_wenhao=shown,
            paragraphs=(shown, *body),
            attachments=_attachments(path, name, subject, rng) if name else (),
            topic=topic.name,
            source=department.name,
            modified=published,
        )
        return _Made(document, topic, subject, department, name)

    def interpretation(self, of: _Made, published: datetime) -> Document:
        doc_id, rng = self._next()
        name = of.name or of.subject
        title = rng.choice(
            (
                f"《{name}》解读",
                f"关于《{name}》的政策解读",
                f"{WORDS.commission_short}有关司局负责人就《{name}》答记者问",
            )
        )
        values = {
            "aim": of.topic.aim,
            "focus": of.topic.focus,
            "subject": of.subject,
            "name": name,
            "provinces": rng.randint(5, 16),
            "meetings": rng.randint(3, 12),
            "opinions": rng.randint(60, 900),
            "chapters": chinese_number(rng.randint(4, 8)),
            "articles": chinese_number(rng.randint(20, 60)),
            "deadline": f"{published.year + 1}年{rng.randint(1, 12)}月",
            "year": published.year,
            "added": chinese_number(rng.randint(3, 9)),
        }
        asked = "答记者问" in title
        body = [f"近日，{WORDS.commission_short}印发《{name}》。现就有关内容解读如下。"]
        points = sorted(rng.sample(range(len(WORDS.interpretation_points)), rng.randint(4, 5)))
        for n, point in enumerate(points, 1):
            question, answer = WORDS.interpretation_points[point]
            if asked:
                body += [f"问：{question.format(**values)}", f"答：{answer.format(**values)}"]
            else:
                body += [
                    f"{chinese_number(n)}、{question.format(**values)}",
                    answer.format(**values),
                ]
        return Document(
            id=doc_id,
            column=NHC_ZCJD,
            path=_page_path(of.department, of.department.channel + 1, published, rng),
            title=title,
            published=published,
            written=published.date(),
            agency=WORDS.commission,
            wenhao=None,
            listed_wenhao=None,
            paragraphs=tuple(body),
            attachments=(),
            topic=of.topic.name,
            source=of.department.name,
            modified=published,
        )

    def seeded(
        self, seed: str, column: str, published: datetime, title: str | None = None
    ) -> Document:
        doc_id, rng = self._next()
        text = load_seeds()[seed]
        plan = column == NHC_GFXWJ
        channel = WORDS.planning.channel if plan else WORDS.planning.channel + 1
        return Document(
            id=doc_id,
            column=column,
            path=_page_path(WORDS.planning, channel, published, rng),
            title=title or text.title or "",
            published=published,
            written=PLAN_WRITTEN if plan else published.date(),
            agency=WORDS.commission,
            wenhao=PLAN_WENHAO if plan else None,
            listed_wenhao=PLAN_WENHAO if plan else None,
            paragraphs=(PLAN_WENHAO, *text.paragraphs) if plan else text.paragraphs,
            attachments=(),
            topic=MEDICAL,
            source=WORDS.planning.name if plan else ESSAY_SOURCE,
            modified=published,
            seed=seed,
        )

    def _next(self) -> tuple[int, random.Random]:
        self.last_id += self.rng.randint(3, 40)
        return self.last_id, random.Random(f"nhc-document-{self.last_id}")


def _variant(wenhao: str, rng: random.Random) -> str:
    if rng.random() >= VARIANT_SHARE:
        return wenhao
    left, right = rng.choice((("[", "]"), ("（", "）"), ("【", "】")))
    return wenhao.replace("〔", left).replace("〕", right)


def _page_path(department: Record, channel: int, published: datetime, rng: random.Random) -> str:
    return f"/{department.folder}/c{channel}/{published:%Y%m}/{rng.getrandbits(128):032x}.shtml"


def _issuing_body(
    topic: Record,
    subject: str,
    name: str,
    by_office: bool,
    signature: str,
    written: date,
    rng: random.Random,
) -> tuple[str, ...]:
    kind = name[-2:]
    chosen = sorted(rng.sample(range(len(WORDS.clauses)), rng.randint(5, 8)))
    clauses = [
        f"为{topic.aim}，根据{topic.law}等法律法规，制定本{kind}。",
        *(WORDS.clauses[i].format(k=kind, subject=subject, focus=topic.focus) for i in chosen),
        f"本{kind}自印发之日起施行。",
    ]
    return (
        WORDS.addressees,
        f"为{topic.aim}，{'我们' if by_office else '我委'}组织制定了《{name}》。"
        "现印发给你们，请认真贯彻执行。",
        signature,
        chinese_date(written),
        WORDS.disclosure,
        name,
        *(f"第{chinese_number(n)}条\u3000{text}" for n, text in enumerate(clauses, 1)),
    )


def _notice_title(subject: str, signature: str, year: int, rng: random.Random) -> str:
    return rng.choice(
        (
            f"关于做好{year}年{subject}工作的通知",
            f"关于进一步加强{subject}工作的通知",
            f"关于开展{subject}专项行动的通知",
            f"{signature}关于加强{subject}管理的通知",
        )
    )


def _notice_body(
    topic: Record,
    subject: str,
    department: Record,
    signature: str,
    written: date,
    rng: random.Random,
) -> tuple[str, ...]:
    body = [WORDS.addressees, f"为{topic.aim}，现就做好{subject}有关工作通知如下："]
    for n, (heading, text) in enumerate(WORDS.notice_sections, 1):
        body += [f"{chinese_number(n)}、{heading}", text.format(subject=subject, focus=topic.focus)]
    body += [
        f"联系人：{department.name}\u3000{rng.choice('王李张刘陈杨赵周')}老师\u3000"
        f"电话：010-6879{rng.randint(1000, 9999)}",
        signature,
        chinese_date(written),
        WORDS.disclosure,
    ]
    return tuple(body)


def _attachments(path: str, name: str, subject: str, rng: random.Random) -> tuple[Attachment, ...]:
    if rng.random() < 0.55:
        return ()
    folder, _, page = path.rpartition("/")
    stem = page.removesuffix(".shtml")
    files = ((name, "pdf"), (f"{subject}工作情况汇总表", "docx"))[: rng.randint(1, 2)]
    return tuple(
        Attachment(
            name=f"{n}.{title}.{extension}",
            path=f"{folder}/{stem}/files/{rng.getrandbits(128):032x}.{extension}",
        )
        for n, (title, extension) in enumerate(files, 1)
    )


@cache
def _corpus() -> _Corpus:
    make = _Generator()
    rng = make.rng
    moments = make.moments(GFXWJ_SIZE - 1)
    medical_at = set(rng.sample(range(len(moments)), round(GFXWJ_SIZE * MEDICAL_SHARE) - 1))
    notice_at = set(rng.sample(range(len(moments)), NOTICES))
    made = [
        make.regulation(
            MEDICAL if i in medical_at else rng.choice(WORDS.other_topics),
            moment,
            NOTICE if i in notice_at else ISSUING,
        )
        for i, moment in enumerate(moments)
    ]
    issued = [item for item in made if item.name]
    explained = sorted(rng.sample(issued, ZCJD_SIZE - 1), key=lambda item: item.document.published)
    base = [item.document for item in made]
    base += [
        make.interpretation(item, item.document.published + timedelta(minutes=rng.randint(5, 90)))
        for item in explained
    ]
    base += [
        make.seeded(PLAN_SEED, NHC_GFXWJ, PLAN_PUBLISHED, PLAN_TITLE),
        make.seeded(ESSAY_SEED, NHC_ZCJD, ESSAY_PUBLISHED),
    ]

    first, second = day_moment(1), day_moment(2)
    medical = make.regulation(MEDICAL, first + timedelta(hours=1), ISSUING, quoted=True)
    other = make.regulation(rng.choice(WORDS.other_topics), first + timedelta(hours=2), NOTICE)
    later = make.regulation(rng.choice(WORDS.other_topics), second + timedelta(hours=1), ISSUING)
    additions = {
        1: (
            medical.document,
            other.document,
            make.interpretation(medical, first + timedelta(hours=3)),
        ),
        2: (later.document,),
        3: (make.interpretation(later, day_moment(3) + timedelta(hours=1)),),
    }

    newest = sorted(issued, key=lambda item: item.document.published, reverse=True)
    quoted_medical = [
        i.document for i in newest if i.topic.name == MEDICAL and "《" in i.document.title
    ]
    interpretations = sorted(
        (doc for doc in base if doc.column == NHC_ZCJD and doc.seed is None),
        key=lambda doc: doc.published,
        reverse=True,
    )
    revisions = {
        1: (
            Revision(quoted_medical[1].id, WORDS.revised_clauses[0]),
            Revision(interpretations[2].id, WORDS.revised_clauses[1]),
        )
    }
    reposts = {0: quoted_medical[0], 1: medical.document}
    return _Corpus(Timeline(base, additions, revisions, revise_notice), reposts)
