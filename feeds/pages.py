"""Where the web view shows a policy: its page's path, and its URL under a public base URL."""

from __future__ import annotations

from urllib.parse import quote

POLICY_PREFIX = "policy/"


def policy_path(key: str) -> str:
    """The path of a policy's page below the web view's root, e.g. `policy/wh-gxblg-2021-208`."""
    return POLICY_PREFIX + quote(key, safe="")


def policy_page_url(base_url: str | None, key: str) -> str | None:
    """The public URL of a policy's page, or None when no public base URL is configured."""
    return f"{base_url.rstrip('/')}/{policy_path(key)}" if base_url else None
