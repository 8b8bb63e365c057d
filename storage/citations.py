"""The policies a text cites by title and 文号, as an implementation plan cites the policy it
implements: `根据《…的意见》（国办发〔2024〕53号）`."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.identity import normalize_wenhao
from storage.models import Policy, Version

CITATION = re.compile(
    r"《[^》]{4,120}》\s*[(（]\s*([\u4e00-\u9fff]{1,16}\s*[〔\[［(（【]\s*(?:19|20)\d{2}\s*"
    r"[〕\]］)）】]\s*第?\s*\d{1,5}\s*号)"
)


def cited_keys(text: str, own_wenhao: str | None = None) -> set[str]:
    """The normalized 文号 of the documents `text` cites, its own left out."""
    keys = {normalize_wenhao(match[1]) for match in CITATION.finditer(text)}
    return {key for key in keys if key} - {normalize_wenhao(own_wenhao)}


def cited_policies(session: Session, version: Version) -> list[Policy]:
    """The stored policies `version`'s text cites, oldest first."""
    keys = cited_keys(version.text or "", version.wenhao)
    if not keys:
        return []
    query = select(Policy).where(Policy.wenhao_key.in_(keys)).order_by(Policy.id)
    return list(session.scalars(query))
