"""What readers see of a policy's life and attachments: the links to other policies in words,
whether it was repealed, and each attachment's type, size and whether its text changed."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session, object_session

from storage.models import Attachment, Document, Policy, PolicyLink, Version
from storage.policy_links import REPEALS, links_from, links_of, target_label

_OUTGOING = {
    "draft_of": "征求意见稿，定稿为 draft of",
    "interprets": "解读 interprets",
    "implements": "贯彻落实 implements",
    "repeals": "废止 repeals",
}
_INCOMING = {
    "draft_of": "征求意见稿 draft",
    "interprets": "解读 interpreted by",
    "implements": "落实文件 implemented by",
    "repeals": "已被废止 repealed by",
}
_STATUS = {
    "ok": "",
    "no_text_layer": "扫描件，无文字层 no text layer",
    "unsupported": "未能读取 not read",
    "failed": "读取出错 extraction failed",
    "refused": "已拒绝 refused",
}


@dataclass(frozen=True)
class Step:
    """One link of the chain as shown: what it is, the policy on its other end (its page's
    document id when stored), and the words it was found in."""

    label: str
    name: str
    document_id: int | None
    evidence: str


@dataclass(frozen=True)
class Lineage:
    steps: list[Step]
    repealed_by: list[Step]


@dataclass(frozen=True)
class AttachmentFacts:
    attachment: Attachment
    size: str
    status: str
    text_changed: bool


def lineage(session: Session, policy_id: int | None) -> Lineage:
    """The links a policy makes and those made to it, the repeals of it apart."""
    if policy_id is None:
        return Lineage([], [])
    outgoing, incoming = links_of(session, policy_id)
    steps = [_step(_OUTGOING[link.kind], link, link.to_policy) for link in outgoing]
    made_to = [_step(_INCOMING[link.kind], link, link.from_policy) for link in incoming]
    steps += [step for step, link in zip(made_to, incoming, strict=True) if link.kind != REPEALS]
    repealed = [step for step, link in zip(made_to, incoming, strict=True) if link.kind == REPEALS]
    return Lineage(steps, repealed)


def repeals_line(policy: Policy) -> str:
    """`废止 repeals 国科发社〔2020〕93号、…` when the policy repeals others, else empty."""
    session = object_session(policy)
    if session is None or policy.id is None:
        return ""
    return repeals_lines(session, [policy.id]).get(policy.id, "")


def repeals_lines(session: Session, policy_ids: Collection[int]) -> dict[int, str]:
    """The repeals line of each of the policies that repeal others, read in one query."""
    return {
        policy_id: f"{_OUTGOING[REPEALS]} {'、'.join(target_label(link) for link in links)}"
        for policy_id, links in links_from(session, policy_ids, REPEALS).items()
    }


def attachment_facts(document: Document, version: Version) -> list[AttachmentFacts]:
    """`version`'s attachments, each with its size, how its text was read, and whether its
    text differs from the attachment at the same URL in the version before."""
    before = _previous(document, version)
    earlier = {a.url: a for a in before.attachments} if before else {}
    return [
        AttachmentFacts(
            attachment=attachment,
            size=human_size(attachment.size),
            status=_STATUS.get(attachment.text_status or "", ""),
            text_changed=attachment.url in earlier
            and earlier[attachment.url].text != attachment.text,
        )
        for attachment in version.attachments
    ]


def human_size(size: int | None) -> str:
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _previous(document: Document, version: Version) -> Version | None:
    earlier = [v for v in document.versions if v.number < version.number]
    return earlier[-1] if earlier else None


def _step(label: str, link: PolicyLink, other: Policy | None) -> Step:
    shown = None
    if other is not None:
        shown = other.primary_document or min(other.documents, key=lambda d: d.id, default=None)
    return Step(
        label=label,
        name=other.title if other else target_label(link),
        document_id=shown.id if shown else None,
        evidence=link.evidence,
    )
