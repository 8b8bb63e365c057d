"""The control endpoints under `/__replica__/`: the timeline day, faults, challenge cookies
and the request log."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import parse_qs, urlsplit

from replica.reply import Reply, json_reply
from replica.state import ReplicaState

PREFIX = "/__replica__/"
_FAULT_KEYS = frozenset({"host", "path", "kind", "count"})
ENDPOINTS = (
    "GET day",
    "POST day?n=N",
    "POST fault?host=H&path=P&kind=K[&count=C][&canary=URL&secret=FILE]",
    "POST reset",
    "POST expire",
    "GET requests",
)


def handle(server: ReplicaState, method: str, target: str) -> Reply:
    parts = urlsplit(target)
    name = parts.path.removeprefix(PREFIX)
    query = parse_qs(parts.query)
    try:
        match (method, name):
            case ("GET", "day"):
                return json_reply({"day": server.day})
            case ("POST", "day"):
                server.set_day(int(_parameter(query, "n")))
                return json_reply({"day": server.day})
            case ("POST", "fault"):
                count = _parameter(query, "count", required=False)
                fault = server.faults.add(
                    _parameter(query, "host"),
                    _parameter(query, "path"),
                    _parameter(query, "kind"),
                    int(count) if count else None,
                    {name: values[0] for name, values in query.items() if name not in _FAULT_KEYS},
                )
                return json_reply({"fault": asdict(fault), "faults": len(server.faults)})
            case ("POST", "reset"):
                server.faults.clear()
                return json_reply({"faults": len(server.faults)})
            case ("POST", "expire"):
                expired = server.gate.expire() if server.gate is not None else 0
                return json_reply({"expired": expired})
            case ("GET", "requests"):
                return json_reply(server.requests)
    except ValueError as error:
        return json_reply({"error": str(error)}, status=400)
    message = f"no control endpoint {method} {PREFIX}{name}"
    endpoints = [f"{PREFIX}{endpoint}" for endpoint in ENDPOINTS]
    return json_reply({"error": message, "endpoints": endpoints}, status=404)


def _parameter(query: dict[str, list[str]], name: str, *, required: bool = True) -> str:
    values = query.get(name)
    if values:
        return values[0]
    if required:
        raise ValueError(f"missing query parameter {name!r}")
    return ""
