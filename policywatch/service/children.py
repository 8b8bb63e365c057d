"""Child processes that cannot outlive the daemon: the kernel kills them when it dies."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> Callable[[], None] | None:
    """A `preexec_fn` that has the child SIGKILLed when `parent` (the thread that starts it)
    dies, even by SIGKILL; a child whose parent died while it started exits at once. None
    where there is no prctl (not Linux): there the process group is all there is."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def arm() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return arm
