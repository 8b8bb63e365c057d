"""Archive search results as a terminal table, JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any, TextIO

from crawler.dates import CHINA
from storage.export import DOCUMENT_FIELDS
from storage.search import SearchHit

SEARCH_FIELDS = (*DOCUMENT_FIELDS[:-1], "snippet")


def china_iso(moment: datetime | None) -> str | None:
    """ISO 8601 in China time, where the sources publish."""
    return moment.astimezone(CHINA).isoformat() if moment else None


def china_time(moment: datetime | None, spec: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(CHINA).strftime(spec) if moment else ""


def day_text(day: date | None) -> str:
    return day.isoformat() if day else ""


def hit_record(hit: SearchHit, fields: Sequence[str]) -> dict[str, Any]:
    """The chosen fields of a hit, its publication day and time in China time."""
    values = asdict(hit) | {
        "published_on": hit.published_on and hit.published_on.isoformat(),
        "published_at": china_iso(hit.published_at),
    }
    return {name: values[name] for name in fields}


def text_record(row: dict[str, Any]) -> dict[str, Any]:
    """An export row for a text format: its times in ISO 8601, China time, and days as
    YYYY-MM-DD."""
    return {name: _text_value(value) for name, value in row.items()}


def _text_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return china_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_records(
    out: TextIO, records: Iterable[dict[str, Any]], fields: Sequence[str], form: str
) -> int:
    """Write records as `json` (one array), `jsonl` or `csv` (with a header); return how many."""
    return _WRITERS[form](out, records, fields)


def _write_json(out: TextIO, records: Iterable[dict[str, Any]], _fields: Sequence[str]) -> int:
    count = 0
    for count, record in enumerate(records, 1):
        out.write(("[\n" if count == 1 else ",\n") + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n" if count else "[]\n")
    return count


def _write_jsonl(out: TextIO, records: Iterable[dict[str, Any]], _fields: Sequence[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(out: TextIO, records: Iterable[dict[str, Any]], fields: Sequence[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(record)
        count += 1
    return count


_WRITERS = {"json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}
RECORD_FORMATS = tuple(_WRITERS)


def hits_table(hits: Sequence[SearchHit]) -> str:
    """One line per hit (id, date, source, 文号, title) with its snippet beneath."""
    rows = [
        (str(hit.document_id), day_text(hit.published_on), hit.source, hit.wenhao) for hit in hits
    ]
    widths = [
        max(display_width(cell or "") for cell in column) for column in zip(*rows, strict=False)
    ]
    lines = []
    for row, hit in zip(rows, hits, strict=True):
        cells = [pad(row[0], widths[0], right=True)]
        cells += [pad(cell or "", width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        withdrawn = "  [withdrawn]" if hit.status == "withdrawn" else ""
        lines.append(f"{'  '.join(cells)}  {hit.title}{withdrawn}")
        lines.append(f"{' ' * (widths[0] + 2)}{hit.snippet}")
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Terminal columns: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill
