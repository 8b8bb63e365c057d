"""Tell the issuer of a document (the body in whose name it is issued) from its department."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract import collapse_space

_DEPARTMENT = re.compile(r"^[^省市县区部委院府]{1,14}(?:司|处|科|室|中心)$")
_OUTLET = re.compile(r"网站?$|^本站$|新闻|报$|杂志")


def is_department(name: str) -> bool:
    """Whether `name` is a unit of a body (装备工业一司, 法规司, 医疗器械注册管理司)."""
    return bool(_DEPARTMENT.match(name))


def issuer_and_department(names: Iterable[str | None]) -> tuple[str | None, str | None]:
    """The first issuer and the first department among `names`, best first; a news outlet or
    website (`中国政府网`, `本站`) is neither."""
    issuer = department = None
    for raw in names:
        name = collapse_space(raw or "")
        if not name or _OUTLET.search(name):
            continue
        if is_department(name):
            department = department or name
        else:
            issuer = issuer or name
    return issuer, department
