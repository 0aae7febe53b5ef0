"""A small typed client for a running emulator's control surface.

Standard library only (``urllib``), so the pytest plugin and the CLI add no
dependency to a user's test environment.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from photobank.emulator import PREFIX


class ControlError(RuntimeError):
    """The control surface refused a call (bad argument, unknown name, wrong token)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class JournalMismatch(AssertionError):
    """``journal.verify`` did not see the expected requests; the message shows the diff."""


class _Part:
    def __init__(self, emulator: PhotobankEmulator) -> None:
        self._call = emulator.call


class Clock(_Part):
    def now(self) -> datetime:
        return datetime.fromisoformat(self._call("GET", "/clock")["now"])

    def state(self) -> dict[str, Any]:
        return dict(self._call("GET", "/clock"))

    def freeze(self, at: datetime | None = None) -> dict[str, Any]:
        body = {"at": at.isoformat()} if at else {}
        return dict(self._call("POST", "/clock/freeze", body))

    def resume(self) -> dict[str, Any]:
        return dict(self._call("POST", "/clock/resume"))

    def set(self, when: datetime) -> dict[str, Any]:
        return dict(self._call("POST", "/clock/set", {"now": when.isoformat()}))

    def advance(
        self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0
    ) -> dict[str, Any]:
        body = {"seconds": seconds, "minutes": minutes, "hours": hours, "days": days}
        return dict(self._call("POST", "/clock/advance", body))

    def reset(self) -> dict[str, Any]:
        """Back to real time, running."""
        return dict(self._call("POST", "/clock/reset"))


class AiGenerator(_Part):
    def pacing(self) -> dict[str, Any]:
        """``pending_polls`` (polls answered 202 before the 200) and ``latency_ms``."""
        return dict(self._call("GET", "/ai"))

    def set_pacing(
        self, pending_polls: int | None = None, latency_ms: int | None = None
    ) -> dict[str, Any]:
        """How long new generations and downloads stay pending; None keeps a value."""
        body = {"pending_polls": pending_polls, "latency_ms": latency_ms}
        return dict(self._call("PUT", "/ai", body))


