"""Which file format each generated attachment has, so that the corpus serves every kind."""

from __future__ import annotations

_FORMATS: dict[int, tuple[tuple[str, bool], ...]] = {
    1: (("pdf", False), ("pdf", False), ("ofd", False), ("docx", False)),
    2: (("doc", False), ("wps", False), ("pdf", True), ("zip", False)),
    3: (("xlsx", False), ("xls", False)),
}


def attachment_format(position: int, number: int) -> tuple[str, bool]:
    """The extension of the `position`-th attachment (1: the policy text, 2: a form, 3: a
    table) numbered `number`, and whether it is a scan with no text layer."""
    choices = _FORMATS[position]
    return choices[number % len(choices)]
