"""Word (Latin) or character (Chinese) diff inside one changed block, cleaned of chance matches."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from itertools import zip_longest

from feeds.diff.sentences import Sentence, joined

EQUAL, DELETE, INSERT = "=", "-", "+"
MAX_CHAR_PAIRS = 4_000_000
_TOKEN = re.compile(r"\n|[ ]+|[A-Za-z0-9]+|.", re.DOTALL)

Piece = tuple[str, str]


def block_diff(old: tuple[Sentence, ...], new: tuple[Sentence, ...]) -> list[Piece]:
    """The pieces (EQUAL, DELETE or INSERT, text) that turn `old` into `new`.

    A block too big for one character diff (more than MAX_CHAR_PAIRS pairs of characters to
    compare) is compared sentence by sentence, in order.
    """
    old_text, new_text = joined(old), joined(new)
    if len(old_text) * len(new_text) <= MAX_CHAR_PAIRS:
        return inline_diff(old_text, new_text)
    if len(old) == len(new) == 1:
        return [(DELETE, old_text), (INSERT, new_text)]
    pairs = zip_longest(old, new)
    return _merged(piece for a, b in pairs for piece in block_diff(_only(a), _only(b)))


def inline_diff(old: str, new: str) -> list[Piece]:
    """Words and single characters compared; spacing alone is no change."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append((EQUAL, "".join(a[i1:i2])))
        else:
            pieces += [(DELETE, "".join(a[i1:i2])), (INSERT, "".join(b[j1:j2]))]
    return _ignore_spacing(_cleanup(_merged(pieces)))


def _only(sentence: Sentence | None) -> tuple[Sentence, ...]:
    return (sentence,) if sentence else ()


def _merged(pieces: Iterable[Piece]) -> list[Piece]:
    """Adjacent pieces joined: one deletion then one insertion between two equal runs."""
    merged: list[Piece] = []
    edits = {DELETE: "", INSERT: ""}
    for tag, text in [*pieces, (EQUAL, "")]:
        if tag != EQUAL:
            edits[tag] += text
            continue
        merged += [(kind, edits[kind]) for kind in (DELETE, INSERT) if edits[kind]]
        edits = {DELETE: "", INSERT: ""}
        if merged and merged[-1][0] == EQUAL:
            merged[-1] = (EQUAL, merged[-1][1] + text)
        elif text:
            merged.append((EQUAL, text))
    return merged


def _cleanup(pieces: list[Piece]) -> list[Piece]:
    """Fold into the edits each equal run no longer than the edits on both its sides (a shared
    的 or 。 between two rewritten phrases), as diff-match-patch's semantic cleanup does."""
    while True:
        for k, (tag, text) in enumerate(pieces):
            if tag == EQUAL and len(text) <= min(
                _edit_size(pieces, k, -1), _edit_size(pieces, k, 1)
            ):
                pieces = _merged([*pieces[:k], (DELETE, text), (INSERT, text), *pieces[k + 1 :]])
                break
        else:
            return pieces


def _edit_size(pieces: list[Piece], k: int, step: int) -> int:
    """The longer of the deletion and insertion next to piece `k` on the side of `step`."""
    sizes = [0]
    k += step
    while 0 <= k < len(pieces) and pieces[k][0] != EQUAL:
        sizes.append(len(pieces[k][1]))
        k += step
    return max(sizes)


def _ignore_spacing(pieces: list[Piece]) -> list[Piece]:
    """Deleted spaces dropped, inserted ones kept as unchanged text."""
    kept = [
        (EQUAL, text) if tag == INSERT and not text.strip(" ") else (tag, text)
        for tag, text in pieces
        if tag != DELETE or text.strip(" ")
    ]
    return _merged(kept)
