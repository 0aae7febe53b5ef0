"""Argon2id hashing of client secrets and customer passwords.

Secrets and passwords are only ever stored hashed. The cost is a parameter so
that tests (and throwaway emulator databases) can hash in microseconds while a
real deployment keeps argon2-cffi's RFC 9106 defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass(frozen=True, slots=True)
class HashCost:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


# argon2-cffi's own defaults: the RFC 9106 "low memory" profile.
PRODUCTION_COST = HashCost(time_cost=3, memory_cost=64 * 1024, parallelism=4)
# The minimum argon2 accepts: for tests and disposable demo data only.
FAST_COST = HashCost(time_cost=1, memory_cost=8, parallelism=1)


class SecretHasher:
    """Hash and verify secrets; tells when a stored hash predates the current cost."""

    def __init__(self, cost: HashCost = PRODUCTION_COST) -> None:
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost, memory_cost=cost.memory_cost, parallelism=cost.parallelism
        )

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, digest: str, secret: str) -> bool:
        try:
            return self._hasher.verify(digest, secret)
        except (VerificationError, InvalidHashError):
            return False

    @cached_property
    def _decoy(self) -> str:
        """Verified against when a username is unknown, so that a miss costs as much
        time as a wrong password and does not reveal which names exist; made on the
        first miss, not at start-up (a hash at production cost takes ~0.2 s)."""
        return self._hasher.hash("photobank-decoy")

    def spend_verify_time(self, secret: str) -> None:
        """Do the work of one failed verification without any stored hash."""
        self.verify(self._decoy, secret)

    def needs_rehash(self, digest: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(digest)
        except InvalidHashError:
            return True
