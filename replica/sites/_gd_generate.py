"""Generated Guangdong documents (粤府, 粤府办, 粤办函, 粤药监 …), each from a seeded random."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.model import Attachment, Document
from replica.sites._gd_columns import GDMPA_GZWJ, GDMPA_YLQX, HOSTS, attachment_path, page_path
from replica.words import Record, words

WORDS = words("gd")

ISSUING = "issuing"
OPINION = "opinion"
NOTICE = "notice"
REPLY = "reply"
ANNOUNCEMENT = "announcement"
MPA_ISSUING = "mpa_issuing"
MPA_NOTICE = "mpa_notice"
MPA_ANNOUNCEMENT = "mpa_announcement"
INTERPRETATION = "interpretation"

FOLDERS = {"粤府": "yf", "粤府办": "yfb", "粤府函": "yfh", "粤办函": "ybh"}
"""The 文件库 sub-folder of each 文号 prefix (粤办函 → ybh: unconfirmed)."""

WENHAO_VARIANTS = (("[", "]"), ("（", "）"), ("【", "】"))
MPA_REGULATOR = "省药品监督管理局"


@dataclass(frozen=True)
class Spec:
    """What to make: a document of a kind and topic in a source, published at a moment."""

    source: str
    topic: str
    kind: str
    published: datetime


@dataclass
class Taken:
    """Titles and 文号 already used, so that no two generated documents share them."""

    titles: set[str] = field(default_factory=set)
    wenhao: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Words:
    """What one document says: its subject, plan name and the words its sentences take."""

    subject: str
    focus: str
    department: str
    year: int
    city: str
    name: str
    noun: str

    def fill(self, pattern: str) -> str:
        return pattern.format(
            subject=self.subject,
            focus=self.focus,
            department=self.department,
            year=self.year,
            end=self.year + 2,
            city=self.city,
            name=self.name,
            noun=self.noun,
        )


def build(spec: Spec, doc_id: int, taken: Taken) -> Document:
    """The document for `spec`, with a title and 文号 nobody in `taken` has; records both."""
    rng = random.Random(f"gd-document-{doc_id}")
    issuer, prefix = _issuer(spec.kind, rng)
    written = spec.published.date() - timedelta(days=rng.randint(1, 15))
    wenhao = _wenhao(prefix, written.year, rng, taken) if prefix else None
    topic = _topics(spec.source)[spec.topic]
    while True:
        words = _words(spec, topic, rng)
        title = _title(spec.kind, issuer, words, rng)
        if title not in taken.titles:
            break
    taken.titles.add(title)
    paragraphs = BODIES[spec.kind](issuer, words, written, rng)
    folder = FOLDERS.get(prefix or "", "")
    return Document(
        id=doc_id,
        column=spec.source,
        path=page_path(spec.source, folder, doc_id),
        host=HOSTS[spec.source],
        title=title,
        published=spec.published,
        written=written,
        agency=issuer.agency,
        wenhao=wenhao,
        listed_wenhao=_listed(wenhao, rng),
        index_no=index_no(issuer, spec.published, rng),
        category=topic.category,
        paragraphs=paragraphs,
        attachments=_attachments(words, doc_id, rng),
        topic=spec.topic,
        modified=spec.published,
        folder=folder,
    )


def index_no(issuer: Record, published: datetime, rng: random.Random) -> str:
    """`006939748/2024-00123`: the issuer's code, the year and a running number."""
    return f"{issuer.index_code}/{published.year}-{rng.randint(1, 999):05d}"


def _topics(source: str) -> dict[str, Record]:
    return WORDS.mpa_topics if source in (GDMPA_GZWJ, GDMPA_YLQX) else WORDS.portal_topics


