"""Request parameters read as hostile: each one parsed and range-checked, or a 400 naming it."""

from __future__ import annotations

import re
from datetime import date

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

MAX_ID = 2**31 - 1
MAX_TEXT = 200
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
DIGITS = re.compile(r"[0-9]{1,10}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def number(raw: str, name: str, *, low: int = 1, high: int = MAX_ID) -> int:
    """`raw` as a whole number from `low` to `high` (ASCII digits only)."""
    if not DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def optional_number(args: MultiDict[str, str], name: str, *, high: int = MAX_ID) -> int | None:
    """The argument `name` as a number from 1 to `high`, or None when it is absent or empty."""
    raw = args.get(name, "").strip()
    return number(raw, name, high=high) if raw else None


def text(raw: str, name: str) -> str:
    """`raw` stripped, refused when over `MAX_TEXT` characters or holding control characters
    (a NUL cannot even be sent to PostgreSQL)."""
    value = raw.strip()
    if len(value) > MAX_TEXT or CONTROL.search(value):
        raise BadRequest(f"{name} must be at most {MAX_TEXT} characters of text")
    return value


def day(raw: str, name: str) -> date | None:
    """`raw` as a day `YYYY-MM-DD` from 1900 to 2199, or None when empty."""
    if not raw:
        return None
    try:
        found = date.fromisoformat(raw) if DAY.fullmatch(raw) else None
    except ValueError:
        found = None
    if found is None or not FIRST_DAY <= found <= LAST_DAY:
        raise BadRequest(f"{name} must be a day as YYYY-MM-DD from {FIRST_DAY} to {LAST_DAY}")
    return found
