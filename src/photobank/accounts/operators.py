"""The operator credential: one bearer token that lets its holder manage the library.

Only its SHA-256 is stored (in the ``meta`` table): the token is 32 random
bytes, so a fast hash is as safe as a slow one and costs microseconds a
request. Issuing a new token replaces the old one at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import Engine, delete, insert, select

from photobank.store import tables as t

_KEY = "operator_token_sha256"
PREFIX = "pbo_"  # says what a token is when it turns up in a log or a shell history


class OperatorCredential:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def issue(self) -> str:
        """A new operator token (shown only now); the previous one stops working."""
        token = PREFIX + secrets.token_urlsafe(32)
        with self._engine.begin() as conn:
            conn.execute(delete(t.meta).where(t.meta.c.key == _KEY))
            conn.execute(insert(t.meta).values(key=_KEY, value=_digest(token)))
        return token

    def exists(self) -> bool:
        return self._stored() is not None

    def verify(self, token: str) -> bool:
        stored = self._stored()
        return stored is not None and hmac.compare_digest(_digest(token), stored)

    def fingerprint(self) -> str | None:
        """The stored digest (``None`` before one is issued): what a console session
        is signed over, so issuing a new token ends every session of the old one."""
        return self._stored()

    def _stored(self) -> str | None:
        with self._engine.connect() as conn:
            return conn.scalar(select(t.meta.c.value).where(t.meta.c.key == _KEY))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
