"""The replicated sites by the host names they answer for.

Every module in this package is one site: it names its hosts in `HOSTS` and answers with
`respond(request)`. Adding a module is all it takes to add a site.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from replica.reply import Reply, SiteRequest

Site = Callable[[SiteRequest], Reply]


def _discover() -> dict[str, Site]:
    sites: dict[str, Site] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for host in module.HOSTS:
            if host in sites:
                raise RuntimeError(f"two replica sites answer for {host}")
            sites[host] = module.respond
    return sites


SITES: dict[str, Site] = _discover()
