"""Finding a 文号 (document number) in text, in any of its bracket spellings."""

from __future__ import annotations

from storage.identity import WENHAO

HEAD_CHARACTERS = 400


def find_wenhao(text: str | None) -> str | None:
    """The first 文号 in the opening of a body text, where notices state their own number."""
    if not text:
        return None
    match = WENHAO.search(text[:HEAD_CHARACTERS])
    return match.group(0) if match else None
