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


def diff_name(policy: Policy, number: int) -> str | None:
    """`diffs/<policy key>/v<N>`, the path of version N's diff files without their suffix; None
    when the key is unfit for a file name."""
    return f"diffs/{policy.key}/v{number}" if SAFE_NAME.fullmatch(policy.key) else None


def has_diff_files(out_dir: Path, change: Change, policy: Policy) -> bool:
    """Whether both diff files of the revised change are in `out_dir`."""
    name = diff_name(policy, change.to_version.number) if change.to_version else None
    return name is not None and all(
        (out_dir / f"{name}{suffix}").is_file() for suffix in (".html", ".diff")
    )


def write_diff_files(out_dir: Path, revisions: Iterable[tuple[Change, Policy]]) -> None:
    """Write the HTML page and the unified diff of each revised change, atomically and only when
    their bytes change."""
    for change, policy in revisions:
        new = change.to_version
        name = diff_name(policy, new.number) if new else None
        if new is None or name is None:
            log.warning("no diff file for change %s of policy %r", change.id, policy.key)
            continue
        files = {
            ".html": diff_page(change.document, change.from_version, new),
            ".diff": version_diff(change.from_version, new),
        }
        for suffix, text in files.items():
            write_if_changed(out_dir / f"{name}{suffix}", text.encode())