def _issuer(kind: str, rng: random.Random) -> tuple[Record, str | None]:
    if kind in (ISSUING, OPINION):
        return (
            (WORDS.government, "粤府") if rng.random() < 0.35 else (WORDS.general_office, "粤府办")
        )
    return {
        NOTICE: (WORDS.general_office, "粤办函"),
        REPLY: (WORDS.government, "粤府函"),
        ANNOUNCEMENT: (WORDS.general_office, None),
        MPA_ISSUING: (WORDS.drug_administration, "粤药监规"),
        MPA_NOTICE: (WORDS.drug_administration, "粤药监办"),
        MPA_ANNOUNCEMENT: (WORDS.drug_administration, None),
        INTERPRETATION: (WORDS.drug_administration, None),
    }[kind]


def _wenhao(prefix: str, year: int, rng: random.Random, taken: Taken) -> str:
    top = 400 if prefix.endswith("函") else 60
    while (wenhao := f"{prefix}〔{year}〕{rng.randint(1, top)}号") in taken.wenhao:
        pass
    taken.wenhao.add(wenhao)
    return wenhao


def _listed(wenhao: str | None, rng: random.Random) -> str | None:
    """The 文号 as a list row or the API prints it: now and then with other brackets."""
    if wenhao is None or rng.random() >= 0.2:
        return wenhao
    left, right = rng.choice(WENHAO_VARIANTS)
    return wenhao.replace("〔", left).replace("〕", right)


def _words(spec: Spec, topic: Record, rng: random.Random) -> _Words:
    subject = rng.choice(topic.subjects)
    mpa = spec.source in (GDMPA_GZWJ, GDMPA_YLQX)
    name_pattern, noun = rng.choice(WORDS.mpa_plan_names if mpa else WORDS.plan_names)
    year = spec.published.year
    name = name_pattern.format(subject=subject, year=year, end=year + 2)
    return _Words(
        subject=subject,
        focus=topic.focus,
        department=MPA_REGULATOR if mpa else topic.department,
        year=year,
        city=rng.choice(WORDS.cities),
        name=name,
        noun=noun,
    )


def _title(kind: str, issuer: Record, words: _Words, rng: random.Random) -> str:
    if kind in (ISSUING, MPA_ISSUING):
        quoted = kind == MPA_ISSUING or rng.random() < 0.5
        name = f"《{words.name}》" if quoted else words.name
        return f"{issuer.agency}关于印发{name}的通知"
    patterns = {
        OPINION: WORDS.opinion_titles,
        NOTICE: WORDS.notice_titles,
        REPLY: WORDS.reply_titles,
        ANNOUNCEMENT: WORDS.announcement_titles,
        MPA_NOTICE: WORDS.mpa_notice_titles,
        MPA_ANNOUNCEMENT: WORDS.mpa_announcement_titles,
        INTERPRETATION: WORDS.interpretation_titles,
    }[kind]
    return words.fill(rng.choice(patterns).replace("{agency}", issuer.agency))


def _signature(issuer: Record, written: date) -> tuple[str, ...]:
    return (issuer.agency, chinese_date(written))


def _sections(
    words: _Words, sections: tuple[tuple[str, str], ...], rng: random.Random
) -> list[str]:
    extra = sorted(rng.sample(range(2, len(sections)), rng.randint(1, len(sections) - 2)))
    chosen = [*sections[:2], *(sections[i] for i in extra)]
    lines = []
    for n, (heading, text) in enumerate(chosen, 1):
        lines += [f"{chinese_number(n)}、{heading}", words.fill(text)]
    return lines


def _plan(words: _Words, rng: random.Random) -> list[str]:
    if words.noun in ("办法", "规程", "细则"):
        middle = sorted(
            rng.sample(range(2, len(WORDS.clauses)), rng.randint(3, len(WORDS.clauses) - 2))
        )
        clauses = [words.fill(WORDS.clauses[i]) for i in (0, 1, *middle)]
        clauses.append(f"本{words.noun}自印发之日起施行，有效期5年。")
        return [f"第{chinese_number(n)}条\u3000{text}" for n, text in enumerate(clauses, 1)]
    lead = (
        f"为深入贯彻落实党中央、国务院决策部署，加快推动{words.subject}高质量发展，"
        f"结合我省实际，制定本{words.noun}。"
    )
    return [lead, *_sections(words, WORDS.plan_sections, rng)]


