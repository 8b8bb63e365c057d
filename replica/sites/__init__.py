"""The replicated sites by the host name they answer for; each is one module with `respond`."""

from __future__ import annotations

from collections.abc import Callable

from replica.reply import Reply, SiteRequest
from replica.sites import most

Site = Callable[[SiteRequest], Reply]

SITES: dict[str, Site] = {most.HOST: most.respond}
