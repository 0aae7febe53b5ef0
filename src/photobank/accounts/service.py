"""API clients and customers: creation, look-up and credential checks.

``get_client_by_key`` and ``get_customer`` run on every request, so they are
answered from a short-lived memory cache that every change made here clears.
Changes made by another process (the CLI, another node) show within
``cache_seconds``.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from photobank import errors
from photobank.accounts.attempts import FailureLog
from photobank.accounts.cache import TtlCache, account_cache_budget
from photobank.accounts.checks import check_grant_types, check_limits, check_secret, check_text
from photobank.accounts.credentials import CLIENT, CUSTOMER, CredentialCheck
from photobank.accounts.hashing import SecretHasher
from photobank.accounts.models import GRANT_TYPES, ApiClient, Customer
from photobank.accounts.redirect_uris import RedirectUris
from photobank.clock import Clock
from photobank.clock import as_utc as utc
from photobank.config import Settings
from photobank.store import tables as t

_KEY_ALPHABET = string.ascii_lowercase + string.digits
_KEY_LENGTH = 24  # the length of Getty's Api-Keys
_SECRET_BYTES = 32  # token_urlsafe: 43 characters


class TokenCache(Protocol):
    """The part of the token service that must hear of a password change at once."""

    def forget_customer(self, customer_id: int) -> None: ...


def revoke_customer_tokens(conn: Connection, customer_id: int) -> None:
    """Revoke every access and refresh token of a customer, inside the caller's transaction."""
    conn.execute(
        update(t.oauth_tokens)
        .where(t.oauth_tokens.c.customer_id == customer_id)
        .values(revoked=True)
    )


@dataclass(frozen=True, slots=True)
class _ClientRecord:
    client: ApiClient
    secret_hash: str


