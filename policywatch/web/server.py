"""The web app behind waitress, a production HTTP server in pure Python, with its own URL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from waitress import create_server

from policywatch.web.app import WebApp
from storage import Store

THREADS = 4


def web_server(
    store: Store, feeds_dir: Path, *, host: str, port: int, stale_after: timedelta
) -> Any:
    """A waitress server of the web view over `store` and `feeds_dir`, bound to `host`:`port`
    (0: a free port) and ready to `run()` until Ctrl-C, or to `close()`."""
    app = WebApp(store, feeds_dir, stale_after=stale_after)
    return create_server(app, host=host, port=port, threads=THREADS, ident="policywatch")


def server_url(server: Any) -> str:
    """The http URL a server answers at (its first address when it listens on several)."""
    if hasattr(server, "effective_port"):
        host, port = server.effective_host, server.effective_port
    else:
        host, port = server.effective_listen[0]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"
