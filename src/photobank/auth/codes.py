"""OAuth2 authorization codes: short-lived, single-use, bound to a client and a redirect URI.

Like tokens they are stored only as SHA-256 digests. Redeeming a code marks it
used in the same conditional UPDATE that finds it, so two concurrent token
requests with one code cannot both succeed. A code keeps the digests of the
tokens issued for it: when it is presented again, someone replays it, and
RFC 6749 §4.1.2 asks to revoke those tokens.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, insert, select, update

from photobank.clock import Clock
from photobank.clock import as_utc as utc
from photobank.store import tables as t

CODE_TTL_SECONDS = 60  # RFC 6749 §4.1.2 recommends ten minutes at most


@dataclass(frozen=True, slots=True)
class RedeemedCode:
    customer_id: int
    redirect_uri: str  # "" when the authorization request named none


class AuthorizationCodes:
    def __init__(self, engine: Engine, clock: Clock, ttl: int = CODE_TTL_SECONDS) -> None:
        self._engine = engine
        self._clock = clock
        self._ttl = timedelta(seconds=ttl)

    def save(self, code: str, client_id: int, customer_id: int, redirect_uri: str) -> None:
        """Remember a code just handed to the client's redirect URI."""
        now = self._clock.now()
        row = {
            "code_hash": digest(code),
            "client_id": client_id,
            "customer_id": customer_id,
            "redirect_uri": redirect_uri,
            "issued_at": now,
            "expires_at": now + self._ttl,
            "used": False,
            "token_hashes": [],
        }
        with self._engine.begin() as conn:
            conn.execute(insert(t.oauth_codes).values(row))

    def redeem(self, code: str, client_id: int) -> RedeemedCode | None:
        """The code's grant, once: ``None`` if it is unknown, another client's, used or expired."""
        table = t.oauth_codes
        query = (
            update(table)
            .where(
                table.c.code_hash == digest(code),
                table.c.client_id == client_id,
                table.c.used.is_(False),
            )
            .values(used=True)
            .returning(table.c.customer_id, table.c.redirect_uri, table.c.expires_at)
        )
        with self._engine.begin() as conn:
            row = conn.execute(query).first()
        if row is None or utc(row.expires_at) <= self._clock.now():
            return None
        return RedeemedCode(row.customer_id, row.redirect_uri)

    def record_tokens(self, code: str, token_hashes: list[str]) -> None:
        """Remember the digests of the tokens issued for a redeemed code."""
        table = t.oauth_codes
        with self._engine.begin() as conn:
            conn.execute(
                update(table)
                .where(table.c.code_hash == digest(code))
                .values(token_hashes=token_hashes)
            )

    def replayed_tokens(self, code: str, client_id: int) -> list[str]:
        """Digests of the tokens issued for ``code`` if the client redeemed it already."""
        table = t.oauth_codes
        query = select(table.c.token_hashes).where(
            table.c.code_hash == digest(code),
            table.c.client_id == client_id,
            table.c.used.is_(True),
        )
        with self._engine.connect() as conn:
            hashes = conn.execute(query).scalar_one_or_none()
        return list(hashes or [])


def digest(secret: str) -> str:
    """How codes and tokens are stored: their SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()
