"""The request journal: a bounded ring of every request and response, queryable.

Recording hands over values the middleware already holds (an
:data:`~photobank.emulator.ring.Exchange`), packed in batches
(:mod:`photobank.emulator.ring`); decoding, redaction and client look-ups
happen when entries are read. ``verify`` explains a miss with the nearest
requests that were seen, field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from photobank.accounts.models import ApiClient, Customer
from photobank.emulator import redact
from photobank.emulator.matching import (
    check_status_filter,
    method_matches,
    operation_of,
    path_matches,
    status_matches,
)
from photobank.emulator.ring import ExchangeStore, Headers, Kept, Ring
from photobank.validation.v3 import unknown_parameters
from photobank.validation.violations import MESSAGE_KEY, Packed, unpacked

BODY_LIMIT = 16 * 1024  # bytes of each body kept


class Recorded:
    """One exchange as read back, secrets still inside (never exposed)."""

    __slots__ = (
        "at",
        "body",
        "body_size",
        "client",
        "customer",
        "cut",
        "duration",
        "fault",
        "headers",
        "method",
        "path",
        "query",
        "response_body",
        "response_headers",
        "response_size",
        "seq",
        "status",
        "violations",
    )

    def __init__(
        self,
        seq: int,
        at: datetime,
        method: str,
        path: str,
        query: bytes,
        headers: Headers,
    ) -> None:
        self.seq = seq
        self.at = at
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = b""  # bytes, so that a single chunk is kept without a copy
        self.body_size = 0
        self.status: int | None = None
        self.response_headers: Headers = []
        self.response_body = b""
        self.response_size = 0
        self.duration = 0.0
        self.client: ApiClient | None = None
        self.customer: Customer | None = None
        self.fault: str | None = None
        self.cut = False
        self.violations: Packed = ()

    def header(self, name: bytes, response: bool = False) -> str:
        for key, value in self.response_headers if response else self.headers:
            if key.lower() == name:
                return value.decode("latin-1")
        return ""


def unpack(kept: Kept) -> Recorded:
    """An entry to read, from what the ring kept (see :data:`~.ring.Exchange`)."""
    seq, values, caller = kept
    (method, path, query, headers), body, sent, at, duration, fault, cut = values
    entry = Recorded(seq, datetime.fromtimestamp(at, UTC), method, path, query, headers)
    if body is not None:
        entry.body, entry.body_size = body
    if sent:
        entry.status = sent[0].get("status")
        entry.response_headers = sent[0].get("headers", [])
        entry.violations = sent[0].get(MESSAGE_KEY, ())
    if len(sent) > 1:
        entry.response_body, entry.response_size = sent[1], sent[2]
    entry.duration, entry.fault, entry.cut = duration, fault, cut
    if caller is not None:
        entry.client, entry.customer = caller.client, caller.customer
    return entry


@dataclass(frozen=True, slots=True)
class Criteria:
    """What a journal query or a verification asks for; ``None`` matches anything."""

    method: str | None = None
    path: str | None = None
    status: int | str | None = None
    client: str | None = None  # an Api-Key or a client name
    customer: str | None = None  # a username
    operation: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    body_contains: str | None = None

    def __post_init__(self) -> None:
        check_status_filter(self.status)

    def described(self) -> dict[str, Any]:
        return {
            name: value
            for name in self.__dataclass_fields__
            if (value := getattr(self, name)) is not None and value != {}
        }


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    matched: int
    message: str


class Journal:
    def __init__(
        self,
        size: int,
        budget: int,
        stamp: Callable[[], float],
        clients: ClientLookup,
        store: ExchangeStore | None = None,
    ) -> None:
        """``size``: exchanges kept at most; ``budget``: bytes they may weigh at most;
        ``store``: where they are kept (default: this process, within those bounds)."""
        self.enabled = True
        self._ring = store if store is not None else Ring(size, budget)
        self.stamp = stamp  # the time, in POSIX seconds, to record an exchange at
        self.record = self._ring.append  # keep an Exchange: one call a request
        self._clients = clients

    @property
    def size(self) -> int:
        return self._ring.size

    def __len__(self) -> int:
        return len(self._ring)

    def clear(self) -> None:
        self._ring.clear()

    def find(self, criteria: Criteria, limit: int | None = None) -> list[dict[str, Any]]:
        """Matching entries, oldest first; ``limit`` keeps the most recent ones."""
        found = [self.describe(e) for e in self._recorded() if not self._misses(e, criteria)]
        return found[-limit:] if limit else found

    def count(self, criteria: Criteria) -> int:
        return sum(1 for e in self._recorded() if not self._misses(e, criteria))

    def verify(
        self, criteria: Criteria, count: int | None = None, at_least: int | None = None
    ) -> Verification:
        """Whether the requests described were seen (exactly ``count`` or ``at_least`` times)."""
        entries = self._recorded()
        misses = [(entry, self._misses(entry, criteria)) for entry in entries]
        matched = sum(1 for _, missed in misses if not missed)
        floor = 1 if count is None and at_least is None else at_least
        ok = matched == count if count is not None else matched >= (floor or 0)
        if ok:
            return Verification(True, matched, f"matched {matched} request(s)")
        wanted = f"exactly {count}" if count is not None else f"at least {floor}"
        lines = [f"Expected {wanted} request(s) matching:"]
        lines += [f"  {name}: {value}" for name, value in criteria.described().items()]
        lines.append(f"but {matched} of {len(entries)} recorded request(s) matched.")
        near = sorted(
            ((e, m) for e, m in misses if m), key=lambda pair: (len(pair[1]), -pair[0].seq)
        )[:3]
        if near:
            lines.append("Nearest misses:")
        for entry, missed in near:
            lines.append(f"  #{entry.seq} {entry.method} {_target(entry)} -> {entry.status}")
            lines += [f"      {name}: expected {want!r}, got {got!r}" for name, want, got in missed]
        return Verification(False, matched, "\n".join(lines))

    # -- reading entries --------------------------------------------------

    def _recorded(self) -> list[Recorded]:
        return [unpack(kept) for kept in self._ring.items()]

    def describe(self, entry: Recorded) -> dict[str, Any]:
        """The entry as JSON-ready data, every secret masked."""
        client = self._client(entry)
        customer = entry.customer
        username = customer.username if customer else self._form_field(entry, "username")
        request_type = entry.header(b"content-type")
        response_type = entry.header(b"content-type", response=True)
        return {
            "id": entry.seq,
            "at": entry.at.isoformat(),
            "method": entry.method,
            "path": entry.path,
            "query": entry.query.decode("latin-1"),
            "operation": operation_of(entry.path),
            "client": {"id": client.id, "name": client.name} if client else None,
            "customer": (
                {"id": customer.id if customer else None, "username": username}
                if username
                else None
            ),
            "request": {
                "headers": redact.headers(entry.headers),
                "body": _body(entry.body, entry.body_size, request_type),
                "body_bytes": entry.body_size,
            },
            "response": {
                "status": entry.status,
                "headers": redact.headers(entry.response_headers),
                "body": _body(entry.response_body, entry.response_size, response_type),
                "body_bytes": entry.response_size,
            },
            "duration_ms": round(entry.duration * 1000, 3),
            "fault": entry.fault,
            "cut": entry.cut,
            "violations": [v.as_dict() for v in _violations(entry)],
        }

    def _client(self, entry: Recorded) -> ApiClient | None:
        if entry.client is not None:
            return entry.client
        key = entry.header(b"api-key").strip() or self._form_field(entry, "client_id")
        return self._clients(key) if key else None

    @staticmethod
    def _form_field(entry: Recorded, name: str) -> str | None:
        if "x-www-form-urlencoded" not in entry.header(b"content-type"):
            return None
        return redact.form_value(entry.body, name)

    def _misses(self, entry: Recorded, c: Criteria) -> list[tuple[str, Any, Any]]:
        """The criteria ``entry`` fails, as (name, expected, got); empty when it matches."""
        missed: list[tuple[str, Any, Any]] = []
        if not method_matches(c.method, entry.method):
            missed.append(("method", c.method, entry.method))
        if not path_matches(c.path, entry.path):
            missed.append(("path", c.path, entry.path))
        if not status_matches(c.status, entry.status):
            missed.append(("status", c.status, entry.status))
        if c.operation is not None and operation_of(entry.path) != c.operation:
            missed.append(("operation", c.operation, operation_of(entry.path)))
        if c.client is not None:
            client = self._client(entry)
            if client is None or c.client not in (client.api_key, client.name):
                missed.append(("client", c.client, client.name if client else None))
        if c.customer is not None:
            customer = entry.customer
            username = customer.username if customer else self._form_field(entry, "username")
            if username != c.customer:
                missed.append(("customer", c.customer, username))
        if c.query:
            seen = {k: v[-1] for k, v in parse_qs(entry.query.decode("latin-1")).items()}
            for name, value in c.query.items():
                if seen.get(name) != value:
                    missed.append((f"query.{name}", value, seen.get(name)))
        if c.body_contains is not None:
            text = redact.body(entry.body, entry.header(b"content-type"))
            if c.body_contains not in text:
                missed.append(("body_contains", c.body_contains, text[:200]))
        return missed


ClientLookup = Callable[[str], ApiClient | None]


def _violations(entry: Recorded) -> list[Any]:
    """What validation found (``PHOTOBANK_VALIDATE``, ``photobank proxy --validate``);
    without it, the query parameters the operation does not know, always."""
    if entry.violations:
        return unpacked(entry.violations)
    return unknown_parameters(entry.method, entry.path, entry.query.decode("latin-1"))


def _target(entry: Recorded) -> str:
    return f"{entry.path}?{entry.query.decode('latin-1')}" if entry.query else entry.path


def keep(kept: bytes, chunk: bytes) -> bytes:
    """``kept`` plus the part of ``chunk`` that fits in :data:`BODY_LIMIT`."""
    if not kept:
        return chunk if len(chunk) <= BODY_LIMIT else chunk[:BODY_LIMIT]
    return kept + chunk[: BODY_LIMIT - len(kept)] if len(kept) < BODY_LIMIT else kept


def _body(data: bytes, size: int, content_type: str) -> str | None:
    if not size:
        return None
    if not redact.is_text(content_type):
        return f"<{size} bytes of {content_type or 'unknown type'}>"
    text = redact.body(bytes(data), content_type)
    return text + " …" if size > len(data) else text
