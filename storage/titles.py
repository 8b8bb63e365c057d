"""Whether two titles can name one policy: not a notice and its 解读, nor two issues of a form."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_INTERPRETATION = re.compile(r"解读|图解|答记者问|答问|问答|一图读懂|一图看懂|划重点|政策解析")
_NAME = re.compile(r"《(.+?)》")
_ISSUER = re.compile(r"^.*?关于")
_ISSUING = re.compile(r"^(印发|转发|发布|公布)")
_KIND = re.compile(r"的(通知|公告|通告|通报|函|批复|意见|决定|公示)$")
_DECORATION = re.compile(r"[【\[(](转载|全文|附全文|原文)[】\])]|全文$")
_NOT_WORD = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+")
SLIP = 2
SKELETON = 5


def is_interpretation(title: str) -> bool:
    """A 解读, 图解 or 答记者问 of a policy rather than the policy itself."""
    return bool(_INTERPRETATION.search(title))


def title_core(title: str) -> str:
    """What a title names: the 《…》 name, else the title without issuer, 关于印发 and 的通知."""
    text = _DECORATION.sub("", unicodedata.normalize("NFKC", title))
    if name := _NAME.search(text):
        return _NOT_WORD.sub("", name[1])
    text = _ISSUING.sub("", _ISSUER.sub("", _NOT_WORD.sub("", text), count=1))
    return _KIND.sub("", text)


def compatible_titles(a: str, b: str) -> bool:
    """False for a policy and its 解读, and for titles of one template filled in differently."""
    if is_interpretation(a) != is_interpretation(b):
        return False
    core_a, core_b = title_core(a), title_core(b)
    if not core_a or not core_b or core_a in core_b or core_b in core_a:
        return True
    if _NAME.search(a) and _NAME.search(b):
        return _own_characters(core_a, core_b) <= SLIP
    numbers_a, numbers_b = set(_NUMBER.findall(core_a)), set(_NUMBER.findall(core_b))
    if numbers_a - numbers_b and numbers_b - numbers_a:
        return False
    return not _substituted(core_a, core_b)


def _substituted(a: str, b: str) -> bool:
    """The titles share a skeleton (half the shorter one, or `SKELETON` characters: 关于征集…
    典型案例), and neither is the other with words added: each has characters of its own, more
    than a one-character slip."""
    shared = _shared_characters(a, b)
    own_a, own_b = len(a) - shared, len(b) - shared
    skeleton = 2 * shared >= min(len(a), len(b)) or shared >= SKELETON
    return skeleton and own_a > 0 and own_b > 0 and own_a + own_b > SLIP


def _own_characters(a: str, b: str) -> int:
    """How many characters of the two titles the other lacks: two 《names》 that differ by
    more than a slip name two documents."""
    return len(a) + len(b) - 2 * _shared_characters(a, b)


def _shared_characters(a: str, b: str) -> int:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())
