"""Faults injected per host and path prefix, optionally for a number of requests only."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from replica import hostile, waf
from replica.reply import CHANGED, EMPTY, NORMAL, Reply

HTTP_500 = "http_500"
SLOW = "slow"
TRUNCATED = "truncated"
WRONG_CHARSET = "wrong_charset"
EMPTY_LIST = "empty_list"
LAYOUT_CHANGED = "layout_changed"
RUISHU = "ruishu"
JSL = "jsl"
FORBIDDEN_NON_BROWSER = "forbidden_non_browser"
REDIRECT_LOOP = "redirect_loop"
HOSTILE = "hostile"

KINDS = frozenset(
    {
        HTTP_500,
        SLOW,
        TRUNCATED,
        WRONG_CHARSET,
        EMPTY_LIST,
        LAYOUT_CHANGED,
        RUISHU,
        JSL,
        FORBIDDEN_NON_BROWSER,
        REDIRECT_LOOP,
        HOSTILE,
    }
)
SLOW_SECONDS = 2.0
BROWSER_MARK = "Mozilla"


@dataclass
class Fault:
    """One injected fault; `remaining` is how many more requests it hits (None: all);
    `params` are what the fault kind needs (the hostile fault's canary URL and secret file)."""

    host: str
    path_prefix: str
    kind: str
    remaining: int | None = None
    params: dict[str, str] = field(default_factory=dict)

    def hits(self, host: str, path: str, user_agent: str) -> bool:
        if host != self.host or not path.startswith(self.path_prefix):
            return False
        return self.kind != FORBIDDEN_NON_BROWSER or BROWSER_MARK not in user_agent


class Faults:
    """The faults in force; thread-safe. The first matching fault, in the order added, applies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(
        self,
        host: str,
        path_prefix: str,
        kind: str,
        count: int | None = None,
        params: dict[str, str] | None = None,
    ) -> Fault:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(sorted(KINDS))}")
        if count is not None and count < 1:
            raise ValueError(f"a fault's count must be at least 1, got {count}")
        if kind == HOSTILE:
            hostile.check_params(params or {})
        fault = Fault(host.lower(), path_prefix or "/", kind, count, dict(params or {}))
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, host: str, path: str, user_agent: str) -> Fault | None:
        """The fault that hits this request, counted against it."""
        with self._lock:
            for fault in self._faults:
                if fault.hits(host, path, user_agent):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining == 0:
                            self._faults.remove(fault)
                    return fault
        return None

    def __len__(self) -> int:
        with self._lock:
            return len(self._faults)


_REPLACEMENTS: dict[str, Callable[[str], Reply]] = {
    HTTP_500: lambda _target: waf.server_error(),
    RUISHU: waf.ruishu,
    JSL: waf.jsl,
    FORBIDDEN_NON_BROWSER: lambda _target: waf.forbidden(),
    REDIRECT_LOOP: waf.redirect_loop,
}


def replacement(kind: str | None, target: str) -> Reply | None:
    """The answer a fault gives instead of the page, if it replaces the page."""
    make = _REPLACEMENTS.get(kind or "")
    return make(target) if make is not None else None


def list_layout(kind: str | None) -> str:
    """How list pages render under a fault."""
    return {EMPTY_LIST: EMPTY, LAYOUT_CHANGED: CHANGED}.get(kind or "", NORMAL)


def mislabelled(reply: Reply) -> Reply:
    """The same UTF-8 bytes, declared as gb2312 in the header and in the page's meta tags."""
    body = reply.body.replace(b'charset="utf-8"', b'charset="gb2312"')
    body = body.replace(b"charset=utf-8", b"charset=gb2312")
    content_type = reply.content_type.replace("charset=utf-8", "charset=gb2312")
    return replace(reply, body=body, content_type=content_type)
