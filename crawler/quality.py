"""Telling corrupted body text from real text: `s%s` placeholder runs, replacement characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

GARBLED = "garbled"
_PLACEHOLDER_RUN = re.compile(r"(?:s%s[\s,.;:]*){3,}")
_REPLACEMENT = "\ufffd"
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class TextQuality:
    """How much of a text is corrupted, as a share of its word characters."""

    corrupted_share: float

    @property
    def garbled(self) -> bool:
        return self.corrupted_share >= GARBLED_SHARE

    @property
    def unusable(self) -> bool:
        return self.corrupted_share >= UNUSABLE_SHARE


GARBLED_SHARE = 0.02
UNUSABLE_SHARE = 0.8


def assess(text: str) -> TextQuality:
    """Measure the corrupted runs in `text`; an empty text is wholly unusable."""
    words = len(_WORD.findall(text))
    if not words:
        return TextQuality(1.0)
    corrupted = sum(len(_WORD.findall(m.group(0))) for m in _PLACEHOLDER_RUN.finditer(text))
    corrupted += text.count(_REPLACEMENT)
    return TextQuality(min(1.0, corrupted / words))
