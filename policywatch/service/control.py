"""The daemon's control socket: where it listens for a database, how a command asks it, how it
answers (one command line in, one JSON document out)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import socketserver
import stat
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger("policywatch.control")

PROTOCOL = 1
MAX_COMMAND_BYTES = 64
MAX_REASON_CHARS = 200
ANSWER_TIMEOUT = 10.0

Answer = Callable[[], Any]


class Unanswered(Exception):
    """The daemon was reached but gave no usable answer."""


def socket_path(db_url: str) -> Path:
    """The socket of the daemon of this database, in a folder only this user may enter
    ($XDG_RUNTIME_DIR/policywatch, else policywatch-UID in the temporary folder)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = (
        Path(runtime) / "policywatch"
        if runtime
        else Path(tempfile.gettempdir()) / f"policywatch-{os.getuid()}"
    )
    return folder / f"{hashlib.sha256(_database_key(db_url).encode()).hexdigest()[:24]}.sock"


def _database_key(db_url: str) -> str:
    """The URL with a relative SQLite path made absolute, so any working folder finds it."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not db_url.startswith(prefix + "/"):
        path, mark, query = db_url[len(prefix) :].partition("?")
        return prefix + os.path.abspath(path) + mark + query
    return db_url


def _private_folder(folder: Path, *, create: bool) -> bool:
    """Whether `folder` is this user's own and closed to others (made so when `create`)."""
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return False
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and not found.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def ask_daemon(db_url: str, command: str, *, timeout: float = ANSWER_TIMEOUT) -> Any:
    """The answer of the daemon running on this database to `command`; None when no daemon
    listens. Raises Unanswered when one listens but its answer does not come or is unusable."""
    path = socket_path(db_url)
    if not _private_folder(path.parent, create=False):
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        try:
            client.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return None
        try:
            client.sendall(f"{command}\n".encode())
            with client.makefile("rb") as answer:
                found = json.loads(answer.read())
        except (OSError, ValueError) as error:
            raise Unanswered(f"the daemon did not answer {command!r}: {error}") from error
    if not isinstance(found, dict) or found.get("protocol") != PROTOCOL:
        raise Unanswered(f"the daemon answered {command!r} in a form this version does not read")
    if "answer" not in found:
        reason = str(found.get("error") or "no reason given").splitlines()[0][:MAX_REASON_CHARS]
        raise Unanswered(f"the daemon could not answer {command!r}: {reason}")
    return found["answer"]


class _Handler(socketserver.StreamRequestHandler):
    server: ControlServer
    timeout = ANSWER_TIMEOUT

    def handle(self) -> None:
        command = self.rfile.readline(MAX_COMMAND_BYTES).decode("utf-8", "replace").strip()
        if not command:
            return
        answer = self.server.commands.get(command)
        if answer is None:
            found: dict[str, Any] = {"protocol": PROTOCOL, "error": f"unknown command {command!r}"}
        else:
            try:
                found = {"protocol": PROTOCOL, "answer": answer()}
            except Exception as error:
                logger.exception("answering %r", command)
                found = {"protocol": PROTOCOL, "error": str(error)}
        self.wfile.write(json.dumps(found, ensure_ascii=False, default=str).encode())


class ControlServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """Answers the commands of `commands` on the database's socket, each in a thread of its own,
    until `close`."""

    daemon_threads = True

    def __init__(self, path: Path, commands: Mapping[str, Answer]) -> None:
        self.path = path
        self.commands = dict(commands)
        super().__init__(str(path), _Handler)
        self.thread = threading.Thread(target=self.serve_forever, name="control", daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("a control connection ended early", exc_info=True)

    def close(self) -> None:
        self.shutdown()
        self.server_close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def open_control(db_url: str, commands: Mapping[str, Answer]) -> ControlServer | None:
    """Serve `commands` on the database's socket, or None (logged) when it cannot: the folder is
    not private, or another daemon already answers there. A socket left by a daemon that died
    is replaced."""
    path = socket_path(db_url)
    try:
        if not _private_folder(path.parent, create=True):
            logger.warning("%s is open to other users: no control socket", path.parent)
            return None
        if path.exists():
            if _listening(path):
                logger.warning("another daemon answers for this database at %s", path)
                return None
            path.unlink()
        server = ControlServer(path, commands)
    except OSError as error:
        logger.warning("no control socket at %s: %s", path, error)
        return None
    server.thread.start()
    return server


def _listening(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True
