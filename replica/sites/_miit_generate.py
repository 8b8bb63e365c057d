"""Generated MIIT documents in the ministry's style, each made from a seeded random."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from replica.corpus.generate import chinese_date, chinese_number
from replica.corpus.model import Attachment, Document
from replica.corpus.seeds import load_seeds
from replica.sites._miit_columns import ATTACHMENT_ROOT, TZ, YJ, ZBYS, ZCJD, page_path
from replica.words import MEDICAL, Record, words

WORDS = words("miit")

ISSUE = "issue"
JOINT_ISSUE = "joint_issue"
OFFICE_WORK = "office_work"
NAMED_LIST = "named_list"
CALL = "call"
OPINION = "opinion"
INTERPRETATION = "interpretation"
LIBRARY_FORMS = frozenset({ISSUE, JOINT_ISSUE, OFFICE_WORK, OPINION})
FORMS = {
    TZ: ((JOINT_ISSUE, 2), (ISSUE, 3), (OFFICE_WORK, 3), (NAMED_LIST, 1), (CALL, 1)),
    ZBYS: ((ISSUE, 2), (OFFICE_WORK, 4), (NAMED_LIST, 2), (CALL, 2)),
    YJ: ((OPINION, 1),),
    ZCJD: ((INTERPRETATION, 1),),
}
WENHAO_VARIANTS = (("[", "]"), ("（", "）"), ("【", "】"))
CHINESE_COUNTS = "零一两三四五六七八九十"


@dataclass(frozen=True)
class Spec:
    """What to make: a document of a topic and form in a column, published at a moment."""

    column: str
    topic: str
    form: str
    published: datetime


@dataclass(frozen=True)
class Fixed:
    """A document whose title, 文号 and department are given rather than drawn."""

    subject: str
    name: str
    title: str
    wenhao: str
    department: str
    partners: tuple[str, ...]


@dataclass(frozen=True)
class SeedPlacement:
    """A seed text reposted as a 政策解读 article, with the outlet it came from."""

    seed: str
    title: str
    published: datetime
    outlet: str


@dataclass
class Taken:
    """Titles and 文号 already used, so that no two documents share them by accident."""

    titles: set[str]
    wenhao: set[str]


def draw_form(column: str, rng: random.Random) -> str:
    forms, weights = zip(*FORMS[column], strict=True)
    return rng.choices(forms, weights=weights)[0]


def build(spec: Spec, serial: int, taken: Taken, fixed: Fixed | None = None) -> Document:
    """The document for `spec`; `taken` receives its title and 文号."""
    rng = random.Random(f"miit-document-{serial}")
    key = f"{rng.getrandbits(128):032x}"
    topic = WORDS.topics[spec.topic]
    written = spec.published.date() - timedelta(days=rng.randint(0, 10))
    department = fixed.department if fixed else topic.department
    while True:
        subject = rng.choice(topic.subjects)
        name = f"{subject}{rng.choice(WORDS.aspects)}{rng.choice(WORDS.document_kinds)}"
        partners = rng.sample(topic.partners, rng.randint(1, len(topic.partners)))
        title = _title(spec, topic, subject, name, len(partners) + 1, rng)
        if fixed is not None:
            subject, name, title = fixed.subject, fixed.name, fixed.title
            partners = list(fixed.partners)
        if title not in taken.titles:
            break
    wenhao = fixed.wenhao if fixed else _wenhao(spec, topic, written.year, rng, taken)
    taken.titles.add(title)
    if wenhao:
        taken.wenhao.add(wenhao)
    body = _body(spec, topic, subject, name, partners, written, rng)
    return Document(
        id=key,
        column=spec.column,
        path=page_path(spec.column, spec.published, key),
        title=title,
        published=spec.published,
        written=written,
        agency=WORDS.ministry,
        source=department if spec.form != INTERPRETATION else _outlet(department, rng),
        wenhao=wenhao,
        listed_wenhao=_listed(wenhao, rng),
        paragraphs=((wenhao,) if wenhao else ()) + body,
        attachments=_attachments(spec, subject, name, rng),
        topic=spec.topic,
        in_library=spec.form in LIBRARY_FORMS and spec.column != ZCJD,
        modified=spec.published,
    )


def from_seed(placement: SeedPlacement, serial: int, taken: Taken) -> Document:
    """A seed text reposted in 政策解读 as the outlet printed it."""
    rng = random.Random(f"miit-document-{serial}")
    taken.titles.add(placement.title)
    key = f"{rng.getrandbits(128):032x}"
    return Document(
        id=key,
        column=ZCJD,
        path=page_path(ZCJD, placement.published, key),
        title=placement.title,
        published=placement.published,
        written=placement.published.date(),
        agency=WORDS.ministry,
        source=placement.outlet,
        wenhao=None,
        listed_wenhao=None,
        paragraphs=load_seeds()[placement.seed].paragraphs,
        attachments=(),
        topic=MEDICAL,
        in_library=False,
        modified=placement.published,
        seed=placement.seed,
    )


def _title(
    spec: Spec, topic: Record, subject: str, name: str, signers: int, rng: random.Random
) -> str:
    year = spec.published.year
    aspect = rng.choice(WORDS.aspects)
    titles = {
        JOINT_ISSUE: f"工业和信息化部等{_count(signers)}部门关于印发《{name}》的通知",
        ISSUE: f"{WORDS.ministry}关于印发《{name}》的通知",
        OFFICE_WORK: f"{WORDS.general_office}关于开展{year}年{subject}{aspect}工作的通知",
        NAMED_LIST: f"{WORDS.general_office}关于公布{year}年{subject}典型应用案例名单的通知",
        CALL: f"关于征集{subject}{aspect}典型案例的通知",
        OPINION: f"工业和信息化部等{_count(signers)}部门关于{rng.choice(WORDS.opinion_verbs)}"
        f"{subject}{aspect}的指导意见",
        INTERPRETATION: rng.choice(
            (
                f"《{name}》解读",
                f"一图读懂《{name}》",
                f"{topic.department}负责同志就《{name}》答记者问",
                f"专家解读：以{subject}{aspect}助力新型工业化",
            )
        ),
    }
    return titles[spec.form]


def _count(n: int) -> str:
    return CHINESE_COUNTS[n] if n <= 10 else chinese_number(n)


def _outlet(department: str, rng: random.Random) -> str:
    return department if rng.random() < 0.6 else rng.choice(WORDS.department_sources)


def _wenhao(spec: Spec, topic: Record, year: int, rng: random.Random, taken: Taken) -> str | None:
    if spec.form in (CALL, INTERPRETATION):
        return None
    prefix = {
        JOINT_ISSUE: f"工信部联{topic.office}",
        OPINION: f"工信部联{topic.office}",
        ISSUE: f"工信部{topic.office}",
        OFFICE_WORK: f"工信厅{topic.office}函",
        NAMED_LIST: f"工信厅{topic.office}函",
    }[spec.form]
    while True:
        wenhao = f"{prefix}〔{year}〕{rng.randint(1, 420)}号"
        if wenhao not in taken.wenhao:
            return wenhao


def _listed(wenhao: str | None, rng: random.Random) -> str | None:
    """The 文号 as the search API prints it: now and then with other brackets."""
    if wenhao is None or rng.random() >= 0.25:
        return wenhao
    left, right = rng.choice(WENHAO_VARIANTS)
    return wenhao.replace("〔", left).replace("〕", right)


def _body(
    spec: Spec,
    topic: Record,
    subject: str,
    name: str,
    partners: list[str],
    written: date,
    rng: random.Random,
) -> tuple[str, ...]:
    words = {"subject": subject, "focus": topic.focus, "name": name}
    if spec.form in (ISSUE, JOINT_ISSUE):
        return _issuing(spec.form, name, subject, topic, partners, written, rng)
    if spec.form == OPINION:
        return _opinion(subject, topic, partners, written)
    if spec.form == INTERPRETATION:
        lead = f"近日，{WORDS.ministry}印发《{name}》。为做好贯彻落实工作，现就有关内容解读如下。"
        answers = [
            line.format(**words)
            for n, (question, answer) in enumerate(WORDS.interview_questions, 1)
            for line in (f"{chinese_number(n)}、{question}", f"答：{answer}")
        ]
        return (lead, *answers)
    return _work_notice(spec, subject, topic, written, rng)


def _issuing(
    form: str,
    name: str,
    subject: str,
    topic: Record,
    partners: list[str],
    written: date,
    rng: random.Random,
) -> tuple[str, ...]:
    kind = next((kind for kind in WORDS.document_kinds if name.endswith(kind)), name[-2:])
    words = {"subject": subject, "focus": topic.focus, "kind": kind}
    signers = [WORDS.ministry, *partners] if form == JOINT_ISSUE else [WORDS.ministry]
    head = (
        WORDS.joint_addressees
        if form == JOINT_ISSUE and topic.name == MEDICAL
        else WORDS.addressees,
        f"为贯彻落实党中央、国务院决策部署，推动{subject}产业高质量发展，现将《{name}》"
        "印发给你们，请结合实际认真贯彻落实。",
        "\u3000".join(signers),
        chinese_date(written),
        name,
    )
    if kind in ("管理办法", "实施指南"):
        chosen = sorted(rng.sample(range(len(WORDS.rule_clauses)), rng.randint(4, 7)))
        clauses = [
            f"为规范{subject}相关工作，根据有关法律法规，制定本{kind}。",
            *(WORDS.rule_clauses[i].format(**words) for i in chosen),
            f"本{kind}自印发之日起施行。",
        ]
        return head + tuple(
            f"第{chinese_number(n)}条\u3000{text}" for n, text in enumerate(clauses, 1)
        )
    sections = WORDS.plan_sections[: rng.randint(4, len(WORDS.plan_sections))]
    lines = []
    for n, (heading, text) in enumerate(sections, 1):
        lines += [f"{chinese_number(n)}、{heading}", text.format(**words)]
    return head + tuple(lines)


def _opinion(subject: str, topic: Record, partners: list[str], written: date) -> tuple[str, ...]:
    words = {"subject": subject, "focus": topic.focus}
    return (
        WORDS.addressees,
        f"{subject}是制造强国和网络强国建设的重要支撑。为加快{subject}高质量发展，现提出如下意见。",
        "一、总体要求",
        "（一）指导思想。" + WORDS.plan_sections[0][1].format(**words),
        "（二）主要目标。" + WORDS.plan_sections[1][1].format(**words),
        "二、重点任务",
        "（三）加强技术攻关。" + WORDS.plan_sections[2][1].format(**words),
        "（四）深化推广应用。" + WORDS.plan_sections[3][1].format(**words),
        "三、保障措施",
        "（五）强化组织实施。" + WORDS.plan_sections[5][1].format(**words),
        "\u3000".join([WORDS.ministry, *partners]),
        chinese_date(written),
    )


def _work_notice(
    spec: Spec, subject: str, topic: Record, written: date, rng: random.Random
) -> tuple[str, ...]:
    year = spec.published.year
    words = {"subject": subject, "focus": topic.focus}
    signer = WORDS.general_office if spec.form != CALL else f"{WORDS.ministry}{topic.department}"
    if spec.form == NAMED_LIST:
        body = [
            f"根据{year}年{subject}典型应用案例征集工作安排，经企业申报、地方推荐、专家评审和"
            f"网上公示，确定了{year}年{subject}典型应用案例名单（见附件），现予以公布。",
            "希望入选单位进一步加大创新投入，发挥示范带动作用。各地工业和信息化主管部门要加强"
            "宣传推广，推动典型案例复制应用。",
        ]
    else:
        body = [f"为推动{subject}创新发展，现就组织开展相关工作有关事项通知如下："]
        for n, (heading, text) in enumerate(WORDS.work_sections[: rng.randint(3, 5)], 1):
            body += [f"{chinese_number(n)}、{heading}", text.format(**words)]
        contact = f"{rng.choice('王李张刘陈杨赵周')}老师"
        body.append(f"联系人：{contact}\u3000电话：010-6820{rng.randint(1000, 9999)}")
    return (WORDS.addressees, *body, signer, chinese_date(written))


def _attachments(spec: Spec, subject: str, name: str, rng: random.Random) -> tuple[Attachment, ...]:
    year = spec.published.year
    names = {
        NAMED_LIST: (f"{year}年{subject}典型应用案例名单.pdf",),
        CALL: (f"{subject}典型案例申报书.docx", "推荐汇总表.xlsx"),
        OFFICE_WORK: ("申报书模板.docx", "推荐汇总表.xlsx"),
        ISSUE: (f"{name}.pdf",),
        JOINT_ISSUE: (f"{name}.pdf",),
    }.get(spec.form, ())
    if not names or (spec.form in (ISSUE, JOINT_ISSUE, OFFICE_WORK) and rng.random() < 0.5):
        return ()
    folder = f"{spec.published.year}{spec.published.month}"
    numbered = len(names) > 1
    return tuple(
        Attachment(
            name=f"附件{n}：{title}" if numbered else f"附件：{title}",
            path=f"{ATTACHMENT_ROOT}{folder}/{rng.getrandbits(128):032x}.{title.rsplit('.', 1)[1]}",
        )
        for n, title in enumerate(names, 1)
    )
