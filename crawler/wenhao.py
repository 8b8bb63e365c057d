"""Finding a 文号 (document number) in text, in any of its bracket spellings."""

from __future__ import annotations

import re

from storage.identity import WENHAO

HEAD_CHARACTERS = 400
HEAD_LINES = 4
_WRAPPING = " \t\u3000\xa0()（）"
_FORWARDED = re.compile(r"现将[^。]*?[(（]\s*(" + WENHAO.pattern + r")\s*[)）][^。]*?转发")


def find_wenhao(text: str | None) -> str | None:
    """The 文号 a body states as a line of its own in its opening, as notices number themselves,
    or, for a forwarding notice, the one of the document it forwards (`现将…（文号）转发给你们`).

    A 文号 cited inside another sentence (`…的意见》（国药监妆〔2025〕18号，以下简称…`) is
    another document's, not this one's.
    """
    if not text:
        return None
    head = text[:HEAD_CHARACTERS]
    for line in head.splitlines()[:HEAD_LINES]:
        bare = line.strip(_WRAPPING)
        if (match := WENHAO.search(bare)) and match.group(0) == bare:
            return bare
    forwarded = _FORWARDED.search(head)
    return forwarded.group(1) if forwarded else None
