"""Write each revision's diff as `diffs/<policy key>/v<N>.html` and `.diff` under the feeds dir."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from feeds.diff.page import diff_page, version_diff
from feeds.files import write_if_changed
from storage.models import Change, Policy

log = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def diff_name(key: str, number: int) -> str | None:
    """`diffs/<policy key>/v<N>`, the path of version N's diff files without their suffix; None
    when the key is unfit for a file name."""
    return f"diffs/{key}/v{number}" if SAFE_NAME.fullmatch(key) else None


def diff_files(name: str) -> list[str]:
    """The files of the diff `name` (see `diff_name`), as paths in the feeds folder."""
    return [f"{name}{suffix}" for suffix in (".html", ".diff")]


def diff_missing(out_dir: Path, key: str, number: int) -> bool:
    """Whether a diff file of version `number` of the policy `key` is missing from `out_dir`
    (none is expected when the key is unfit for a file name)."""
    name = diff_name(key, number)
    return name is not None and not all((out_dir / path).is_file() for path in diff_files(name))


def write_diff_files(out_dir: Path, revisions: Iterable[tuple[Change, Policy]]) -> None:
    """Write the HTML page and the unified diff of each revised change, atomically and only when
    their bytes change."""
    for change, policy in revisions:
        new = change.to_version
        name = diff_name(policy.key, new.number) if new else None
        if new is None or name is None:
            log.warning("no diff file for change %s of policy %r", change.id, policy.key)
            continue
        page, unified = (out_dir / path for path in diff_files(name))
        write_if_changed(page, diff_page(change.document, change.from_version, new).encode())
        write_if_changed(unified, version_diff(change.from_version, new).encode())
