"""Answer one request: a control call, a fault, or a page of the site its Host header names."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from urllib.parse import parse_qsl, urlsplit

from replica import control, hostile
from replica.conditional import answer_conditional, with_validators
from replica.faults import (
    HOSTILE,
    SLOW,
    SLOW_SECONDS,
    WRONG_CHARSET,
    list_layout,
    mislabelled,
    replacement,
)
from replica.reply import Reply, SiteRequest, not_found, text_reply
from replica.sites import SITES, Site
from replica.state import ReplicaState

ROBOTS = "User-agent: *\nAllow: /\n"
ROBOTS_MODIFIED = datetime(2021, 1, 1)
ROBOTS_FORBIDDEN = frozenset({"www.miit.gov.cn"})
PAGE_METHODS = ("GET", "HEAD")
CHALLENGE = "ruishu_challenge"


@dataclass(frozen=True)
class Answer:
    """The reply, and the fault that shaped it if any."""

    reply: Reply
    fault: str | None = None


def answer(server: ReplicaState, method: str, host: str, target: str, headers: Message) -> Answer:
    path = urlsplit(target).path
    if path.startswith(control.PREFIX):
        return Answer(control.handle(server, method, target))
    site = SITES.get(host)
    if site is None:
        known = ", ".join(sorted(SITES))
        return Answer(not_found(f"the replica serves no site for Host {host!r}; it serves {known}"))
    if method not in PAGE_METHODS:
        return Answer(text_reply(f"405 Method Not Allowed: {method}\n", status=405))
    gate = server.gate
    if gate is not None and gate.guards(host, path):
        script = gate.script_for(host, path)
        if script is not None:
            return Answer(script)
        if not gate.admits(host, headers.get("Cookie", "")):
            return Answer(gate.challenge(host), CHALLENGE)
    fault = server.faults.take(host, path, headers.get("User-Agent", ""))
    kind = fault.kind if fault is not None else None
    if kind == SLOW:
        time.sleep(SLOW_SECONDS)
    request = SiteRequest(
        path=path,
        day=server.day,
        list_layout=list_layout(kind),
        host=host,
        query=dict(parse_qsl(urlsplit(target).query, keep_blank_values=True)),
        headers={name.lower(): value for name, value in headers.items()},
    )
    reply = replacement(kind, target) or _page(site, request)
    if kind == WRONG_CHARSET:
        reply = mislabelled(reply)
    if fault is not None and kind == HOSTILE:
        reply = hostile.answer(path, fault.params, reply)
    return Answer(answer_conditional(with_validators(reply), headers), kind)


def _page(site: Site, request: SiteRequest) -> Reply:
    if request.path == "/robots.txt" and request.host in ROBOTS_FORBIDDEN:
        return text_reply("403 Forbidden\n", status=403)
    if request.path == "/robots.txt":
        return text_reply(ROBOTS, last_modified=ROBOTS_MODIFIED)
    return site(request)
