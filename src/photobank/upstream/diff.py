"""Drift: each recorded request sent again to the upstream, its answer compared with the record.

What is reported, per exchange: a changed status code, fields the live answer
has that the record lacks (new) and the reverse (removed), and enum-like values
(lower-case words such as ``royaltyfree``) the record never showed at that
field. Fields are named by path, list items merged: ``images[].asset_family``.
The recording's secrets were masked, so the caller gives credentials for the
replay; a request whose body held a masked secret is skipped, as said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from photobank.emulator.redact import MASK
from photobank.upstream.forward import Forwarder, Incoming
from photobank.upstream.recording import Exchange, Recording

_ENUM_LIKE = re.compile(r"[a-z][a-z0-9_]{0,39}")
_NOT_SENT = frozenset({"api-key", "authorization", "cookie", "content-length", "host"})


@dataclass
class Drift:
    """What changed for one recorded request."""

    key: str
    status: tuple[int, int] | None = None
    new: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    values: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.status or self.new or self.removed or self.values)

    def lines(self) -> Iterator[str]:
        yield f"{self.key}"
        if self.status:
            yield f"  status: {self.status[0]} -> {self.status[1]}"
        if self.new:
            yield f"  new fields: {', '.join(self.new)}"
        if self.removed:
            yield f"  removed fields: {', '.join(self.removed)}"
        for path, (before, after) in self.values.items():
            yield f"  values of {path}: {', '.join(before)} -> {', '.join(after)}"


@dataclass
class DiffReport:
    drifts: list[Drift] = field(default_factory=list)
    same: int = 0
    skipped: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [line for drift in self.drifts for line in drift.lines()]
        lines += [f"skipped {reason}" for reason in self.skipped]
        replayed = self.same + len(self.drifts)
        lines.append(
            f"{replayed} request{'s' * (replayed != 1)} replayed: {len(self.drifts)} drifted,"
            f" {self.same} unchanged, {len(self.skipped)} skipped."
        )
        return "\n".join(lines)


async def diff_recording(
    recording: Recording, forwarder: Forwarder, credentials: dict[str, str]
) -> DiffReport:
    """Send every recorded request to ``forwarder``'s upstream (with ``credentials``, header
    names to values) and compare the answers with the recorded ones."""
    report = DiffReport()
    for exchange in recording.exchanges.values():
        body = exchange.request.get("body") or ""
        if MASK in body:
            report.skipped.append(f"{exchange.key}: its body held a secret the recording masked")
            continue
        headers = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in {**exchange.request.get("headers", {}), **credentials}.items()
            if (k not in _NOT_SENT or k in credentials) and v != MASK
        ]
        live = await forwarder.send(
            Incoming(exchange.method, exchange.target, headers, body.encode())
        )
        if not live.from_upstream:
            report.skipped.append(f"{exchange.key}: {live.body.decode(errors='replace')}")
            continue
        drift = _compare(exchange, live.status, live.body)
        if drift:
            report.drifts.append(drift)
        else:
            report.same += 1
    return report


def _compare(exchange: Exchange, status: int, body: bytes) -> Drift:
    drift = Drift(exchange.key)
    if status != exchange.status:
        drift.status = (exchange.status, status)
    if exchange.encoding != "json":
        return drift
    try:
        live = orjson.loads(body)
    except orjson.JSONDecodeError:
        drift.removed.append("(the answer is no longer JSON)")
        return drift
    before, after = _shape(exchange.body), _shape(live)
    drift.new = sorted(set(after) - set(before))
    drift.removed = sorted(set(before) - set(after))
    for path in sorted(set(before) & set(after)):
        old, now = before[path], after[path]
        if old and now - old:
            drift.values[path] = (sorted(old), sorted(now))
    return drift


def _shape(value: Any) -> dict[str, set[str]]:
    """Every field path in ``value``, with the enum-like strings seen at it."""
    found: dict[str, set[str]] = {}
    _walk(value, "", found)
    return found


def _walk(value: Any, path: str, found: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            found.setdefault(child, set())
            _walk(item, child, found)
    elif isinstance(value, list):
        for item in value:  # a list of words keeps them at the list's own path
            _walk(item, f"{path}[]" if isinstance(item, dict | list) else path, found)
    elif isinstance(value, str) and _ENUM_LIKE.fullmatch(value) and path in found:
        found[path].add(value)
