"""The words of an Apprise message: one policy, or a digest of new and revised policies."""

from __future__ import annotations

from collections.abc import Sequence

from storage.models import Change

KIND_LABELS = {"new": "新政策", "revised": "政策修订"}


def policy_message(change: Change) -> tuple[str, str]:
    """The title and plain-text body of the message about one new or revised policy."""
    version = change.to_version
    assert version is not None
    facts = [
        ("文号", version.wenhao),
        ("发文机关", version.issuer),
        ("发布部门", version.department),
        ("发布日期", version.published_on and version.published_on.isoformat()),
        ("来源", change.document.source_id),
    ]
    lines = [version.title, *(f"{label}：{value}" for label, value in facts if value)]
    if change.kind == "revised" and change.from_version is not None:
        lines.append(f"版本：v{change.from_version.number} → v{version.number}")
    lines.append(change.document.url)
    return f"[{KIND_LABELS[change.kind]}] {version.title}", "\n".join(lines)


def digest_message(changes: Sequence[Change], scope: str) -> tuple[str, str]:
    """The title and plain-text body of a digest of `changes` (new and revised policies) over
    `scope` (a crawl, a day)."""
    sections = []
    counts = []
    for kind, label in KIND_LABELS.items():
        of_kind = [change for change in changes if change.kind == kind]
        if not of_kind:
            continue
        counts.append(f"{label} {len(of_kind)}")
        lines = [f"{label}（{len(of_kind)}）"]
        for change in of_kind:
            version = change.to_version
            assert version is not None
            wenhao = f"（{version.wenhao}）" if version.wenhao else ""
            lines.append(f"• {version.title}{wenhao}\n  {change.document.url}")
        sections.append("\n".join(lines))
    return f"policywatch {scope}：{'，'.join(counts)}", "\n\n".join(sections)
