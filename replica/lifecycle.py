"""The replica's policies in their life: a consultation draft (day 1) and the final policy it
became (day 3), which repeals an older one, and a 解读 (day 1) of a published policy."""

from __future__ import annotations

from dataclasses import replace

from replica.corpus.model import LEGACY_BEFORE, MOST_GFXWJ, Document

DRAFT_NAME = "医疗装备创新平台管理办法"
INTERPRETATION, DRAFT, FINAL = "interpretation", "draft", "final"
ROLES = {(1, 1): INTERPRETATION, (1, 3): DRAFT, (3, 1): FINAL}


def in_its_life(day: int, offset: int, doc: Document, current: dict[int, Document]) -> Document:
    """The `offset`-th document added on `day`, given its part in a policy's life, if any."""
    role = ROLES.get((day, offset))
    if role == INTERPRETATION:
        return _interpretation(doc, _published(current, legacy=False)[0])
    if role == DRAFT:
        return _draft(doc)
    if role == FINAL:
        return _final(doc, _published(current, legacy=True)[-1])
    return doc


def _published(current: dict[int, Document], *, legacy: bool) -> list[Document]:
    """Medical 印发 notices with a 文号, old (before 2021) or newer, oldest first."""
    found = [
        doc
        for doc in current.values()
        if doc.column == MOST_GFXWJ and doc.medical and doc.seed is None and doc.wenhao
        and "《" in doc.title and (doc.published.date() < LEGACY_BEFORE) == legacy
    ]  # fmt: skip
    return sorted(found, key=lambda doc: (doc.published, doc.id))


def _name(doc: Document) -> str:
    return doc.title.partition("《")[2].partition("》")[0]


def _interpretation(doc: Document, explained: Document) -> Document:
    name = _name(explained)
    return replace(
        doc,
        title=f"《{name}》政策解读",
        wenhao=None,
        listed_wenhao=None,
        paragraphs=(
            f"近日，科技部印发了《{name}》（{explained.wenhao}）。为便于社会各界理解和执行，"
            "现就有关内容解读如下。",
            "一、出台背景。医疗装备是卫生健康事业的重要物质基础，推动国产医疗装备科技成果转化"
            "是提升产业链供应链韧性的重要举措。",
            "二、主要内容。文件明确了成果转化的重点方向、支持方式和组织实施要求，"
            "鼓励医疗卫生机构、高校和企业协同开展临床验证。",
            "三、保障措施。各地科技管理部门要加强统筹协调，做好政策宣传和跟踪评估。",
        ),
    )


def _draft(doc: Document) -> Document:
    return replace(
        doc,
        title=f"关于公开征求《{DRAFT_NAME}（征求意见稿）》意见的通知",
        wenhao=None,
        listed_wenhao=None,
        paragraphs=(
            f"为加快医疗装备创新平台建设，科技部起草了《{DRAFT_NAME}（征求意见稿）》，"
            "现向社会公开征求意见。",
            "有关单位和个人可通过电子邮件提出意见建议，反馈截止时间为2026年3月3日。",
            "附件：医疗装备创新平台管理办法（征求意见稿）",
            "科技部办公厅",
        ),
    )


def _final(doc: Document, repealed: Document) -> Document:
    return replace(
        doc,
        title=f"科技部关于印发《{DRAFT_NAME}》的通知",
        paragraphs=(
            "各省、自治区、直辖市及计划单列市科技厅（委、局），有关单位：",
            f"为规范医疗装备创新平台建设和运行管理，科技部制定了《{DRAFT_NAME}》，"
            "现印发给你们，请认真贯彻执行。",
            f"本办法自印发之日起施行。《{_name(repealed)}》（{repealed.wenhao}）同时废止。",
            "科技部",
        ),
    )
