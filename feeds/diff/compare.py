"""Diffs of two texts, sentence by sentence then word or character: unified text or HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from html import escape, unescape

from feeds.diff.inline import DELETE, EQUAL, INSERT, Piece, block_diff
from feeds.diff.sentences import BREAK, Sentence, joined, split_sentences

CONTEXT = 2
MAX_PARAGRAPHS = 40
COMPARISONS_KEPT = 64
GAP = "<p>…</p>"
NO_CHANGE = "<p>正文无变化 (no change in the text)</p>"
_WORDY = re.compile(r"\w")
_MARKS = {DELETE: "del", INSERT: "ins"}
_TAG = re.compile(r"<[^>]*>")
DEL_STYLE = "background:#fdd;color:#900;text-decoration:line-through"
INS_STYLE = "background:#dfd;color:#060;text-decoration:underline"

Opcode = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Comparison:
    """Two texts as sentences, how the sentences align, and the pieces of each changed block."""

    old: tuple[Sentence, ...]
    new: tuple[Sentence, ...]
    opcodes: tuple[Opcode, ...]
    changed: dict[tuple[int, int], list[Piece]]

    def hunks(self, context: int) -> list[list[Opcode]]:
        """The changed blocks with up to `context` unchanged sentences around each, grouped as
        SequenceMatcher.get_grouped_opcodes does (it cannot be called twice: it edits the
        matcher's opcodes in place)."""
        codes = list(self.opcodes)
        if codes and codes[0][0] == "equal":
            tag, i1, i2, j1, j2 = codes[0]
            codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
        if codes and codes[-1][0] == "equal":
            tag, i1, i2, j1, j2 = codes[-1]
            codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
        groups: list[list[Opcode]] = [[]]
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal" and i2 - i1 > 2 * context:
                groups[-1].append((tag, i1, i1 + context, j1, j1 + context))
                groups.append([])
                i1, j1 = i2 - context, j2 - context
            groups[-1].append((tag, i1, i2, j1, j2))
        return [group for group in groups if any(op[0] != "equal" for op in group)]

    def pieces(self, opcode: Opcode) -> list[Piece]:
        tag, i1, _, j1, j2 = opcode
        return [(EQUAL, joined(self.new[j1:j2]))] if tag == "equal" else self.changed[i1, j1]


@lru_cache(maxsize=COMPARISONS_KEPT)
def compare(old: str, new: str) -> Comparison:
    """Align the sentences of `old` and `new`, then diff inside each changed block."""
    a, b = split_sentences(old), split_sentences(new)
    keys_a, keys_b = [s.key for s in a], [s.key for s in b]
    opcodes = tuple(SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes())
    changed = {
        (i1, j1): block_diff(a[i1:i2], b[j1:j2])
        for tag, i1, i2, j1, j2 in opcodes
        if tag != "equal"
    }
    return Comparison(a, b, opcodes, changed)


def unified_diff(
    old: str, new: str, from_label: str = "old", to_label: str = "new", context: int = CONTEXT
) -> str:
    """A unified diff with one sentence per line; '' when both texts hold the same sentences."""
    comparison = compare(old, new)
    lines: list[str] = []
    for hunk in comparison.hunks(context):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = hunk[0], hunk[-1]
        lines.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@")
        for tag, a1, a2, b1, b2 in hunk:
            if tag == "equal":
                lines += [f" {s.text}" for s in comparison.new[b1:b2]]
            else:
                lines += [f"-{s.text}" for s in comparison.old[a1:a2]]
                lines += [f"+{s.text}" for s in comparison.new[b1:b2]]
    if not lines:
        return ""
    return "\n".join([f"--- {from_label}", f"+++ {to_label}", *lines, ""])


def render_diff(
    old: str, new: str, *, context: int = 0, max_paragraphs: int | None = MAX_PARAGRAPHS
) -> str:
    """HTML paragraphs of what changed, with <ins> and <del> inside them and up to `context`
    unchanged sentences around each change, "…" for the rest; all text escaped."""
    comparison = compare(old, new)
    rendered: list[str] = []
    shown = (0, 0)
    for hunk in comparison.hunks(context):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = hunk[0], hunk[-1]
        if (i1, j1) != shown:
            rendered.append(GAP)
        rendered += _paragraphs([piece for op in hunk for piece in comparison.pieces(op)])
        shown = (i2, j2)
    if not rendered:
        return NO_CHANGE
    if shown != (len(comparison.old), len(comparison.new)):
        rendered.append(GAP)
    if max_paragraphs is not None:
        rendered = _capped(rendered, max_paragraphs)
    return "\n".join(rendered)


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _paragraphs(pieces: list[Piece]) -> list[str]:
    """Paragraphs of pieces, split at every line break; where both sides break lines between
    two unchanged breaks, the old paragraphs are shown first, then the new ones."""
    rendered: list[str] = []
    for segment in _split(pieces, {EQUAL}):
        breaks = {tag for tag, text in segment if BREAK in text}
        if {DELETE, INSERT} <= breaks:
            old = [piece for piece in segment if piece[0] != INSERT]
            new = [piece for piece in segment if piece[0] != DELETE]
            rendered += _lines(old) + _lines(new)
        else:
            rendered += _lines(segment)
    return rendered


def _split(pieces: list[Piece], at: set[str]) -> list[list[Piece]]:
    """The pieces cut at the line breaks inside pieces tagged as in `at`."""
    parts: list[list[Piece]] = [[]]
    for tag, text in pieces:
        first, *rest = text.split(BREAK) if tag in at else [text]
        parts[-1].append((tag, first))
        parts += [[(tag, part)] for part in rest]
    return parts


def _lines(pieces: list[Piece]) -> list[str]:
    return [html for line in _split(pieces, {EQUAL, DELETE, INSERT}) for html in _paragraph(line)]


def _paragraph(line: list[Piece]) -> list[str]:
    """One paragraph with its changes marked inline, or, when nothing wordy in it is kept, the
    old paragraph deleted and the new one inserted."""
    pieces = [(tag, text) for tag, text in line if text]
    if not pieces:
        return []
    edits = {tag for tag, _ in pieces} - {EQUAL}
    if not edits or any(tag == EQUAL and _WORDY.search(text) for tag, text in pieces):
        return [f"<p>{''.join(_marked(tag, text) for tag, text in pieces)}</p>"]
    sides = [side for side in (DELETE, INSERT) if side in edits]
    texts = {side: "".join(text for tag, text in pieces if tag in (EQUAL, side)) for side in sides}
    return [f"<p>{_marked(side, texts[side])}</p>" for side in sides if texts[side].strip()]


def _marked(tag: str, text: str) -> str:
    if tag == EQUAL:
        return escape(text)
    return f"<{_MARKS[tag]}>{escape(text)}</{_MARKS[tag]}>"


def _capped(rendered: list[str], limit: int) -> list[str]:
    hidden = sum(paragraph != GAP for paragraph in rendered[limit:])
    if not hidden:
        return rendered
    return [*rendered[:limit], f"<p>… 另有 {hidden} 段 ({hidden} more)</p>"]


def with_inline_styles(diff_html: str) -> str:
    """`diff_html` with its marks coloured and struck through by inline styles, which survive
    feed readers that drop style sheets."""
    return diff_html.replace("<del>", f'<del style="{DEL_STYLE}">').replace(
        "<ins>", f'<ins style="{INS_STYLE}">'
    )


def plain_diff(diff_html: str) -> str:
    """`diff_html` as text for readers without HTML: a line per paragraph, removals as `[-…-]`,
    additions as `{+…+}`."""
    marked = diff_html.replace("<del>", "[-").replace("</del>", "-]")
    marked = marked.replace("<ins>", "{+").replace("</ins>", "+}")
    lines = (unescape(_TAG.sub("", line)) for line in marked.split("\n"))
    return "\n".join(line for line in lines if line.strip())
