"""Fault rules: make chosen requests fail the way Getty's gateway and servers fail.

A rule matches on method, path glob, API client and legacy operation, and
answers with a status, headers and body (or a preset such as Getty's exact
throttling 403), adds latency, or cuts the connection. It fires always, with
a seeded probability, or for the next N matches. A probability's draws are
one stream per rule: the n-th draw is picked by a hash of the seed and n
(:func:`picked`), so the n-th matching request fails alike whether one
process draws them all or several nodes share the count (in Redis). A single request can ask for
a documented error with the ``X-Photobank-Fault`` header instead.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from starlette.responses import Response

from photobank.api.http import json_response
from photobank.api.v3.errors import application_error, gateway_error
from photobank.auth.throttle import OVER_DAILY, OVER_QPS
from photobank.emulator.matching import method_matches, path_matches

OVERRIDE_HEADER = b"x-photobank-fault"


def _gateway(status: int, message: str) -> Response:
    return json_response({"message": message}, status=status)


# Each preset builds the response Getty's side sends in that situation.
PRESETS: dict[str, Any] = {
    "throttle-qps": lambda: gateway_error(OVER_QPS, "ERR_403_DEVELOPER_OVER_QPS"),
    "throttle-daily": lambda: gateway_error(OVER_DAILY, "ERR_403_DEVELOPER_OVER_RATE"),
    "account-inactive": lambda: gateway_error("Account Inactive", "ERR_403_DEVELOPER_INACTIVE"),
    "server-error": lambda: application_error(
        500, "InternalServerError", "An unexpected error occurred."
    ),
    "bad-gateway": lambda: _gateway(502, "Bad Gateway"),
    "unavailable": lambda: _gateway(503, "Service Unavailable"),
    "gateway-timeout": lambda: _gateway(504, "Gateway Timeout"),
}
_PRESET_BY_STATUS = {
    500: "server-error",
    502: "bad-gateway",
    503: "unavailable",
    504: "gateway-timeout",
}


class FaultSpec(BaseModel):
    """A fault rule as a client states it (admin API, CLI, pytest helper)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    method: str | None = None
    path: str | None = Field(None, description="glob: /v3/images/*")
    api_key: str | None = None
    operation: str | None = None
    preset: str | None = None
    status: int | None = Field(None, ge=100, le=599)
    headers: dict[str, str] = Field(default_factory=dict)
    body: Any = None
    latency_ms: int = Field(0, ge=0, le=120_000)
    disconnect: bool = False
    probability: float = Field(1.0, ge=0.0, le=1.0)
    seed: int | None = None
    times: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _does_something(self) -> FaultSpec:
        if self.preset is not None and self.preset not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(PRESETS)}")
        acts = self.preset or self.status or self.latency_ms or self.disconnect
        if not acts:
            raise ValueError("a fault needs a preset, a status, latency_ms or disconnect")
        return self

    def response(self) -> Response | None:
        """What to answer instead of the API (``None``: pass through after the latency)."""
        preset = self.preset or _PRESET_BY_STATUS.get(self.status or 0)
        if preset is not None:
            response: Response = PRESETS[preset]()
        elif self.status is not None:
            response = json_response({"message": _phrase(self.status)}, status=self.status)
        else:
            return None
        if self.status is not None:
            response.status_code = self.status
        if self.body is not None:
            response = _with_body(response, self.body)
        for name, value in self.headers.items():
            response.headers[name] = value
        return response


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _with_body(response: Response, body: Any) -> Response:
    if isinstance(body, str):
        media_type = "text/plain; charset=utf-8"
        replaced = Response(body, status_code=response.status_code, media_type=media_type)
    else:
        replaced = json_response(body, status=response.status_code)
    for name, value in response.headers.items():
        if name not in ("content-length", "content-type"):
            replaced.headers[name] = value
    return replaced


@dataclass(frozen=True, slots=True)
class RequestView:
    method: str
    path: str
    api_key: str | None
    operation: str | None


