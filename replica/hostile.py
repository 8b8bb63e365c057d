"""The hostile fault: MOST's 通知通告 list carries, beside its rows, links that attack a crawler."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import cache
from html import escape
from pathlib import Path

from replica import waf
from replica.reply import Reply, html_reply
from replica.sites import most

HOST = most.HOST
LIST_PATHS = (most.NOTICE_FOLDER, f"{most.NOTICE_FOLDER}index.html")
PAGES = f"{most.NOTICE_FOLDER}hostile/"
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
LONG_TITLE_CHARS = 100_000
BOMB_BYTES = 64 * 1024 * 1024
PUBLISHED = datetime(2026, 3, 2, 9, 0)
PARAMS = ("canary", "secret")

METADATA = "metadata.html"
CANARY_REDIRECT = "canary-redirect.html"
CANARY_REFRESH = "canary-refresh.html"
CANARY_ATTACHMENT = "canary-attachment.html"
LOOP = "loop.html"
BOMB = "bomb.html"
LONG_TITLE = "long-title.html"
CASES = (METADATA, CANARY_REDIRECT, CANARY_REFRESH, CANARY_ATTACHMENT, LOOP, BOMB, LONG_TITLE)
STORED = (CANARY_ATTACHMENT, LONG_TITLE)
BODY = (
    "为加强医疗器械注册人制度建设，现将有关事项通知如下。各单位要高度重视，"
    "认真组织实施，确保各项工作落到实处。"
)


def check_params(params: dict[str, str]) -> None:
    """The hostile fault needs `canary` (an http URL on another port) and `secret` (a file)."""
    missing = [name for name in PARAMS if not params.get(name)]
    if missing:
        raise ValueError(f"the hostile fault needs the parameter(s) {', '.join(missing)}")
    if not params["canary"].startswith("http://"):
        raise ValueError(f"canary must be an http:// URL, got {params['canary']!r}")


def long_title() -> str:
    """The title of the page whose title is LONG_TITLE_CHARS characters long."""
    words = "关于医疗器械注册人制度的通知"
    return (words * (LONG_TITLE_CHARS // len(words) + 1))[:LONG_TITLE_CHARS]


def titles() -> dict[str, str]:
    """Each hostile page's title in the list."""
    named = {case: f"关于医疗装备产业的通知（{case.removesuffix('.html')}）" for case in CASES}
    return named | {LONG_TITLE: long_title()}


def answer(path: str, params: dict[str, str], normal: Reply) -> Reply:
    """The reply to `path` under the hostile fault; `normal` is the site's own."""
    if path in LIST_PATHS and normal.status == 200:
        return _list_with_hostile_rows(normal, params)
    if path.startswith(PAGES):
        return _page(path.removeprefix(PAGES), params) or normal
    return normal


def _list_with_hostile_rows(normal: Reply, params: dict[str, str]) -> Reply:
    secret_url = Path(params["secret"]).resolve().as_uri()
    rows = [most.notice_row(secret_url, "关于医疗器械监督管理的通知（附件）", PUBLISHED)]
    rows += [
        most.notice_row(f"./hostile/{case}", title, PUBLISHED) for case, title in titles().items()
    ]
    opening = most.NOTICE_LIST_OPENING.encode()
    body = normal.body.replace(opening, opening + "".join(rows).encode("utf-8"), 1)
    return replace(normal, body=body)


def _page(case: str, params: dict[str, str]) -> Reply | None:
    canary = escape(params["canary"].rstrip("/"))
    pages: dict[str, Callable[[], Reply]] = {
        METADATA: lambda: _redirect(METADATA_URL),
        CANARY_REDIRECT: lambda: _redirect(f"{canary}/redirect"),
        CANARY_REFRESH: lambda: most.notice_page(
            titles()[CANARY_REFRESH],
            PUBLISHED,
            _paragraphs(),
            head=f'<meta http-equiv="refresh" content="0;url={canary}/refresh">',
        ),
        CANARY_ATTACHMENT: lambda: most.notice_page(
            titles()[CANARY_ATTACHMENT],
            PUBLISHED,
            _paragraphs() + f'<p><a href="{canary}/attachment.pdf">附件：实施细则.pdf</a></p>',
        ),
        LOOP: lambda: waf.redirect_loop(f"{PAGES}{LOOP}"),
        BOMB: lambda: Reply(status=200, body=_bomb(), headers=(("Content-Encoding", "gzip"),)),
        LONG_TITLE: lambda: most.notice_page(long_title(), PUBLISHED, _paragraphs()),
    }
    make = pages.get(case)
    return make() if make is not None else None


def _redirect(location: str) -> Reply:
    return html_reply(
        "<html><body>302 Found</body></html>", status=302, headers=(("Location", location),)
    )


def _paragraphs() -> str:
    return "\n".join(f'<p style="text-indent: 2em;">{BODY}（{n}）</p>' for n in range(1, 4))


@cache
def _bomb() -> bytes:
    """BOMB_BYTES of zeros, gzipped to about a thousandth of that."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))]
    return b"".join(parts) + compressor.flush()
