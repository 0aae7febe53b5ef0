"""The emulator's journal in Redis: the exchanges every node answered, in one ring.

Each exchange is marshalled on the node that answered it and pushed, by one Lua
script, onto ``<prefix>emulator:journal`` with its number (from
``...:journal-seq``, never reused); the script drops the oldest while the list
holds more than the journal's size or weighs more than its byte budget
(``...:journal-bytes``). The caller is kept as its API key and customer id and
looked up again when entries are read. One round trip a journaled request, the
price of a journal every node shares (``python -m bench.emulator_shared`` times it
against the in-process ring).
"""

from __future__ import annotations

import logging
import marshal
from collections.abc import Callable
from typing import Any, NamedTuple

import redis

from photobank.accounts.models import ApiClient, Customer
from photobank.emulator.ring import Exchange, Kept, plain_values
from photobank.state.redis_client import answering
from photobank.state.redis_faults import SPACE

_MARSHAL_VERSION = 4
_log = logging.getLogger(__name__)
_UNSHARED = "the emulator's journal cannot be shared"
# KEYS: list, bytes, seq. ARGV: the entry, size, budget. Its number.
_APPEND = """
local seq = redis.call('INCR', KEYS[3])
local entry = seq .. '\\n' .. ARGV[1]
redis.call('RPUSH', KEYS[1], entry)
local weight = redis.call('INCRBY', KEYS[2], #entry)
local size, budget = tonumber(ARGV[2]), tonumber(ARGV[3])
local held = redis.call('LLEN', KEYS[1])
while held > 1 and (held > size or weight > budget) do
  local dropped = redis.call('LPOP', KEYS[1])
  weight = redis.call('DECRBY', KEYS[2], #dropped)
  held = held - 1
end
return seq
"""


class _Caller(NamedTuple):
    client: ApiClient | None
    customer: Customer | None


class RedisRing:
    """An :class:`~photobank.emulator.ring.ExchangeStore` every node shares: the last
    ``size`` exchanges, fewer if they would weigh more than ``budget`` bytes."""

    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        size: int,
        budget: int,
        clients: Callable[[str], ApiClient | None],
        customers: Callable[[int], Customer | None],
    ) -> None:
        space = f"{prefix}{SPACE}"
        self._client = client
        self._keys = [f"{space}journal", f"{space}journal-bytes", f"{space}journal-seq"]
        self.size, self.budget = max(1, size), budget
        self._clients, self._customers = clients, customers
        self._append = client.register_script(_APPEND)

    def __len__(self) -> int:
        with answering(_UNSHARED):
            return int(self._client.llen(self._keys[0]))

    def append(self, exchange: Exchange) -> None:
        values: Any = exchange[:-1]
        caller = exchange[-1].get("caller")
        client = getattr(caller, "client", None)
        customer = getattr(caller, "customer", None)
        held = (
            client.api_key if client is not None else None,
            customer.id if customer is not None else None,
        )
        try:
            data = marshal.dumps((values, held), _MARSHAL_VERSION)
        except ValueError:  # a header list or message value marshal does not know
            data = marshal.dumps((plain_values(values), held), _MARSHAL_VERSION)
        try:
            self._append(keys=self._keys, args=[data, self.size, self.budget])
        except redis.RedisError as exc:  # the answer went out already: only the entry is lost
            _log.warning("a journal entry was not kept: Redis does not answer (%s)", exc)

    def clear(self) -> None:
        """Forget every exchange; their numbers are not used again."""
        with answering(_UNSHARED):
            self._client.delete(*self._keys[:2])

    def items(self) -> list[Kept]:
        with answering(_UNSHARED):
            entries: list[bytes] = self._client.lrange(self._keys[0], 0, -1)  # type: ignore[assignment]
        callers: dict[tuple[Any, Any], _Caller] = {}
        kept: list[Kept] = []
        for entry in entries:
            seq, _, data = entry.partition(b"\n")
            values, held = marshal.loads(data)
            if held not in callers:
                callers[held] = self._caller(*held)
            kept.append((int(seq), values, callers[held]))
        return kept

    def _caller(self, api_key: str | None, customer_id: int | None) -> _Caller:
        client = self._clients(api_key) if api_key is not None else None
        customer = self._customers(customer_id) if customer_id is not None else None
        return _Caller(client, customer)
