"""Feed files kept in memory per version on disk: one read, one hash, one gzip and one
Content-Security-Policy per version."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from policywatch.web.files import FeedFiles

FEED = b"<?xml version='1.0'?><rss><channel>" + "<item>医疗器械</item>".encode() * 40


def _request(**headers: str) -> Request:
    return Request(EnvironBuilder(path="/all.rss", headers=headers).get_environ())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "all.rss").write_bytes(FEED)
    return tmp_path


def test_a_file_is_read_and_gzipped_once_per_version(folder: Path) -> None:
    files = FeedFiles(folder)
    first = files.answer(_request(**{"Accept-Encoding": "gzip"}), "all.rss")
    cached = files._body("all.rss")
    again = files.answer(_request(**{"Accept-Encoding": "gzip"}), "all.rss")
    assert first is not None and again is not None and cached is not None
    assert gzip.decompress(again.get_data()) == FEED
    assert again.headers["ETag"] == first.headers["ETag"]
    assert files._body("all.rss") is cached and cached.gzipped is not None


def test_a_file_rewritten_on_disk_is_read_again(folder: Path) -> None:
    files = FeedFiles(folder)
    before = files.answer(_request(), "all.rss")
    changed = FEED.replace("医疗器械".encode(), "医用耗材".encode())
    assert len(changed) == len(FEED)
    (folder / "all.rss").write_bytes(changed)
    os.utime(folder / "all.rss", ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    after = files.answer(_request(), "all.rss")
    assert before is not None and after is not None
    assert after.get_data() == changed
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_current_copy_gets_a_304_and_plain_clients_the_plain_bytes(folder: Path) -> None:
    files = FeedFiles(folder)
    plain = files.answer(_request(), "all.rss")
    assert plain is not None and plain.get_data() == FEED
    assert "Content-Encoding" not in plain.headers
    again = files.answer(_request(**{"If-None-Match": plain.headers["ETag"]}), "all.rss")
    assert again is not None and again.status_code == 304


def test_only_the_latest_files_stay_in_memory(folder: Path) -> None:
    for name in ("a.atom", "b.atom", "c.atom"):
        (folder / name).write_bytes(FEED)
    files = FeedFiles(folder, capacity=2)
    for name in ("a.atom", "b.atom", "c.atom"):
        assert files.answer(_request(), name) is not None
    assert [Path(path).name for path in files._bodies] == ["b.atom", "c.atom"]


@pytest.mark.parametrize("path", ["../secret.rss", ".hidden.rss", "notes.txt", "missing.rss", "."])
def test_no_answer_outside_the_feed_files(folder: Path, path: str) -> None:
    (folder / ".hidden.rss").write_bytes(FEED)
    (folder / "notes.txt").write_bytes(b"x")
    assert FeedFiles(folder).answer(_request(), path) is None


def test_a_cached_diff_page_carries_the_policy_of_its_own_style(folder: Path) -> None:
    style = b"del{color:#b00}"
    (folder / "diff.html").write_bytes(b"<html><style>" + style + b"</style><del>x</del></html>")
    digest = base64.b64encode(hashlib.sha256(style).digest()).decode()
    files = FeedFiles(folder)
    request = Request(EnvironBuilder(path="/diff.html").get_environ())
    for answer in (files.answer(request, "diff.html"), files.answer(request, "diff.html")):
        assert answer is not None
        assert f"style-src 'sha256-{digest}';" in answer.headers["Content-Security-Policy"]
    feed = files.answer(_request(), "all.rss")
    assert feed is not None and "style-src 'none'" in feed.headers["Content-Security-Policy"]
