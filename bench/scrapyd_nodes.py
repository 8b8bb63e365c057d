"""Scrapyd nodes on loopback: the project's egg built, nodes started in their own folders, the
egg deployed to them, and the nodes ended with the crawls they run."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
UP_WITHIN_SECONDS = 60

Started = tuple[subprocess.Popen[bytes], str]


def build_egg(path: Path) -> Path:
    """The project's egg at `path`, as `scrapyd-deploy --build-egg` builds it."""
    deploy = Path(sys.executable).with_name("scrapyd-deploy")
    subprocess.run([deploy, "--build-egg", path], cwd=ROOT, check=True, timeout=300)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def start_node(folder: Path, env: dict[str, str], *, max_proc: int = 2) -> Started:
    """A Scrapyd node in `folder` (created) running at most `max_proc` crawls at once, and its
    URL once it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
        f"max_proc = {max_proc}\npoll_interval = 0.2\n",
        encoding="utf-8",
    )
    scrapyd = Path(sys.executable).with_name("scrapyd")
    node = subprocess.Popen(
        [scrapyd],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + UP_WITHIN_SECONDS
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/daemonstatus.json", timeout=2).ok:
                return node, url
        except requests.ConnectionError:
            time.sleep(0.2)
    node.kill()
    raise RuntimeError(f"scrapyd on port {port} did not come up")


def deploy(url: str, egg: Path) -> int:
    """Add the egg to the node as version 1 of the project; the number of its spiders."""
    with egg.open("rb") as handle:
        reply = requests.post(
            f"{url}/addversion.json",
            data={"project": "policywatch", "version": "1"},
            files={"egg": handle},
            timeout=120,
        ).json()
    if reply.get("status") != "ok":
        raise RuntimeError(f"deploying to {url} failed: {reply}")
    spiders: int = reply["spiders"]
    return spiders


def kill(node: subprocess.Popen[bytes], number: int = signal.SIGTERM) -> None:
    """Signal a node and the crawls it runs, as a machine going away would end them."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(node.pid, number)
    node.wait(timeout=30)


def node_env(base: dict[str, str]) -> dict[str, str]:
    """`base` without PYTHONPATH: the node's crawls run the egg's code, not this tree's."""
    return {name: value for name, value in base.items() if name != "PYTHONPATH"}