class Faults(_Part):
    def add(self, **spec: Any) -> dict[str, Any]:
        """Add a rule: ``method``, ``path`` (glob), ``api_key``, ``operation`` to match;
        ``preset`` / ``status`` / ``headers`` / ``body``, ``latency_ms``, ``disconnect``
        to act; ``probability`` (+ ``seed``) or ``times`` to limit it. Returns the rule."""
        return dict(self._call("POST", "/faults", spec))

    def list(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/faults")["faults"])

    def get(self, rule_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/faults/{_quote(rule_id)}"))

    def remove(self, rule_id: str) -> None:
        self._call("DELETE", f"/faults/{_quote(rule_id)}")

    def clear(self) -> None:
        self._call("DELETE", "/faults")


class Journal(_Part):
    def find(self, limit: int | None = None, **criteria: Any) -> list[dict[str, Any]]:
        """Recorded exchanges matching ``method``, ``path`` (glob), ``status`` (``404``,
        ``"4xx"``), ``client``, ``customer``, ``operation``, ``body_contains``, ``query``."""
        params = _filters(criteria)
        if limit is not None:
            params["limit"] = str(limit)
        return list(self._call("GET", "/journal", query=params)["entries"])

    def count(self, **criteria: Any) -> int:
        return int(self._call("GET", "/journal/count", query=_filters(criteria))["count"])

    def clear(self) -> None:
        self._call("DELETE", "/journal")

    def enable(self, enabled: bool = True) -> None:
        self._call("PATCH", "/journal", {"enabled": enabled})

    def disable(self) -> None:
        self.enable(False)

    def verify(
        self, *, count: int | None = None, at_least: int | None = None, **criteria: Any
    ) -> int:
        """Raise :class:`JournalMismatch` (with a diff) unless the requests were seen."""
        body = {**criteria, "count": count, "at_least": at_least}
        result = self._call("POST", "/journal/verify", body)
        if not result["ok"]:
            raise JournalMismatch(result["message"])
        return int(result["matched"])


class Fixtures(_Part):
    def load(self, source: str | Path | Mapping[str, Any] | list[Any]) -> dict[str, Any]:
        """Load a fixture file (JSON or YAML; relative image paths are taken from its
        folder) or an in-memory document. Returns the ids, keys and usernames loaded."""
        if isinstance(source, (Mapping, list)):
            return dict(self._call("POST", "/fixtures", source))
        path = Path(source).resolve()
        yaml = path.suffix.lower() in (".yaml", ".yml")
        return dict(
            self._call(
                "POST",
                "/fixtures",
                raw=path.read_bytes(),
                content_type="application/yaml" if yaml else "application/json",
                query={"base_dir": str(path.parent)},
            )
        )


class PhotobankEmulator:
    """The controls of one emulator, plus the credentials its demo catalog was seeded with."""

    def __init__(
        self,
        base_url: str,
        admin_token: str,
        *,
        api_key: str = "",
        api_secret: str = "",
        username: str = "",
        password: str = "",
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.admin_token = admin_token
        self.api_key = api_key
        self.api_secret = api_secret
        self.username = username
        self.password = password
        self.timeout = timeout
        self.clock = Clock(self)
        self.faults = Faults(self)
        self.ai = AiGenerator(self)
        self.journal = Journal(self)
        self.fixtures = Fixtures(self)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        content_type: str = "application/json",
        query: Mapping[str, str] | None = None,
    ) -> Any:
        """One control request; the decoded JSON answer, or :class:`ControlError`."""
        url = f"{self.base_url}{PREFIX}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-Photobank-Admin-Token", self.admin_token)
        if data is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", errors="replace")
            try:
                message = json.loads(text).get("message", text)
            except (ValueError, AttributeError):
                message = text
            raise ControlError(exc.code, str(message)) from None

    def status(self) -> dict[str, Any]:
        return dict(self.call("GET", "/"))

    def reset(self) -> dict[str, Any]:
        """Seeded store, empty journal, no fault rules, real time."""
        return dict(self.call("POST", "/reset"))

    def snapshot(self, name: str) -> dict[str, Any]:
        return dict(self.call("PUT", f"/snapshots/{_quote(name)}"))

    def restore(self, name: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/snapshots/{_quote(name)}/restore"))

    def set_limits(
        self,
        api_key: str | None = None,
        *,
        qps: int | None = None,
        daily: int | None = None,
        used_today: int | None = None,
    ) -> dict[str, Any]:
        """Throttling limits of a client (default: the demo client); 0 means unlimited."""
        key = api_key or self.api_key
        body = {"qps": qps, "daily": daily, "used_today": used_today}
        return dict(self.call("PUT", f"/clients/{_quote(key)}/limits", body))

    def validate(self, enabled: bool = True) -> None:
        """Check every exchange against Getty's contract (the X-Photobank-Violations header,
        the journal's ``violations``); a reset returns to the server's setting."""
        self.call("PATCH", "/validation", {"enabled": enabled})

    def create_client(self, name: str = "test client", **fields: Any) -> dict[str, Any]:
        return dict(self.call("POST", "/clients", {"name": name, **fields}))

    def create_customer(self, username: str, password: str, **fields: Any) -> dict[str, Any]:
        body = {"username": username, "password": password, **fields}
        return dict(self.call("POST", "/customers", body))

    def set_remaining_downloads(self, username: str, product_id: int, remaining: int) -> Any:
        path = f"/customers/{_quote(username)}/products/{product_id}/downloads"
        return self.call("PUT", path, {"remaining": remaining})


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _filters(criteria: Mapping[str, Any]) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in criteria.items():
        if value is None:
            continue
        if name == "query":
            params.update({f"query.{k}": str(v) for k, v in value.items()})
        else:
            params[name] = str(value)
    return params