def _issuing(issuer: Record, words: _Words, written: date, rng: random.Random) -> tuple[str, ...]:
    if issuer == WORDS.drug_administration:
        request = (
            f"现将《{words.name}》印发给你们，请遵照执行。执行中遇到的问题，请及时向我局反映。"
        )
    else:
        request = (
            f"《{words.name}》已经省人民政府同意，现印发给你们，请认真组织实施。"
            f"实施过程中遇到的问题，请径向{words.department}反映。"
        )
    return (
        issuer.addressees,
        request,
        *_signature(issuer, written),
        words.name,
        *_plan(words, rng),
        "公开方式：主动公开",
    )


def _opinion(issuer: Record, words: _Words, written: date, rng: random.Random) -> tuple[str, ...]:
    return (
        issuer.addressees,
        f"为加快{words.subject}发展，经省人民政府同意，现提出如下意见。",
        *_sections(words, WORDS.plan_sections, rng),
        *_signature(issuer, written),
        "公开方式：主动公开",
    )


def _notice(issuer: Record, words: _Words, written: date, rng: random.Random) -> tuple[str, ...]:
    sections = WORDS.mpa_sections if issuer == WORDS.drug_administration else WORDS.plan_sections
    return (
        issuer.addressees,
        f"为做好{words.subject}相关工作，现就有关事项通知如下：",
        *_sections(words, sections, rng),
        f"联系人：{rng.choice('王李张刘陈杨黄吴')}{rng.choice(('先生', '女士'))}，"
        f"电话：020-8{rng.randint(1000000, 9999999)}",
        *_signature(issuer, written),
    )


def _reply(issuer: Record, words: _Words, written: date, rng: random.Random) -> tuple[str, ...]:
    sections = [words.fill(text) for text in WORDS.reply_sections]
    return (
        f"{words.city}市人民政府：",
        f"你市《关于{words.subject}有关事项的请示》收悉。经研究，现批复如下：",
        *(f"{chinese_number(n)}、{text}" for n, text in enumerate(sections, 1)),
        *_signature(issuer, written),
    )


def _announcement(
    issuer: Record, words: _Words, written: date, rng: random.Random
) -> tuple[str, ...]:
    return (
        f"根据有关规定，经研究，现将{words.year}年{words.subject}有关情况予以公告。",
        f"公告期为{rng.choice((5, 7, 10))}个工作日。如有异议，请于公告期内以书面形式向"
        f"{words.department}反映。",
        *_signature(issuer, written),
    )


def _interpretation(
    issuer: Record, words: _Words, written: date, rng: random.Random
) -> tuple[str, ...]:
    return (
        f"近日，{issuer.agency}印发了《{words.name}》。现就有关内容解读如下：",
        *_sections(words, WORDS.interpretation_sections, rng),
        f"解读机关：{issuer.agency}",
        f"解读人及联系方式：{rng.choice('王李张刘陈杨黄吴')}科长，"
        f"020-3{rng.randint(1000000, 9999999)}",
    )


BODIES: dict[str, Callable[[Record, _Words, date, random.Random], tuple[str, ...]]] = {
    ISSUING: _issuing,
    OPINION: _opinion,
    NOTICE: _notice,
    REPLY: _reply,
    ANNOUNCEMENT: _announcement,
    MPA_ISSUING: _issuing,
    MPA_NOTICE: _notice,
    MPA_ANNOUNCEMENT: _announcement,
    INTERPRETATION: _interpretation,
}


def _attachments(words: _Words, doc_id: int, rng: random.Random) -> tuple[Attachment, ...]:
    if rng.random() < 0.6:
        return ()
    names = (f"{words.subject}重点任务分工表", f"{words.subject}项目汇总表", "申报材料清单")
    count = rng.randint(1, len(names))
    first = rng.randint(300000, 1400000)
    return tuple(
        Attachment(
            name=f"附件{n}：{names[n - 1]}",
            path=attachment_path(first + n, doc_id, rng.choice(("pdf", "doc", "xls"))),
        )
        for n in range(1, count + 1)
    )
