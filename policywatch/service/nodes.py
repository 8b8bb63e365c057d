"""Crawls on Scrapyd nodes: each sent to a node that answers, followed until it ends."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

logger = logging.getLogger("policywatch.nodes")

PROJECT = "policywatch"


class NodeDown(Exception):
    """A node did not answer, or answered with an error."""


class Node:
    """One Scrapyd node's JSON API."""

    def __init__(self, url: str, *, timeout: float) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def call(self, endpoint: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """The answer of `endpoint` (a POST when `data` is given); NodeDown when there is none."""
        body = urlencode(data, doseq=True).encode() if data is not None else None
        query = "" if data is not None else f"?project={PROJECT}"
        try:
            with urlopen(f"{self.url}/{endpoint}{query}", body, timeout=self.timeout) as answer:
                reply: dict[str, Any] = json.loads(answer.read())
        except (OSError, URLError, ValueError) as error:
            raise NodeDown(f"{self.url}: {error}") from error
        if reply.get("status") != "ok":
            raise NodeDown(f"{self.url}: {reply.get('message', reply)}")
        return reply

    def schedule(self, source_id: str, settings: dict[str, str]) -> str:
        setting = [f"{name}={value}" for name, value in settings.items()]
        data = {"project": PROJECT, "spider": source_id, "setting": setting}
        reply = self.call("schedule.json", data)
        return str(reply["jobid"])

    def cancel(self, job: str) -> None:
        """Stop a job, if the node still answers."""
        try:
            self.call("cancel.json", {"project": PROJECT, "job": job})
        except NodeDown as error:
            logger.warning("could not cancel job %s: %s", job, error)

    def finished(self, job: str) -> bool:
        """Whether the job has ended; NodeDown when the node no longer knows it."""
        reply = self.call("listjobs.json")
        if any(entry["id"] == job for entry in reply["finished"]):
            return True
        if any(entry["id"] == job for entry in reply["pending"] + reply["running"]):
            return False
        raise NodeDown(f"{self.url}: job {job} is gone")


class Nodes:
    """The Scrapyd nodes of `[daemon] nodes`, taken in turn; one that stops answering is down
    for `retry_after` seconds, and the crawl it held goes to the next."""

    def __init__(
        self,
        urls: list[str],
        *,
        poll: float = 2.0,
        timeout: float = 10.0,
        retry_after: float = 300.0,
    ) -> None:
        self.nodes = [Node(url, timeout=timeout) for url in urls]
        self.poll = poll
        self.retry_after = retry_after
        self.down_until: dict[str, float] = {}
        self.turn = 0
        self.lock = threading.Lock()

    def up(self) -> list[Node]:
        """The nodes not marked down, starting with the next one's turn."""
        with self.lock:
            now = time.monotonic()
            start, self.turn = self.turn, self.turn + 1
        order = self.nodes[start % len(self.nodes) :] + self.nodes[: start % len(self.nodes)]
        return [node for node in order if self.down_until.get(node.url, 0.0) <= now]

    def mark_down(self, node: Node, error: NodeDown) -> None:
        logger.warning("node down for %.0f s: %s", self.retry_after, error)
        with self.lock:
            self.down_until[node.url] = time.monotonic() + self.retry_after

    def crawl(
        self,
        source_id: str,
        settings: dict[str, str],
        *,
        deadline: float,
        lost: Callable[[datetime], None],
    ) -> bool:
        """Run the crawl on the first node that takes it and see it end before `deadline` (a
        monotonic time); a node lost mid-crawl has `lost(started)` record the run it left
        and the crawl goes to the next. False when no node finished it."""
        for node in self.up():
            started = datetime.now(UTC)
            try:
                job = node.schedule(source_id, settings)
                logger.info("%s: job %s on %s", source_id, job, node.url)
                while not node.finished(job):
                    if time.monotonic() > deadline:
                        node.cancel(job)
                        return False
                    time.sleep(self.poll)
            except NodeDown as error:
                self.mark_down(node, error)
                lost(started)
                continue
            return True
        logger.error("%s: no node took the crawl", source_id)
        return False
