"""The journal's storage: the most recent exchanges, marshalled in batches.

Every request adds one, so what it costs is what matters. The middleware hands
over an :data:`Exchange` made of values it already holds: the request line and
header list from the ASGI scope, the response's start message (a dict of plain
values) and first body bytes, times. The newest :data:`BATCH` wait as they came;
then the batch is turned into columns and a single ``marshal`` call makes one
bytes object of them, with no Python code run per exchange; only each
request's caller (shared with the rest of the server) stays referenced. Kept as
they come instead, a thousand exchanges spread every later request's
short-lived objects over more memory, and every request pays for that.
"""

from __future__ import annotations

import marshal
from collections import deque
from collections.abc import Mapping, Sequence
from operator import methodcaller
from typing import Any, Protocol

from photobank.validation.violations import MESSAGE_KEY

BATCH = 64  # exchanges marshalled together
# Version 4 writes an object met twice (a shared header pair, a dict key) once.
_MARSHAL_VERSION = 4

Headers = Sequence[tuple[bytes, bytes]]
# What the middleware hands over for one exchange, in this order:
#   request:   (method, path, query string, header list) from the scope
#   body:      (first bytes, size) of the request body, or None without one
#   sent:      [] before a response started; [start message] with no body yet;
#              [start message, first body bytes, body size]; a validated answer's start
#              message carries its violations (photobank.validation.violations.MESSAGE_KEY)
#   at:        when it began, POSIX seconds on the server's clock
#   duration:  seconds it took
#   fault:     the id of the fault rule that answered it, or None
#   cut:       whether a fault cut the connection
#   state:     the request's ASGI state, or an empty one (its "caller", once known)
Exchange = tuple[
    tuple[str, str, bytes, Headers],
    tuple[bytes, int] | None,
    list[Any],
    float,
    float,
    str | None,
    bool,
    Mapping[str, Any],
]
# An exchange as read back: its sequence number, its values (all but the state)
# and its request's caller, if any.
Kept = tuple[int, tuple[Any, ...], Any]
_Batch = tuple[bytes, tuple[Any, ...]]  # marshalled value columns, and the callers
_caller_of = methodcaller("get", "caller")


class ExchangeStore(Protocol):
    """Where the journal keeps exchanges: this process (:class:`Ring`), or Redis for every
    node (:class:`photobank.state.redis_journal.RedisRing`)."""

    size: int

    def __len__(self) -> int: ...

    def append(self, exchange: Exchange) -> None: ...

    def clear(self) -> None: ...

    def items(self) -> list[Kept]:
        """The exchanges kept, oldest first."""
        ...


class Ring:
    """The last ``size`` exchanges, or fewer if those would weigh more than ``budget``
    bytes marshalled (a little more is held: whole batches go at once, and the
    newest :data:`BATCH` wait unmarshalled, each body cut to the journal's limit)."""

    def __init__(self, size: int, budget: int) -> None:
        self.size = max(1, size)
        self.budget = budget
        self._batches: deque[_Batch] = deque()
        self._weight = 0  # bytes of the marshalled batches
        self._sealed = 0  # exchanges in _batches
        self._numbered = 0  # exchanges numbered so far: sealed, or dropped by a clear
        self._pending: list[Exchange] = []

    def __len__(self) -> int:
        return min(self.size, self._sealed + len(self._pending))

    def append(self, exchange: Exchange) -> None:
        pending = self._pending
        pending.append(exchange)
        if len(pending) >= BATCH:
            self._seal()

    def clear(self) -> None:
        self._batches.clear()
        self._weight = 0
        self._sealed = 0
        self._numbered += len(self._pending)  # a number once read is never reused
        self._pending = []

    def items(self) -> list[Kept]:
        """The exchanges kept, oldest first."""
        batches, pending = list(self._batches), list(self._pending)
        first = self._numbered + 1 - sum(len(callers) for _, callers in batches)
        values: list[tuple[Any, ...]] = []
        callers: list[Any] = []
        for data, batch_callers in batches:
            values.extend(zip(*marshal.loads(data), strict=True))
            callers.extend(batch_callers)
        values.extend(exchange[:-1] for exchange in pending)
        callers.extend(_caller_of(exchange[-1]) for exchange in pending)
        kept = list(zip(range(first, first + len(values)), values, callers, strict=True))
        return kept[-self.size :]

    def _seal(self) -> None:
        pending, self._pending = self._pending, []
        *values, states = zip(*pending, strict=True)
        try:
            data = marshal.dumps(values, _MARSHAL_VERSION)
        except ValueError:  # a header list or message value marshal does not know
            plain = zip(*(plain_values(each[:-1]) for each in pending), strict=True)
            data = marshal.dumps(list(plain), _MARSHAL_VERSION)
        self._batches.append((data, tuple(map(_caller_of, states))))
        self._weight += len(data)
        self._numbered += len(pending)
        self._sealed += len(pending)
        while len(self._batches) > 1 and (
            self._sealed - len(self._batches[0][1]) >= self.size or self._weight > self.budget
        ):
            dropped, callers = self._batches.popleft()
            self._sealed -= len(callers)
            self._weight -= len(dropped)


def plain_values(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """``values`` with the header lists as lists of ``bytes`` pairs and the start
    message reduced to its status and headers."""
    (method, path, query, headers), body, sent, *rest = values
    if sent:
        start = {"status": sent[0].get("status"), "headers": _pairs(sent[0].get("headers", ()))}
        if MESSAGE_KEY in sent[0]:
            start[MESSAGE_KEY] = sent[0][MESSAGE_KEY]
        sent = [start, *sent[1:]]
    return ((method, path, query, _pairs(headers)), body, sent, *rest)


def _pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    return [(bytes(name), bytes(value)) for name, value in headers]
