"""The Ruishu (瑞数) challenge that NMPA, NHC and Hubei answer a client without their cookies.

Like the real sites, a challenged host answers HTTP 412 with a page that has nothing to read:
a `<meta r='m'>` token, an inline `$_ts` script, an external script and a trigger after
`</html>`. The external script computes the `…T` cookie from the token (a nonce issued for
this answer) and reloads; the server has set the `…S` cookie itself. Only a request carrying
both, for a nonce the server issued and that has not expired, gets the page: a client that
does not run the script cannot pass.
"""

from __future__ import annotations

import random
import secrets
import string
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from replica.reply import Reply, html_reply

CHALLENGED_HOSTS = frozenset({"www.nmpa.gov.cn", "www.nhc.gov.cn", "www.hubei.gov.cn"})
COOKIE_TTL = 1800.0
EXEMPT_PATHS = frozenset({"/robots.txt"})
_ID_CHARS = string.ascii_letters + string.digits
_FNV_PRIME = 16777619
_MASK = 0xFFFFFFFF

_SCRIPT = """\
function {trigger}(){{var n=document.querySelector("meta[r='m']").content;\
var h=($_ts.nsd^{key})>>>0;\
for(var i=0;i<n.length;i++){{h=Math.imul(h^n.charCodeAt(i),{prime})>>>0;}}\
document.cookie="{cookie}T="+n+"."+h.toString(16)+"; path=/";location.reload();}}
"""


@dataclass(frozen=True)
class HostChallenge:
    """What stays the same for one host across answers: names, script path, script key."""

    cookie: str
    script_path: str
    trigger: str
    key: int

    @classmethod
    def of(cls, host: str) -> HostChallenge:
        rng = random.Random(f"ruishu:{host}")
        name = "".join(rng.choices(_ID_CHARS, k=12))
        path = f"/{_ident(rng, 12)}/{_ident(rng, 12)}.{rng.randrange(16**7):07x}.js"
        trigger = rng.choice(["_$hk", "_$hm", "_$gC"])
        return cls(cookie=name, script_path=path, trigger=trigger, key=rng.randrange(1 << 31))

    def script(self) -> Reply:
        code = _SCRIPT.format(
            trigger=self.trigger, key=self.key, prime=_FNV_PRIME, cookie=self.cookie
        )
        return Reply(status=200, body=code.encode(), content_type="application/javascript")

    def digest(self, nsd: int, nonce: str) -> str:
        """What the script computes from the seed and the nonce (32-bit FNV-1a)."""
        value = (nsd ^ self.key) & _MASK
        for char in nonce:
            value = ((value ^ ord(char)) * _FNV_PRIME) & _MASK
        return f"{value:x}"


@dataclass(frozen=True)
class _Issued:
    host: str
    nsd: int
    server_cookie: str
    expires: float


class RuishuGate:
    """Issues challenges and admits the requests whose cookies answer one; thread-safe."""

    def __init__(self, ttl: float = COOKIE_TTL) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._issued: dict[str, _Issued] = {}
        self._hosts = {host: HostChallenge.of(host) for host in CHALLENGED_HOSTS}

    def guards(self, host: str, path: str) -> bool:
        return host in self._hosts and path not in EXEMPT_PATHS

    def script_for(self, host: str, path: str) -> Reply | None:
        """The challenge's external script when `path` names it on `host`."""
        challenge = self._hosts.get(host)
        if challenge is None or path != challenge.script_path:
            return None
        return challenge.script()

    def admits(self, host: str, cookie_header: str) -> bool:
        challenge = self._hosts[host]
        cookies = _cookies(cookie_header)
        nonce, _, digest = cookies.get(f"{challenge.cookie}T", "").rpartition(".")
        with self._lock:
            issued = self._issued.get(nonce)
        return (
            issued is not None
            and issued.host == host
            and issued.expires > time.monotonic()
            and cookies.get(f"{challenge.cookie}S") == issued.server_cookie
            and digest == challenge.digest(issued.nsd, nonce)
        )

    def challenge(self, host: str) -> Reply:
        """A fresh 412 challenge page for `host`, with the nonce it is now waiting for."""
        challenge = self._hosts[host]
        nonce = secrets.token_urlsafe(48)
        issued = _Issued(
            host=host,
            nsd=secrets.randbelow(90000) + 10000,
            server_cookie=secrets.token_urlsafe(66),
            expires=time.monotonic() + self.ttl,
        )
        with self._lock:
            now = time.monotonic()
            for stale in [key for key, old in self._issued.items() if old.expires <= now]:
                del self._issued[stale]
            self._issued[nonce] = issued
        set_cookie = f"{challenge.cookie}S={issued.server_cookie}; Path=/; HttpOnly"
        return ruishu_page(
            nonce=nonce,
            nsd=issued.nsd,
            script_path=challenge.script_path,
            trigger=challenge.trigger,
            headers=(("Set-Cookie", set_cookie),),
        )

    def expire(self) -> int:
        """Forget every issued nonce, as a site does when its cookies expire; how many."""
        with self._lock:
            count = len(self._issued)
            self._issued.clear()
        return count


def ruishu_page(
    *, nonce: str, nsd: int, script_path: str, trigger: str, headers: tuple[tuple[str, str], ...]
) -> Reply:
    """The 412 page, shaped as the real NMPA and NHC answers are."""
    rng = random.Random(nonce)
    html = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html>\n<head>\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f'<meta id="{_ident(rng, 12)}" content="{nonce}" r=\'m\'>'
        "<!--[if lt IE 9]><script r='m'>document.createElement(\"section\")</script><![endif]-->"
        "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};"
        f'$_ts.nsd={nsd};$_ts.cd="{_ident(rng, 600)}";if($_ts.lcd)$_ts.lcd();</script>'
        f'<script type="text/javascript" charset="utf-8" src="{script_path}" r=\'m\'></script>\n'
        "</head>\n<body>\n</body>\n</html>\n"
        f"<script type=\"text/javascript\" r='m'>{trigger}();</script>\n"
    )
    return html_reply(html, status=412, headers=headers)


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _ident(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(_ID_CHARS, k=length))
