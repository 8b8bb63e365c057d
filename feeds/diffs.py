"""Render a compact HTML diff of two texts: only the changed paragraphs, with <ins> and <del>."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

from feeds.text import one_line, xml_safe

MAX_PARAGRAPHS = 40
MAX_PAIRINGS = 2500
_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
_MIN_SIMILARITY = 0.4
_MIN_SHARED_BIGRAMS = 0.25


def render_diff(old: str, new: str, max_paragraphs: int = MAX_PARAGRAPHS) -> str:
    """HTML paragraphs for what changed from `old` to `new`; all text escaped."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    matcher = SequenceMatcher(None, old_paragraphs, new_paragraphs, autojunk=False)
    rendered: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            rendered += _changed(old_paragraphs[i1:i2], new_paragraphs[j1:j2])
    if not rendered:
        return "<p>正文无变化 (no change in the text)</p>"
    hidden = len(rendered) - max_paragraphs
    if hidden > 0:
        rendered = [*rendered[:max_paragraphs], f"<p>… 另有 {hidden} 段 ({hidden} more)</p>"]
    return "\n".join(rendered)


def _paragraphs(text: str) -> list[str]:
    return [one_line(line) for line in xml_safe(text).splitlines() if line.strip()]


def _changed(old: list[str], new: list[str]) -> list[str]:
    """Pair each changed paragraph with its most similar counterpart, as difflib.Differ does."""
    if len(old) * len(new) > MAX_PAIRINGS:
        paired = [html for pair in zip(old, new, strict=False) for html in _inline(*pair)]
        return paired + _whole("del", old[len(new) :]) + _whole("ins", new[len(old) :])
    old_grams, new_grams = [_bigrams(p) for p in old], [_bigrams(p) for p in new]
    shared = [[len(a & b) / len(a | b) for b in new_grams] for a in old_grams]

    def align(i1: int, i2: int, j1: int, j2: int) -> list[str]:
        score, i, j = max(
            ((shared[i][j], i, j) for i in range(i1, i2) for j in range(j1, j2)),
            default=(0.0, i1, j1),
        )
        if score < _MIN_SHARED_BIGRAMS:
            return _whole("del", old[i1:i2]) + _whole("ins", new[j1:j2])
        return align(i1, i, j1, j) + _inline(old[i], new[j]) + align(i + 1, i2, j + 1, j2)

    return align(0, len(old), 0, len(new))


def _bigrams(paragraph: str) -> set[str]:
    return {paragraph[k : k + 2] for k in range(max(len(paragraph) - 1, 1))}


def _whole(tag: str, paragraphs: list[str]) -> list[str]:
    return [f"<p><{tag}>{escape(p)}</{tag}></p>" for p in paragraphs]


def _inline(old: str, new: str) -> list[str]:
    """One paragraph with its changed words marked, or two when little of it is left."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < _MIN_SIMILARITY:
        return _whole("del", [old]) + _whole("ins", [new])
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            parts.append(removed)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return [f"<p>{''.join(parts)}</p>"]
