"""Every page a WAF or a failing server answers instead of content, in one place."""

from __future__ import annotations

import random
import string

from replica.reply import Reply, html_reply

RUISHU_COOKIE = "FSSBBIl1UgzbN7N443"
_TOKEN_CHARS = string.ascii_letters + string.digits + "._"


def ruishu(path: str) -> Reply:
    """Ruishu (瑞数): HTTP 412, a long token in a `<meta>`, `$_ts` scripts marked `r='m'`."""
    rng = random.Random(f"ruishu:{path}")
    token = _token(rng, 2400)
    element_id = _token(rng, 22)
    html = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<meta http-equiv="Expires" content="0">\n'
        '<meta http-equiv="Cache-Control" content="no-cache">\n'
        '<meta http-equiv="Pragma" content="no-cache">\n'
        f'<meta content="{token}" id="{element_id}" r=\'m\'>\n'
        f"<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={{}};"
        f'$_ts.nsd={rng.randint(10000, 99999)};$_ts.cd="{_token(rng, 600)}";'
        f"if($_ts.lcd)$_ts.lcd();</script>\n"
        f'<script type="text/javascript" charset="utf-8" src="/{_token(rng, 13)}/'
        f"{_token(rng, 8)}.{rng.randrange(16**7):07x}.js\" r='m'></script>\n"
        "</head>\n<body>\n"
        "<script type=\"text/javascript\" r='m'>$_ts.l__(document.getElementById("
        f"'{element_id}'));</script>\n</body>\n</html>\n"
    )
    cookie = f"{RUISHU_COOKIE}S={_token(rng, 88)}; Path=/; HttpOnly"
    cookie_t = f"{RUISHU_COOKIE}T={_token(rng, 300)}; Path=/; Secure"
    return html_reply(html, status=412, headers=(("Set-Cookie", cookie), ("Set-Cookie", cookie_t)))


def jsl(path: str) -> Reply:
    """Jiasule (加速乐): HTTP 521 and a script that sets `__jsl_clearance_s` and reloads."""
    rng = random.Random(f"jsl:{path}")
    clearance = f"{rng.randint(1_600_000_000, 1_800_000_000)}.{rng.randint(100, 999)}|0|"
    html = (
        "<html><body><script>document.cookie=('__jsl_clearance_s=')+"
        f"('{clearance}')+('{_token(rng, 24)}')+('%3D')+"
        "';max-age=3600;path=/';location.href=location.pathname+location.search"
        "</script></body></html>"
    )
    uid = f"{rng.randrange(16**32):032x}"
    cookie = f"__jsluid_s={uid}; max-age=31536000; path=/; HttpOnly"
    return html_reply(html, status=521, headers=(("Set-Cookie", cookie),))


def forbidden() -> Reply:
    """What a site answers a client that does not look like a browser."""
    return html_reply(_nginx("403 Forbidden"), status=403)


def redirect_loop(path: str) -> Reply:
    """A 302 back to the same URL that sets a cookie, forever."""
    rng = random.Random(f"redirect:{path}")
    cookie = f"wzws_sessionid={_token(rng, 40)}; path=/; HttpOnly"
    headers = (("Location", path), ("Set-Cookie", cookie))
    return html_reply(_nginx("302 Found"), status=302, headers=headers)


def server_error() -> Reply:
    return html_reply(_nginx("500 Internal Server Error"), status=500)


def _nginx(status_line: str) -> str:
    return (
        f"<html>\r\n<head><title>{status_line}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status_line}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(_TOKEN_CHARS, k=length))
