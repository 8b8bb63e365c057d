"""Generated policy documents in the style of the real sites, each made from a seeded random."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from replica.attachment_formats import attachment_format
from replica.corpus.model import MOST_GFXWJ, Attachment, Document
from replica.corpus.seeds import Placement, load_seeds
from replica.words import MEDICAL, Record, words

WORDS = words("most")
CHINESE_DIGITS = "零一二三四五六七八九"

DATE_LIKE_INDEX_FROM = date(2025, 7, 1)
WENHAO_VARIANTS = (("[", "]"), ("（", "）"), ("【", "】"))


@dataclass(frozen=True)
class Spec:
    """What to make: a document of a topic in a column, published at a moment, maybe from a seed."""

    column: str
    topic: str
    published: datetime
    placement: Placement | None = None


@dataclass(frozen=True)
class _Issuer:
    agency: str
    short: str
    wenhao_prefix: str


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, for clause and section numbers up to 99."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[units] if units else "")


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def build(spec: Spec, doc_id: int, taken: set[str]) -> Document:
    """The document for `spec`; `taken` holds the titles already used and receives this one."""
    rng = random.Random(f"most-document-{doc_id}")
    if spec.placement is not None:
        document = _from_seed(spec, spec.placement, doc_id, rng)
    else:
        document = _generated(spec, doc_id, rng, taken)
    taken.add(document.title)
    return document


def _path(published: datetime, doc_id: int) -> str:
    """The page's path relative to its column folder: `YYYYMM/tYYYYMMDD_ID.html`."""
    return f"{published:%Y%m}/t{published:%Y%m%d}_{doc_id}.html"


def _from_seed(spec: Spec, placement: Placement, doc_id: int, rng: random.Random) -> Document:
    seed = load_seeds()[placement.seed]
    title = placement.title or seed.title
    if title is None:
        raise ValueError(f"seed {seed.name} has no headline: give its placement a title")
    return Document(
        id=doc_id,
        column=spec.column,
        path=_path(spec.published, doc_id),
        title=title,
        published=spec.published,
        written=spec.published.date(),
        agency=placement.agency,
        wenhao=placement.wenhao,
        listed_wenhao=placement.wenhao,
        index_no=_index_no(spec.published, rng),
        paragraphs=seed.paragraphs,
        attachments=(),
        topic=MEDICAL,
        modified=spec.published,
        seed=placement.seed,
    )


def _generated(spec: Spec, doc_id: int, rng: random.Random, taken: set[str]) -> Document:
    topic = WORDS.topics[spec.topic]
    written = spec.published.date() - timedelta(days=rng.randint(0, 12))
    issuer = _issuer(spec.column, topic, rng)
    wenhao = _wenhao(spec.column, issuer, topic, written.year, rng)
    while True:
        subject = rng.choice(topic.subjects)
        aspect = rng.choice(WORDS.document_aspects)
        if spec.column == MOST_GFXWJ and rng.random() < 0.8:
            name = f"{subject}{aspect}{rng.choice(WORDS.document_kinds)}"
            title = f"{rng.choice((issuer.short, ''))}关于印发《{name}》的通知"
            paragraphs = _issuing_notice(name, subject, topic, issuer, written, rng)
        else:
            title = _notice_title(issuer, subject, aspect, spec.published.year, rng)
            paragraphs = _notice(subject, topic, issuer, written, wenhao, spec.column, rng)
        if title not in taken:
            break
    return Document(
        id=doc_id,
        column=spec.column,
        path=_path(spec.published, doc_id),
        title=title,
        published=spec.published,
        written=written,
        agency=issuer.agency,
        wenhao=wenhao,
        listed_wenhao=_listed(wenhao, rng),
        index_no=_index_no(spec.published, rng),
        paragraphs=paragraphs,
        attachments=_attachments(title, subject, spec.published, rng),
        topic=topic.name,
        modified=spec.published,
    )


def _issuer(column: str, topic: Record, rng: random.Random) -> _Issuer:
    draw = rng.random()
    if column == MOST_GFXWJ and draw > 0.8:
        agency = f"{WORDS.ministry} {topic.partner}"
        return _Issuer(agency, f"{WORDS.ministry_short} {topic.partner_short}", "国科发")
    if draw > 0.45:
        return _Issuer(
            WORDS.general_office, WORDS.general_office_short, rng.choice(("国科办", "国科办函"))
        )
    return _Issuer(WORDS.ministry, WORDS.ministry_short, "国科发")


