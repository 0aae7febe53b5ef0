"""One JSON line per request on standard error, for operators and log shippers.

A line holds the method, the path (never the query: it may carry a code or a
token), the status, the milliseconds from the request to the last byte, the
numeric id of the API client when one was recognised (never a key or a
secret) and the pid of the worker that answered.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime

import orjson
from starlette.types import Scope

log = logging.getLogger("photobank.access")


class AccessLog:
    """An observer (:class:`~photobank.ops.observed.Observed`) writing the access log."""

    def __init__(self) -> None:
        self._pid = os.getpid()
        if not log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(message)s"))
            log.addHandler(handler)
            log.setLevel(logging.INFO)
            log.propagate = False

    def __call__(self, scope: Scope, status: int, seconds: float) -> None:
        line = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "ms": round(seconds * 1000, 2),
            "client": client_id(scope),
            "pid": self._pid,
        }
        log.info(orjson.dumps(line).decode())


def client_id(scope: Scope) -> int | None:
    """The API client a skin recognised for this request, if any."""
    caller = scope.get("state", {}).get("caller")
    found = getattr(getattr(caller, "client", None), "id", None)
    return found if isinstance(found, int) else None
