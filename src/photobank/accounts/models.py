"""Account records as the rest of the server sees them: no hashes inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

GRANT_TYPES = ("client_credentials", "password", "refresh_token")


@dataclass(frozen=True, slots=True)
class ApiClient:
    """An application: its Api-Key is the OAuth2 ``client_id``.

    A limit of 0 means unlimited. ``grant_types`` lists the OAuth2 grants the
    client may use (a Getty sandbox key has ``client_credentials`` only). As Getty
    issues keys to accounts, a client may belong to a customer (``account_id``):
    operations taking either token act for that customer on an app token.
    """

    id: int
    name: str
    api_key: str
    enabled: bool
    qps_limit: int
    daily_limit: int
    grant_types: tuple[str, ...]
    created_at: datetime
    account_id: int | None = None  # the customer the application belongs to, if any


@dataclass(frozen=True, slots=True)
class Customer:
    """A person who signs in (password grant, or photobank's sign-in page)."""

    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    enabled: bool
    created_at: datetime
    middle_name: str = ""