def _wenhao(
    column: str, issuer: _Issuer, topic: Record, year: int, rng: random.Random
) -> str | None:
    if column != MOST_GFXWJ and rng.random() < 0.4:
        return None
    office = rng.choice((topic.wenhao_office, topic.wenhao_office, "规", "政", "资", "区"))
    return f"{issuer.wenhao_prefix}{office}〔{year}〕{rng.randint(1, 380)}号"


def _listed(wenhao: str | None, rng: random.Random) -> str | None:
    """The 文号 as the list page prints it: now and then with other brackets."""
    if wenhao is None or rng.random() >= 0.2:
        return wenhao
    left, right = rng.choice(WENHAO_VARIANTS)
    return wenhao.replace("〔", left).replace("〕", right)


def _index_no(published: datetime, rng: random.Random) -> str:
    if published.date() >= DATE_LIKE_INDEX_FROM:
        return f"{published:%Y-%m}-{rng.randint(1, 400):05d}"
    return f"306-01-{published.year}-{rng.randint(1, 999):06d}"


def _notice_title(issuer: _Issuer, subject: str, aspect: str, year: int, rng: random.Random) -> str:
    forms = (
        f"关于组织开展{year}年度{subject}{aspect}项目申报工作的通知",
        f"{issuer.short}关于征集{subject}典型应用案例的通知",
        f"关于公布{year}年度{subject}{aspect}名单的通知",
        f"关于国家重点研发计划“{subject}”重点专项{year}年度项目申报指南的通知",
        f"关于{year}年度{subject}{aspect}拟立项项目的公示",
        f"{issuer.short}关于加强{subject}{aspect}工作的通知",
        f"关于举办{year}年{subject}创新创业大赛的通知",
    )
    return rng.choice(forms)


def _issuing_notice(
    name: str, subject: str, topic: Record, issuer: _Issuer, written: date, rng: random.Random
) -> tuple[str, ...]:
    kind = name[-2:]
    chosen = sorted(rng.sample(range(len(WORDS.clauses)), rng.randint(5, 9)))
    middle = [
        WORDS.clauses[i].format(
            k=kind, subject=subject, focus=topic.focus, ministry=WORDS.ministry_short
        )
        for i in chosen
    ]
    clauses = [
        f"为加快推进{subject}相关工作，规范管理，根据《中华人民共和国科学技术进步法》等有关规定，"
        f"制定本{kind}。",
        *middle,
        f"本{kind}由{WORDS.ministry_short}负责解释，自印发之日起施行。",
    ]
    return (
        WORDS.addressees,
        f"为深入贯彻落实党中央、国务院关于{subject}发展的决策部署，{issuer.short}研究制定了"
        f"《{name}》。现印发给你们，请结合实际认真贯彻执行。",
        issuer.agency.replace(" ", "\u3000"),
        chinese_date(written),
        "（此件主动公开）",
        name,
        *(f"第{chinese_number(n)}条\u3000{text}" for n, text in enumerate(clauses, 1)),
    )


def _notice(
    subject: str,
    topic: Record,
    issuer: _Issuer,
    written: date,
    wenhao: str | None,
    column: str,
    rng: random.Random,
) -> tuple[str, ...]:
    sections = WORDS.notice_sections[: rng.randint(3, len(WORDS.notice_sections))]
    body = []
    for n, (heading, text) in enumerate(sections, 1):
        body += [f"{chinese_number(n)}、{heading}", text.format(subject=subject, focus=topic.focus)]
    lead = [wenhao] if wenhao and column != MOST_GFXWJ else []
    return (
        *lead,
        WORDS.addressees,
        f"为做好{subject}相关工作，推动{topic.focus}创新发展，现将有关事项通知如下。",
        *body,
        f"联系人及电话：{rng.choice('王李张刘陈杨赵周')}老师\u3000"
        f"010-5888{rng.randint(1000, 9999)}",
        issuer.agency.replace(" ", "\u3000"),
        chinese_date(written),
    )


def _attachments(
    title: str, subject: str, published: datetime, rng: random.Random
) -> tuple[Attachment, ...]:
    if rng.random() < 0.55:
        return ()
    names = (
        title.partition("《")[2].partition("》")[0] or f"{subject}申报指南",
        "申报书模板",
        "推荐汇总表",
    )
    count = rng.randint(1, len(names))
    numbers = rng.sample(range(100000, 1000000), count)
    return tuple(
        Attachment(
            name=f"附件{n}：{names[n - 1]}.{extension}",
            path=f"P0{published:%Y%m%d}{number}.{extension}",
            scanned=scanned,
        )
        for n, number in enumerate(numbers, 1)
        for extension, scanned in (attachment_format(n, number),)
    )