@dataclass(slots=True)
class FaultRule:
    id: str
    spec: FaultSpec
    fired: int = 0
    draws: int = 0  # the probability's draws so far (in this process)

    def matches(self, request: RequestView) -> bool:
        spec = self.spec
        return (
            method_matches(spec.method, request.method)
            and path_matches(spec.path, request.path)
            and (spec.api_key is None or spec.api_key == request.api_key)
            and (spec.operation is None or spec.operation == request.operation)
        )

    @property
    def remaining(self) -> int | None:
        return None if self.spec.times is None else max(0, self.spec.times - self.fired)

    @property
    def seed(self) -> str:
        """What its draws hash: the seed given, else the rule's (random) id."""
        return self.id if self.spec.seed is None else str(self.spec.seed)

    def drawn(self) -> bool:
        """Whether this matching request is one the rule's probability picks."""
        if self.spec.probability >= 1.0:
            return True
        draw, self.draws = self.draws, self.draws + 1
        return picked(self.seed, draw, self.spec.probability)

    def take(self) -> bool:
        """Whether the rule fires for one more matching request (and count it if so)."""
        if self.remaining == 0 or not self.drawn():
            return False
        self.fired += 1
        return True

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.spec.model_dump(exclude_defaults=True),
            "fired": self.fired,
            "remaining": self.remaining,
        }


class FaultBook(Protocol):
    """The active rules: this process's (:class:`Faults`), or every node's
    (:class:`photobank.state.redis_faults.RedisFaults`)."""

    def __bool__(self) -> bool: ...

    @property
    def needs_client(self) -> bool: ...

    def add(self, spec: FaultSpec) -> FaultRule: ...

    def list(self) -> list[FaultRule]: ...

    def get(self, rule_id: str) -> FaultRule | None: ...

    def remove(self, rule_id: str) -> bool: ...

    def clear(self) -> None: ...

    def pick(self, request: RequestView) -> FaultRule | None:
        """The first rule that matches ``request`` and fires for it (counted), if any."""
        ...


def picked(seed: str, draw: int, probability: float) -> bool:
    """Whether draw number ``draw`` (from 0) of a rule seeded ``seed`` falls under its
    ``probability``: the first 52 bits of SHA-1 of ``seed:draw`` as a fraction,
    which Redis's scripts compute alike (see :mod:`photobank.state.redis_faults`)."""
    digest = hashlib.sha1(f"{seed}:{draw}".encode(), usedforsecurity=False).hexdigest()
    return int(digest[:13], 16) / _FRACTION < probability


_FRACTION = float(1 << 52)


def new_rule(spec: FaultSpec, rule_id: str | None = None) -> FaultRule:
    """A rule (a fresh id unless ``rule_id``), its probability drawn from its seed."""
    return FaultRule(rule_id or uuid.uuid4().hex[:12], spec)


class HeldRules:
    """What a rule book answers from the rules it holds, on every request."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._rules)

    @property
    def needs_client(self) -> bool:
        """Whether some rule matches on the API client (worth reading a token form for)."""
        return any(rule.spec.api_key is not None for rule in self._rules)


class Faults(HeldRules):
    """The active rules of this process, first match first; thread-safe."""

    def add(self, spec: FaultSpec) -> FaultRule:
        rule = new_rule(spec)
        with self._lock:
            self._rules.append(rule)
        return rule

    def list(self) -> list[FaultRule]:
        return list(self._rules)

    def get(self, rule_id: str) -> FaultRule | None:
        return next((rule for rule in self._rules if rule.id == rule_id), None)

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            kept = [rule for rule in self._rules if rule.id != rule_id]
            removed = len(kept) != len(self._rules)
            self._rules = kept
        return removed

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def pick(self, request: RequestView) -> FaultRule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(request) and rule.take():
                    return rule
        return None


def parse_override(value: str) -> FaultSpec:
    """``X-Photobank-Fault`` text as a fault: ``throttle-qps``, ``status=503``,
    ``latency=250``, ``disconnect``, or several joined by ``;``.

    Raises :class:`ValueError` with a readable message for anything else.
    """
    fields: dict[str, Any] = {}
    for item in (part.strip() for part in value.split(";")):
        name, _, argument = item.partition("=")
        name = name.strip().lower()
        if not item:
            continue
        if name in PRESETS and not argument:
            fields["preset"] = name
        elif name == "disconnect" and not argument:
            fields["disconnect"] = True
        elif name in ("status", "latency") and argument.strip().isdigit():
            fields["status" if name == "status" else "latency_ms"] = int(argument)
        else:
            known = ", ".join([*PRESETS, "disconnect", "status=NNN", "latency=MS"])
            raise ValueError(f"X-Photobank-Fault: cannot use {item!r}; use one of {known}")
    try:
        return FaultSpec(**fields)
    except ValidationError as exc:
        raise ValueError(f"X-Photobank-Fault: {exc.errors()[0]['msg']}") from None
