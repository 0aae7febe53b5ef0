"""One check of a presented secret or password: argon2 at most once per
credential (:mod:`.verified`), and never for a caller over its failure limit
(:mod:`.attempts`).
"""

from __future__ import annotations

import ipaddress

from photobank.accounts.attempts import ADDRESS, FailedAttempts, FailureLog, Subject
from photobank.accounts.hashing import SecretHasher
from photobank.accounts.verified import VerifiedCredentials
from photobank.clock import Clock

CLIENT = "client"  # an API client's secret, named by its Api-Key
CUSTOMER = "customer"  # a customer's password, named by the username


class CredentialCheck:
    """Shares one byte budget evenly between verified credentials and failure counts."""

    def __init__(
        self,
        hasher: SecretHasher,
        clock: Clock,
        seconds: float,
        budget: int,
        failures: FailureLog | None = None,
    ) -> None:
        """``failures``: where failed checks are counted (default: in this process)."""
        self._hasher = hasher
        self.verified = VerifiedCredentials(clock, seconds, budget // 2)
        self.attempts = FailedAttempts(clock, budget // 2, log=failures)

    def verify(
        self,
        kind: str,
        name: str,
        stored: tuple[int, str] | None,
        secret: str,
        source: str | None,
    ) -> bool:
        """Whether ``secret`` is the credential of principal ``name``.

        ``stored`` is the principal's id and stored hash (``None``: no such
        principal, which costs as much as a wrong secret); ``source`` is the
        caller's address, when known. Raises
        :class:`~photobank.accounts.attempts.TooManyFailedAttempts`, without
        checking anything, when the principal or the address is over its limit.
        """
        subjects: list[Subject] = [(kind, name)]
        if source and not _loopback(source):
            subjects.append((ADDRESS, source))
        self.attempts.check(kind, subjects)
        if stored is None:
            self._hasher.spend_verify_time(secret)
            self.attempts.failed(subjects)
            return False
        principal, digest = (stored[0], name), stored[1]
        if not self.verified.known(kind, principal, digest, secret):
            if not self._hasher.verify(digest, secret):
                self.attempts.failed(subjects)
                return False
            self.verified.remember(kind, principal, digest, secret)
        self.attempts.succeeded((kind, name))
        return True

    def forget(self, kind: str, name: str) -> None:
        """The principal's credential or standing changed: verify it afresh next time."""
        self.verified.forget(kind, name)

    def clear(self) -> None:
        self.verified.clear()
        self.attempts.clear()


def _loopback(source: str) -> bool:
    """A caller on this machine is limited per principal only: a same-host proxy
    missing from ``PHOTOBANK_TRUSTED_PROXIES`` would otherwise make every caller
    share one count, which any of them could use up for all."""
    try:
        return ipaddress.ip_address(source).is_loopback
    except ValueError:
        return False