class AccountService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        settings: Settings,
        *,
        hasher: SecretHasher | None = None,
        token_cache: TokenCache | None = None,
        cache_seconds: float = 5.0,
        failures: FailureLog | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._settings = settings
        self._hasher = hasher or SecretHasher()
        self._token_cache = token_cache
        budget = account_cache_budget(settings)
        self._clients: TtlCache[str, _ClientRecord] = TtlCache(cache_seconds, budget)
        self._customers: TtlCache[int, Customer] = TtlCache(cache_seconds, budget)
        seconds = settings.verified_credential_seconds
        self._credentials = CredentialCheck(self._hasher, clock, seconds, budget, failures)
        self._keys_by_id: dict[int, str] = {}  # an Api-Key never changes once issued
        self.redirect_uris = RedirectUris(engine, clock)

    # -- API clients -----------------------------------------------------

    def create_client(
        self,
        name: str,
        *,
        qps_limit: int | None = None,
        daily_limit: int | None = None,
        grant_types: Iterable[str] = GRANT_TYPES,
        api_key: str | None = None,
        secret: str | None = None,
    ) -> tuple[ApiClient, str]:
        """A new client and its secret in plain text: the only time the secret is visible.

        ``api_key`` and ``secret`` may be given so that demos and tests have
        fixed credentials; otherwise both are random.
        """
        key = _new_api_key() if api_key is None else api_key
        secret = secrets.token_urlsafe(_SECRET_BYTES) if secret is None else secret
        qps = self._settings.default_qps_limit if qps_limit is None else qps_limit
        daily = self._settings.default_daily_limit if daily_limit is None else daily_limit
        check_text("name", name, t.api_clients)
        check_text("api_key", key, t.api_clients)
        if any(c.isspace() for c in key):
            raise errors.InvalidParameter("api_key", "An Api-Key cannot contain whitespace.")
        check_secret("secret", secret)
        check_limits(qps, daily)
        row: dict[str, Any] = {
            "name": name,
            "api_key": key,
            "secret_hash": self._hasher.hash(secret),
            "enabled": True,
            "qps_limit": qps,
            "daily_limit": daily,
            "grant_types": list(check_grant_types(grant_types)),
            "created_at": self._clock.now(),
            "account_id": None,
        }
        row["id"] = self._insert(t.api_clients, row, f"An API client with key '{key}' exists.")
        self._clients.clear()
        return _client(row), secret

    def list_clients(self) -> list[ApiClient]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.api_clients).order_by(t.api_clients.c.id)).mappings()
            return [_client(row) for row in rows]

    def get_client_by_key(self, api_key: str) -> ApiClient | None:
        """The client with this Api-Key, enabled or not; ``None`` when unknown."""
        record = self._client_record(api_key)
        return record.client if record else None

    def get_client(self, client_id: int) -> ApiClient | None:
        """The client with this id (the one a token was issued to), enabled or not."""
        key = self._keys_by_id.get(client_id)
        if key is None:
            with self._engine.connect() as conn:
                key = conn.execute(
                    select(t.api_clients.c.api_key).where(t.api_clients.c.id == client_id)
                ).scalar_one_or_none()
            if key is None:
                return None
            self._keys_by_id[client_id] = key
        return self.get_client_by_key(key)

    def verify_client_secret(
        self, client: ApiClient, secret: str, source: str | None = None
    ) -> bool:
        """Whether ``secret`` is the client's; argon2 runs once per secret (see
        :mod:`.credentials`). ``source``: the caller's address, for failure limits."""
        record = self._client_record(client.api_key)
        if record is None or record.client.id != client.id:
            return False
        stored = (client.id, record.secret_hash)
        if not self._credentials.verify(CLIENT, client.api_key, stored, secret, source):
            return False
        if self._hasher.needs_rehash(record.secret_hash):
            digest = self._hasher.hash(secret)
            self._update(t.api_clients, t.api_clients.c.id == client.id, secret_hash=digest)
        return True

    def rotate_secret(self, api_key: str) -> str:
        """Give the client a new random secret; the old one stops working at once."""
        secret = secrets.token_urlsafe(_SECRET_BYTES)
        self._update_client(api_key, secret_hash=self._hasher.hash(secret))
        self._credentials.forget(CLIENT, api_key)
        return secret

    def set_client_enabled(self, api_key: str, enabled: bool) -> None:
        self._update_client(api_key, enabled=enabled)
        self._credentials.forget(CLIENT, api_key)

    def set_client_limits(
        self, api_key: str, qps: int | None = None, daily: int | None = None
    ) -> None:
        """Change either limit (``None`` keeps it; 0 means unlimited)."""
        check_limits(qps or 0, daily or 0)
        values = {"qps_limit": qps, "daily_limit": daily}
        self._update_client(api_key, **{k: v for k, v in values.items() if v is not None})

    def set_client_account(self, api_key: str, username: str | None) -> None:
        """Make the client belong to customer ``username`` (``None``: to no one)."""
        account_id = None
        if username is not None:
            row = self._customer_row(t.customers.c.username == username)
            if row is None:
                raise errors.NotFound(f"No customer has the username '{username}'.")
            account_id = row["id"]
        self._update_client(api_key, account_id=account_id)

    def account_of(self, client: ApiClient) -> Customer | None:
        """The enabled customer ``client`` belongs to, whom its app tokens act for."""
        if client.account_id is None:
            return None
        customer = self.get_customer(client.account_id)
        return customer if customer is not None and customer.enabled else None

    def _client_record(self, api_key: str) -> _ClientRecord | None:
        record = self._clients.get(api_key)
        if record is not None:
            return record
        with self._engine.connect() as conn:
            row = (
                conn.execute(select(t.api_clients).where(t.api_clients.c.api_key == api_key))
                .mappings()
                .first()
            )
        if row is None:
            return None
        record = _ClientRecord(_client(row), row["secret_hash"])
        self._clients.put(api_key, record)
        return record

    def _update_client(self, api_key: str, **values: Any) -> None:
        if not self._update(t.api_clients, t.api_clients.c.api_key == api_key, **values):
            raise errors.NotFound(f"No API client has the key '{api_key}'.")

    # -- customers -------------------------------------------------------

    def create_customer(
        self,
        username: str,
        password: str,
        first_name: str = "",
        last_name: str = "",
        email: str = "",
        middle_name: str = "",
    ) -> Customer:
        check_text("username", username, t.customers)
        check_secret("password", password)
        for field, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("email", email),
            ("middle_name", middle_name),
        ):
            check_text(field, value, t.customers, required=False)
        row: dict[str, Any] = {
            "username": username,
            "password_hash": self._hasher.hash(password),
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "middle_name": middle_name,
            "enabled": True,
            "created_at": self._clock.now(),
        }
        row["id"] = self._insert(t.customers, row, f"The username '{username}' is taken.")
        return _customer(row)

    def list_customers(self) -> list[Customer]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.customers).order_by(t.customers.c.id)).mappings()
            return [_customer(row) for row in rows]

    def get_customer(self, customer_id: int) -> Customer | None:
        customer = self._customers.get(customer_id)
        if customer is not None:
            return customer
        row = self._customer_row(t.customers.c.id == customer_id)
        if row is None:
            return None
        customer = _customer(row)
        self._customers.put(customer_id, customer)
        return customer

    def authenticate_customer(
        self, username: str, password: str, source: str | None = None
    ) -> Customer | None:
        """The enabled customer with these credentials, else ``None``.

        An unknown username costs as much time as a wrong password, so timing
        does not tell which usernames exist. ``source`` as for
        :meth:`verify_client_secret`.
        """
        row = self._customer_row(t.customers.c.username == username)
        stored = (row["id"], row["password_hash"]) if row is not None else None
        verified = self._credentials.verify(CUSTOMER, username, stored, password, source)
        if not verified or row is None or not row["enabled"]:
            return None
        digest = row["password_hash"]
        if self._hasher.needs_rehash(digest):
            fresh = self._hasher.hash(password)
            self._update(t.customers, t.customers.c.id == row["id"], password_hash=fresh)
        return _customer(row)

    def set_password(self, username: str, password: str) -> None:
        """Set a new password and revoke the customer's tokens, in one transaction.

        Getty: "Changing the user's password revokes the user's access and
        refresh tokens".
        """
        check_secret("password", password)
        digest = self._hasher.hash(password)
        with self._engine.begin() as conn:
            customer_id = conn.execute(
                update(t.customers)
                .where(t.customers.c.username == username)
                .values(password_hash=digest)
                .returning(t.customers.c.id)
            ).scalar_one_or_none()
            if customer_id is None:
                raise errors.NotFound(f"No customer has the username '{username}'.")
            revoke_customer_tokens(conn, customer_id)
        self._customers.discard(customer_id)
        self._credentials.forget(CUSTOMER, username)
        if self._token_cache is not None:
            self._token_cache.forget_customer(customer_id)

    def set_customer_enabled(self, username: str, enabled: bool) -> None:
        """A disabled customer can neither sign in nor use tokens issued before."""
        if not self._update(t.customers, t.customers.c.username == username, enabled=enabled):
            raise errors.NotFound(f"No customer has the username '{username}'.")
        self._credentials.forget(CUSTOMER, username)

    def _customer_row(self, where: Any) -> Mapping[Any, Any] | None:
        with self._engine.connect() as conn:
            return conn.execute(select(t.customers).where(where)).mappings().first()

    # -- shared ----------------------------------------------------------

    def clear_caches(self) -> None:
        """Forget cached clients and customers (the store was restored underneath)."""
        self._clients.clear()
        self._customers.clear()
        self._keys_by_id.clear()
        self._credentials.clear()

    def _insert(self, table: Table, row: dict[str, Any], duplicate: str) -> int:
        try:
            with self._engine.begin() as conn:
                new_id: int = conn.execute(
                    insert(table).values(row).returning(table.c.id)
                ).scalar_one()
        except IntegrityError as exc:
            raise errors.Conflict(duplicate) from exc
        return new_id

    def _update(self, table: Table, where: Any, **values: Any) -> bool:
        """Apply ``values`` to matching rows and drop cached records; False if none matched."""
        with self._engine.begin() as conn:
            matched = conn.execute(update(table).where(where).values(**values)).rowcount > 0
        self._clients.clear()
        self._customers.clear()
        return matched


def _new_api_key() -> str:
    return "".join(secrets.choice(_KEY_ALPHABET) for _ in range(_KEY_LENGTH))


def _client(row: Mapping[Any, Any]) -> ApiClient:
    return ApiClient(
        id=row["id"],
        name=row["name"],
        api_key=row["api_key"],
        enabled=row["enabled"],
        qps_limit=row["qps_limit"],
        daily_limit=row["daily_limit"],
        grant_types=tuple(row["grant_types"]),
        created_at=utc(row["created_at"]),
        account_id=row["account_id"],
    )


def _customer(row: Mapping[Any, Any]) -> Customer:
    return Customer(
        id=row["id"],
        username=row["username"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        enabled=row["enabled"],
        created_at=utc(row["created_at"]),
        middle_name=row["middle_name"],
    )
