"""Links between policies in their life: a draft and the final policy, a 解读 and the policy it
explains, an implementation and the national policy, a repeal and the policy repealed."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.identity import WENHAO, normalize_wenhao
from storage.models import Document, Policy, PolicyLink, Version, utcnow

DRAFT_OF, INTERPRETS, IMPLEMENTS, REPEALS = PolicyLink.KINDS
BY_TITLE, BY_WENHAO = "title:", "wenhao:"

_NOT_ISSUER = re.compile(r".*(?:废止|失效|同时|根据|按照|依据|落实|贯彻|执行|印发|简称|文件)")
_NAME = re.compile(r"《([^《》]{2,80})》")
_DRAFT = re.compile(r"[（(]?征求意见稿[）)]?")
_SENTENCE = re.compile(r"[^。；;！!\n]+[。；;！!]?")
_REPEAL = re.compile(r"废止|失效|停止执行")
_IMPLEMENTS = re.compile(r"贯彻落实|贯彻|落实|实施方案|实施意见|实施细则")
_NATIONAL = ("国发", "国办", "国药监", "国卫", "国科", "工信部", "发改")
EVIDENCE_CHARS = 300


@dataclass(frozen=True)
class Found:
    """A link read from a policy's own words: its kind, whom it names, and the words."""

    kind: str
    target: str
    evidence: str


def cited_wenhao(text: str) -> list[str]:
    """The 文号 cited in `text`, without the words before them (`同时废止`, `根据`, `原` …)."""
    cited = (_NOT_ISSUER.sub("", match.group(0)).strip() for match in WENHAO.finditer(text))
    return [wenhao.removeprefix("原") for wenhao in cited]


def read_links(title: str, text: str, own_wenhao: str | None) -> list[Found]:
    """What a version says about other policies: from its title (征求意见稿, 解读, 实施) and
    from the sentences of its text that repeal or cite by 文号 or by 《name》."""
    found = list(_from_title(title, text, own_wenhao))
    for sentence in _SENTENCE.findall(text):
        if _REPEAL.search(sentence) and "征求意见" not in sentence:
            found += _targets(REPEALS, sentence, own_wenhao)
    return list({(link.kind, link.target): link for link in found}.values())


class Worded(Protocol):
    """What a version says: a stored Version, or the words of one just written."""

    title: str
    text: str
    attachment_text: str
    wenhao: str | None


def link_policy(
    session: Session, policy_id: int, version: Worded, *, new_policy: bool = False
) -> list[PolicyLink]:
    """Store the links `version` of a document of the policy makes, and those other policies
    made to it that were waiting for it to be known; returns the links made. A `new_policy`
    has made none yet."""
    text = f"{version.text}\n{version.attachment_text}"
    made = []
    stored = [] if new_policy else _links_from(session, policy_id)
    known = {(link.kind, link.target) for link in stored}
    for found in read_links(version.title, text, version.wenhao):
        if (found.kind, found.target) in known:
            continue
        link = PolicyLink(
            from_policy_id=policy_id,
            to_policy=_resolve(session, found.target, policy_id),
            kind=found.kind,
            target=found.target,
            evidence=found.evidence[:EVIDENCE_CHARS],
            found_at=utcnow(),
        )
        session.add(link)
        made.append(link)
    session.flush()
    _resolve_waiting(session, policy_id, version)
    return made


def links_of(session: Session, policy_id: int) -> tuple[list[PolicyLink], list[PolicyLink]]:
    """The links a policy makes and the links made to it."""
    outgoing = session.scalars(
        select(PolicyLink).where(PolicyLink.from_policy_id == policy_id).order_by(PolicyLink.id)
    ).all()
    incoming = session.scalars(
        select(PolicyLink).where(PolicyLink.to_policy_id == policy_id).order_by(PolicyLink.id)
    ).all()
    return list(outgoing), list(incoming)


