"""The journal's storage: the most recent exchanges, marshalled in batches.

Every request adds one, so what it costs is what matters. Kept as they come
(strings, header lists and pairs, bodies: a few dozen small objects each), a
thousand exchanges spread every later request's short-lived objects over more
memory, and every request pays for that (measured on a real server: most of
the journal's cost). Here the newest :data:`BATCH` exchanges wait in a list;
then one ``marshal`` call turns their values into a single bytes object, and
only the objects shared with the rest of the server (time, client, customer)
stay referenced.
"""

from __future__ import annotations

import marshal
from collections import deque
from collections.abc import Sequence
from datetime import datetime

from photobank.accounts.models import ApiClient, Customer

BATCH = 64  # exchanges marshalled together
# Version 2 writes no back-references: the fastest, and these values share nothing.
_MARSHAL_VERSION = 2

Headers = Sequence[tuple[bytes, bytes]]
# An exchange's own values, in this order: seq, method, path, query, headers,
# body, body_size, status, response_headers, response_body, response_size,
# duration, fault, cut.
Fields = tuple[
    int,
    str,
    str,
    bytes,
    Headers,
    bytes,
    int,
    int | None,
    Headers,
    bytes,
    int,
    float,
    str | None,
    bool,
]
# An exchange as kept: its values, then the time, client and customer it shares.
Kept = tuple[Fields, datetime, ApiClient | None, Customer | None]
_Batch = tuple[
    bytes, tuple[datetime, ...], tuple[ApiClient | None, ...], tuple[Customer | None, ...]
]
_HEADERS = (4, 8)  # the positions of the header lists in Fields


class Ring:
    """The last ``size`` exchanges (a little more is held: whole batches go at once)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._batches: deque[_Batch] = deque()
        self._sealed = 0  # exchanges in _batches
        self._pending: list[Kept] = []

    def __len__(self) -> int:
        return min(self.size, self._sealed + len(self._pending))

    def append(
        self, fields: Fields, at: datetime, client: ApiClient | None, customer: Customer | None
    ) -> None:
        pending = self._pending
        pending.append((fields, at, client, customer))
        if len(pending) >= BATCH:
            self._seal()

    def clear(self) -> None:
        self._batches.clear()
        self._sealed = 0
        self._pending = []

    def items(self) -> list[Kept]:
        """The exchanges kept, oldest first."""
        kept: list[Kept] = []
        for data, ats, clients, customers in list(self._batches):
            kept.extend(zip(marshal.loads(data), ats, clients, customers, strict=True))
        kept.extend(self._pending)
        return kept[-self.size :]

    def _seal(self) -> None:
        pending, self._pending = self._pending, []
        fields = [kept[0] for kept in pending]
        try:
            data = marshal.dumps(fields, _MARSHAL_VERSION)
        except ValueError:  # header lists given as other iterables than lists and tuples
            data = marshal.dumps([_plain(each) for each in fields], _MARSHAL_VERSION)
        self._batches.append(
            (
                data,
                tuple(kept[1] for kept in pending),
                tuple(kept[2] for kept in pending),
                tuple(kept[3] for kept in pending),
            )
        )
        self._sealed += len(pending)
        while self._sealed - len(self._batches[0][1]) >= self.size:
            self._sealed -= len(self._batches.popleft()[1])


def _plain(fields: Fields) -> list[object]:
    """``fields`` with each header list as a list of ``bytes`` pairs."""
    plain: list[object] = list(fields)
    for index, headers in zip(_HEADERS, (fields[4], fields[8]), strict=True):
        plain[index] = [(bytes(name), bytes(value)) for name, value in headers]
    return plain
