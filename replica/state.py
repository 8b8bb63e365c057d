"""What a running replica holds between requests: the timeline day, faults, the challenge
gate and the request log."""

from __future__ import annotations

import threading
from typing import Any

from replica.challenge import RuishuGate
from replica.faults import Faults


class ReplicaState:
    """The replica's mutable state, safe to share between the threads serving requests;
    `latency` is the seconds every host takes to answer each request, as a distant site does."""

    def __init__(self, day: int = 0, *, challenge: bool = True, latency: float = 0.0) -> None:
        if latency < 0:
            raise ValueError(f"latency is a number of seconds, at least 0, got {latency}")
        self.faults = Faults()
        self.latency = latency
        self.gate = RuishuGate() if challenge else None
        self._lock = threading.Lock()
        self._day = 0
        self._requests: list[dict[str, Any]] = []
        self.set_day(day)

    @property
    def day(self) -> int:
        with self._lock:
            return self._day

    def set_day(self, n: int) -> None:
        if n < 0:
            raise ValueError(f"timeline days start at 0, got {n}")
        with self._lock:
            self._day = n

    @property
    def requests(self) -> list[dict[str, Any]]:
        """A copy of the log: one entry per request served, oldest first."""
        with self._lock:
            return [dict(entry) for entry in self._requests]

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self._requests.append(entry)
