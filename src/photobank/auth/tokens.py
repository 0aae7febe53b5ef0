"""Opaque OAuth2 bearer tokens, stored only as SHA-256 digests.

A token is random (``secrets.token_urlsafe``), so a digest is enough to find it
and a leaked database holds nothing a caller could present. Access tokens are
resolved on every request: a resolved token is kept in memory for a couple of
seconds, but its expiry is checked against the clock on every use, and
revocations made in this process drop it at once. A revocation made by another
process (the CLI, another node) shows within ``cache_seconds``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from photobank import errors
from photobank.accounts.cache import TtlCache, account_cache_budget
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import revoke_customer_tokens
from photobank.auth.codes import AuthorizationCodes
from photobank.clock import Clock
from photobank.clock import as_utc as utc
from photobank.config import Settings
from photobank.store import tables as t

_ACCESS = "access"
_REFRESH = "refresh"
SECURE = "secure"  # a legacy Connect SecureToken
_TOKEN_BYTES = 32
INVALID_ACCESS_TOKEN = "The access token is invalid or has expired"
INVALID_REFRESH_TOKEN = "The refresh token is invalid, expired or revoked"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """Who a token speaks for: a client, and a customer for user tokens."""

    client_id: int
    customer_id: int | None
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    expires_in: int  # seconds
    refresh_token: str | None = None


class TokenService:
    def __init__(
        self, engine: Engine, clock: Clock, settings: Settings, *, cache_seconds: float = 2.0
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._access_ttl = settings.access_token_ttl
        self._refresh_ttl = settings.refresh_token_ttl
        self._cache: TtlCache[str, TokenInfo] = TtlCache(
            cache_seconds, account_cache_budget(settings)
        )
        self.codes = AuthorizationCodes(engine, clock)

    def issue(
        self, client: ApiClient, customer: Customer | None, with_refresh: bool
    ) -> IssuedTokens:
        """A new access token (and refresh token) for ``client`` acting for ``customer``."""
        return self._issue(client.id, customer.id if customer else None, with_refresh)

    def resolve_access(self, token: str) -> TokenInfo:
        """What an access token stands for; :class:`errors.Unauthenticated` if it is not live."""
        digest = _digest(token)
        info = self._cache.get(digest)
        if info is None:
            info = self._lookup(digest, _ACCESS)
            if info is None:
                raise errors.Unauthenticated(INVALID_ACCESS_TOKEN)
            self._cache.put(digest, info)
        if info.expires_at <= self._clock.now():
            self._cache.discard(digest)
            raise errors.Unauthenticated(INVALID_ACCESS_TOKEN)
        return info

    def issue_session(
        self, client_id: int, customer_id: int | None, ttl: int
    ) -> tuple[str, str, datetime]:
        """A legacy Connect session: a standard (access) token and a secure token, both ``ttl`` s.

        The secure token has a kind of its own, so only the legacy secure-only
        operations accept it; the standard token is an ordinary access token.
        """
        now = self._clock.now()
        standard, secure = secrets.token_urlsafe(_TOKEN_BYTES), secrets.token_urlsafe(_TOKEN_BYTES)
        expires = now + timedelta(seconds=ttl)
        row = {"client_id": client_id, "customer_id": customer_id, "issued_at": now}
        rows = [
            {**row, "token_hash": _digest(token), "kind": kind, "expires_at": expires}
            for token, kind in ((standard, _ACCESS), (secure, SECURE))
        ]
        with self._engine.begin() as conn:
            conn.execute(insert(t.oauth_tokens), rows)
        return standard, secure, expires

    def resolve_secure(self, token: str) -> TokenInfo:
        """What a legacy secure token stands for; :class:`errors.Unauthenticated` if not live."""
        info = self._lookup(_digest(token), SECURE)
        if info is None or info.expires_at <= self._clock.now():
            raise errors.Unauthenticated(INVALID_ACCESS_TOKEN)
        return info

    def resolve_refresh(self, token: str) -> TokenInfo:
        """What a refresh token stands for; never cached, as it is used only every half hour."""
        info = self._lookup(_digest(token), _REFRESH)
        if info is None or info.expires_at <= self._clock.now():
            raise errors.Unauthenticated(INVALID_REFRESH_TOKEN)
        return info

    def refresh(self, refresh_token: str, client: ApiClient) -> IssuedTokens:
        """A new access token from a refresh token, which stays valid for reuse.

        The refresh token only works for the client it was issued to.
        """
        info = self.resolve_refresh(refresh_token)
        if info.client_id != client.id:
            raise errors.Unauthenticated("The refresh token was issued to another client")
        return self._issue(client.id, info.customer_id, with_refresh=False)

    def revoke_customer(self, customer_id: int) -> None:
        with self._engine.begin() as conn:
            revoke_customer_tokens(conn, customer_id)
        self.forget_customer(customer_id)

    def revoke_hashes(self, token_hashes: list[str]) -> None:
        """Revoke tokens by their digests (those issued for a replayed authorization code)."""
        if not token_hashes:
            return
        table = t.oauth_tokens
        with self._engine.begin() as conn:
            conn.execute(
                update(table).where(table.c.token_hash.in_(token_hashes)).values(revoked=True)
            )
        for token_hash in token_hashes:
            self._cache.discard(token_hash)

    def forget_customer(self, customer_id: int) -> None:
        """Drop the customer's tokens from memory (they were revoked in the store)."""
        self._cache.discard_where(lambda info: info.customer_id == customer_id)

    def clear_caches(self) -> None:
        """Forget resolved tokens (the store was restored underneath)."""
        self._cache.clear()

    def purge_expired(self) -> int:
        """Delete tokens past their expiry; returns how many went."""
        table = t.oauth_tokens
        with self._engine.begin() as conn:
            return conn.execute(
                delete(table).where(table.c.expires_at < self._clock.now())
            ).rowcount

    def _issue(self, client_id: int, customer_id: int | None, with_refresh: bool) -> IssuedTokens:
        now = self._clock.now()
        access = secrets.token_urlsafe(_TOKEN_BYTES)
        refresh = secrets.token_urlsafe(_TOKEN_BYTES) if with_refresh else None
        lifetimes = [(access, _ACCESS, self._access_ttl)]
        if refresh is not None:
            lifetimes.append((refresh, _REFRESH, self._refresh_ttl))
        rows = [
            {
                "token_hash": _digest(token),
                "kind": kind,
                "client_id": client_id,
                "customer_id": customer_id,
                "issued_at": now,
                "expires_at": now + timedelta(seconds=ttl),
                "revoked": False,
            }
            for token, kind, ttl in lifetimes
        ]
        with self._engine.begin() as conn:
            conn.execute(insert(t.oauth_tokens), rows)
        return IssuedTokens(access, self._access_ttl, refresh)

    def _lookup(self, digest: str, kind: str) -> TokenInfo | None:
        table = t.oauth_tokens
        query = select(table.c.client_id, table.c.customer_id, table.c.expires_at).where(
            table.c.token_hash == digest, table.c.kind == kind, table.c.revoked.is_(False)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return TokenInfo(row.client_id, row.customer_id, utc(row.expires_at))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
