"""Split Chinese text into sentences (at 。！？； and line breaks), the units diffs compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

from feeds.text import one_line, xml_safe

BREAK = "\n"
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]+[”’」』）)]*|[^。！？；]+")


@dataclass(frozen=True)
class Sentence:
    """One sentence on one line (whitespace collapsed); `ends_paragraph` when its line ends."""

    text: str
    ends_paragraph: bool

    @property
    def key(self) -> str:
        """What comparisons look at: the text without whitespace, as content hashes do."""
        return "".join(self.text.split())


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text`, XML-safe, paragraph by paragraph; blank lines are dropped."""
    found: list[Sentence] = []
    for line in xml_safe(text).splitlines():
        parts = [part for part in map(one_line, _SENTENCE.findall(line)) if part]
        found += [Sentence(part, k == len(parts) - 1) for k, part in enumerate(parts)]
    return tuple(found)


def joined(sentences: tuple[Sentence, ...]) -> str:
    """The sentences as one text, a line break closing each paragraph."""
    return "".join(s.text + BREAK if s.ends_paragraph else s.text for s in sentences)
