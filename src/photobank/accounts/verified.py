"""Credentials argon2 has accepted, recognised again for a few minutes without argon2.

At production cost one argon2 verification takes 0.3-1.5 s, and a test suite
that asks for a token per test would pay it on every grant (Getty answers in
tens of milliseconds). After argon2 accepts a secret, this cache remembers
HMAC-SHA256 under a key drawn when the process starts of (kind, principal id,
stored hash, presented secret); the same secret presented again within
``PHOTOBANK_VERIFIED_CREDENTIAL_SECONDS`` (by the injectable clock) is
recognised by recomputing that HMAC, in microseconds. The secret itself is
never kept.

The stored hash is part of the HMAC, so a rotated secret or a changed password
misses by construction; disabling a principal, rotating and changing a
password also forget its entries at once. The cache only replaces the argon2
work: callers still check that the principal is enabled on every grant.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from photobank.clock import Clock
from photobank.lru import LruCache

# An entry beyond the LRU's own ENTRY_OVERHEAD: the 32-byte digest as a bytes
# object (65), the value tuple (64), its float (24); the name is weighed by length.
_ENTRY_BYTES = 160


class VerifiedCredentials:
    """HMACs of accepted credentials, each with when and for whom it was accepted."""

    def __init__(self, clock: Clock, seconds: float, budget: int) -> None:
        self._clock = clock
        self._seconds = seconds
        self._key = secrets.token_bytes(32)
        self._entries: LruCache[bytes, tuple[float, str, str]] = LruCache(
            budget, lambda _mac, entry: _ENTRY_BYTES + len(entry[2])
        )

    def known(self, kind: str, principal: tuple[int, str], digest: str, secret: str) -> bool:
        """Whether argon2 accepted ``secret`` against ``digest`` for this principal
        (id, name) less than the configured seconds ago."""
        if self._seconds <= 0:
            return False
        mac = self._mac(kind, principal[0], digest, secret)
        entry = self._entries.get(mac)
        if entry is None:
            return False
        # A clock moved backwards (the emulator's) does not stretch an entry's life.
        if 0 <= self._clock.timestamp() - entry[0] < self._seconds:
            return True
        self._entries.discard(mac)
        return False

    def remember(self, kind: str, principal: tuple[int, str], digest: str, secret: str) -> None:
        """Note that argon2 has just accepted ``secret`` against ``digest``."""
        if self._seconds > 0:
            mac = self._mac(kind, principal[0], digest, secret)
            self._entries.put(mac, (self._clock.timestamp(), kind, principal[1]))

    def forget(self, kind: str, name: str) -> None:
        """Drop every entry of one principal (an Api-Key or a username)."""
        self._entries.discard_where(lambda entry: entry[1] == kind and entry[2] == name)

    def clear(self) -> None:
        self._entries.clear()

    @property
    def weight(self) -> int:
        """Bytes the entries weigh (never more than the budget)."""
        return self._entries.weight

    def _mac(self, kind: str, principal_id: int, digest: str, secret: str) -> bytes:
        mac = hmac.new(self._key, digestmod=hashlib.sha256)
        for part in (kind, str(principal_id), digest, secret):
            data = part.encode("utf-8", "surrogatepass")
            mac.update(len(data).to_bytes(4, "big"))  # length-prefixed: no two inputs collide
            mac.update(data)
        return mac.digest()