def links_from(
    session: Session, policy_ids: Collection[int], kind: str
) -> dict[int, list[PolicyLink]]:
    """The links of `kind` each of the policies makes, in the order they were found."""
    found: dict[int, list[PolicyLink]] = {}
    links = session.scalars(
        select(PolicyLink)
        .where(PolicyLink.from_policy_id.in_(policy_ids), PolicyLink.kind == kind)
        .order_by(PolicyLink.id)
    )
    for link in links:
        found.setdefault(link.from_policy_id, []).append(link)
    return found


def target_label(link: PolicyLink) -> str:
    """The policy named, as the text names it: its 文号 or 《name》."""
    kind, _, value = link.target.partition(":")
    return value if f"{kind}:" == BY_WENHAO else f"《{value}》"


def _from_title(title: str, text: str, own_wenhao: str | None) -> Iterator[Found]:
    names = _NAME.findall(title)
    if "征求意见" in title:
        for name in names:
            yield Found(DRAFT_OF, BY_TITLE + _DRAFT.sub("", name).strip(), title)
    elif "解读" in title:
        yield from _targets(INTERPRETS, f"{title}\n{_first_sentence(text)}", own_wenhao)
    elif _IMPLEMENTS.search(title):
        for sentence in _SENTENCE.findall(text[:1000]):
            if _IMPLEMENTS.search(sentence):
                national = [w for w in cited_wenhao(sentence) if w.startswith(_NATIONAL)]
                yield from (Found(IMPLEMENTS, BY_WENHAO + key, sentence) for key in _keys(national))


def _targets(kind: str, words: str, own_wenhao: str | None) -> Iterator[Found]:
    own = normalize_wenhao(own_wenhao)
    keys = [key for key in _keys(cited_wenhao(words)) if key != own]
    yield from (Found(kind, BY_WENHAO + key, words.strip()) for key in keys)
    if not keys:
        for name in _NAME.findall(words):
            yield Found(kind, BY_TITLE + _DRAFT.sub("", name).strip(), words.strip())


def _keys(wenhao: list[str]) -> list[str]:
    return [key for key in map(normalize_wenhao, wenhao) if key]


def _first_sentence(text: str) -> str:
    sentences = _SENTENCE.findall(text)
    return sentences[0] if sentences else ""


def _links_from(session: Session, policy_id: int) -> list[PolicyLink]:
    return list(session.scalars(select(PolicyLink).where(PolicyLink.from_policy_id == policy_id)))


def _resolve(session: Session, target: str, source_id: int) -> Policy | None:
    """The stored policy a target names: by normalized 文号, else the newest whose title
    quotes the 《name》 (not a draft nor a 解读 of it)."""
    if target.startswith(BY_WENHAO):
        found = session.scalar(
            select(Policy).where(Policy.wenhao_key == target.removeprefix(BY_WENHAO)).limit(1)
        )
        return found if found is not None and found.id != source_id else None
    name = target.removeprefix(BY_TITLE)
    candidates = session.scalars(
        select(Policy)
        .join(Document, Document.policy_id == Policy.id)
        .join(Version, Version.id == Document.current_version_id)
        .where(Version.title.contains(f"《{name}》"))
        .order_by(Policy.id.desc())
    )
    for candidate in candidates:
        if candidate.id != source_id and not _is_draft_or_reading(candidate.title):
            return candidate
    return None


def _is_draft_or_reading(title: str) -> bool:
    return "征求意见" in title or "解读" in title


def _resolve_waiting(session: Session, policy_id: int, version: Worded) -> None:
    """Point the links that name this policy (its 文号, or a 《name》 its title quotes) and
    knew no stored policy for it at it."""
    if _is_draft_or_reading(version.title):
        return
    targets = [BY_TITLE + name for name in _NAME.findall(version.title)]
    if key := normalize_wenhao(version.wenhao):
        targets.append(BY_WENHAO + key)
    if not targets:
        return
    waiting = session.scalars(
        select(PolicyLink).where(
            PolicyLink.to_policy_id.is_(None),
            PolicyLink.target.in_(targets),
            PolicyLink.from_policy_id != policy_id,
        )
    )
    for link in waiting:
        link.to_policy_id = policy_id
    session.flush()
