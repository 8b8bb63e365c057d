"""Render the Jinja2 templates of `replica/templates`; text values come in already escaped."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("replica", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def template(name: str) -> str:
    """A template's source, for fragments included as they are."""
    source, _, _ = _environment().loader.get_source(_environment(), name)  # type: ignore[union-attr]
    return source


def render(name: str, **values: object) -> str:
    """The template filled with `values`; a value the template uses but is not given is an error."""
    return _environment().get_template(name).render(**values)
