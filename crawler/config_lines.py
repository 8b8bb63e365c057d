"""Where a key of a TOML file is written: tomllib keeps no positions, so the text is searched."""

from __future__ import annotations

import re

HEADER = re.compile(r"^\s*\[\[?\s*(?P<path>[^\]]+?)\s*\]\]?\s*(#.*)?$")


def key_line(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line that writes `path` (a table header, or a key under the table that
    holds it), or the line of the nearest enclosing table's header; None when neither is
    written in `text`."""
    lines = text.splitlines()
    headers = [(number, _parts(match["path"])) for number, match in _headers(lines)]
    for depth in range(len(path), -1, -1):
        table, rest = path[:depth], path[depth:]
        starts = [number for number, parts in headers if parts == table]
        if not starts and table:
            continue
        start = starts[0] if starts else -1
        if not rest:
            return start + 1
        found = _key_in_table(lines, start, rest)
        if found is not None:
            return found
        if starts:
            return start + 1
    return None


def _headers(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    return [(number, match) for number, line in enumerate(lines) if (match := HEADER.match(line))]


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


def _key_in_table(lines: list[str], start: int, keys: tuple[str, ...]) -> int | None:
    """The line after `start` (up to the next header) where the first of `keys` is assigned,
    dotted (`a.b = …`) or plain; for an inline table, the line naming the last key."""
    first, last = (re.escape(keys[0]), re.escape(keys[-1]))
    assigned = re.compile(rf"^\s*[\"']?{first}[\"']?\s*(=|\.)")
    inline = re.compile(rf"[\"']?{last}[\"']?\s*=")
    fallback = None
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if HEADER.match(line):
            break
        if assigned.match(line):
            if len(keys) == 1 or inline.search(line):
                return number + 1
            fallback = fallback or number + 1
    return fallback
