"""One line saying what a revision changed: fields, paragraphs, attachments."""

from __future__ import annotations

from difflib import SequenceMatcher

from storage.models import Attachment, Version

FIELDS = (
    ("title", "标题 (title)"),
    ("wenhao", "文号"),
    ("issuer", "发文机关 (issuer)"),
    ("department", "发布部门 (department)"),
    ("published_on", "发布日期 (published)"),
    ("written_on", "成文日期 (written)"),
    ("index_no", "索引号 (index no.)"),
)


def change_summary(old: Version | None, new: Version) -> str:
    """E.g. `文号 changed; 2 paragraphs revised; 1 attachment replaced`."""
    parts = [
        f"{label} changed"
        for name, label in FIELDS
        if old is not None and getattr(old, name) != getattr(new, name)
    ]
    parts += _paragraph_counts(old.text if old else "", new.text)
    parts += _attachment_counts(old.attachments if old else [], new.attachments)
    return "; ".join(parts) or "no visible change"


def _paragraphs(text: str) -> list[str]:
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]


def _paragraph_counts(old: str, new: str) -> list[str]:
    a, b = _paragraphs(old), _paragraphs(new)
    counts = {"revised": 0, "added": 0, "removed": 0}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "replace":
            paired = min(i2 - i1, j2 - j1)
            counts["revised"] += paired
            counts["removed"] += i2 - i1 - paired
            counts["added"] += j2 - j1 - paired
        elif tag == "delete":
            counts["removed"] += i2 - i1
        elif tag == "insert":
            counts["added"] += j2 - j1
    return [_count(n, "paragraph", what) for what, n in counts.items() if n]


def _attachment_counts(old: list[Attachment], new: list[Attachment]) -> list[str]:
    before = {a.name: (a.url, a.sha256) for a in old}
    after = {a.name: (a.url, a.sha256) for a in new}
    counts = {
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
        "replaced": sum(before[name] != after[name] for name in before.keys() & after.keys()),
    }
    return [_count(n, "attachment", what) for what, n in counts.items() if n]


def _count(n: int, noun: str, what: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'} {what}"
