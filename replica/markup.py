"""Fill the HTML templates shipped in `replica/templates` with already escaped values."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_SLOT = re.compile(r"\{\{ (\w+) \}\}")


@cache
def template(name: str) -> str:
    return files("replica").joinpath("templates", name).read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """The template with each `{{ slot }}` replaced; a slot without a value is an error."""
    return _SLOT.sub(lambda match: values[match[1]], template(name))
