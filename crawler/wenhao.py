"""Finding a 文号 (document number) in text, in any of its bracket spellings."""

from __future__ import annotations

import re

WENHAO = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号"
)
HEAD_CHARACTERS = 400


def find_wenhao(text: str | None) -> str | None:
    """The first 文号 in the opening of a body text, where notices state their own number."""
    if not text:
        return None
    match = WENHAO.search(text[:HEAD_CHARACTERS])
    return match.group(0) if match else None
