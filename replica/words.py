"""The words replica documents are made of, read from one JSON file a site in `replica/data/`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

MEDICAL = "medical"
DATA = Path(__file__).parent / "data"


class Record(dict[str, Any]):
    """A JSON object whose keys read as attributes; hashable, since its values are frozen."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return Record((key, _frozen(item)) for key, item in value.items())
    return value


@cache
def words(name: str) -> Record:
    """The word lists of `replica/data/<name>.json`."""
    return _frozen(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")))
