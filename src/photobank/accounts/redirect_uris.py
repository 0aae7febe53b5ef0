"""The redirect URIs an API client registered for the OAuth2 sign-in flows.

An authorization request must name one of them exactly (RFC 6749 §3.1.2.2,
and the OAuth 2.0 Security BCP: no prefix or pattern matching), so a stolen
``client_id`` cannot send codes or tokens anywhere else. Registering a URI is
also what lets a client use the sign-in flows at all.

Accepted URIs (RFC 6749 §3.1.2, RFC 8252 §7): absolute, without a fragment;
``https``, or ``http`` on a loopback host only, or a private-use scheme named
after a reversed domain (``com.example.app:/callback``) for native apps.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from photobank import errors
from photobank.clock import Clock
from photobank.store import tables as t

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_MAX_LENGTH = 2000


def check_redirect_uri(uri: str) -> str:
    """``uri`` if a client may register it, else :class:`errors.InvalidParameter` saying why."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError as exc:
        raise _invalid(f"'{uri}' is not a valid URI ({exc}).") from None
    if len(uri) > _MAX_LENGTH:
        raise _invalid(f"A redirect URI is at most {_MAX_LENGTH} characters.")
    if not parts.scheme:
        raise _invalid(f"'{uri}' is not an absolute URI.")
    if parts.fragment or uri.endswith("#"):
        raise _invalid(f"'{uri}' has a fragment; a redirect URI must not (RFC 6749 §3.1.2).")
    if parts.scheme == "https" and parts.hostname:
        return uri
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return uri
    if parts.scheme not in {"http", "https"} and "." in parts.scheme:
        return uri
    raise _invalid(
        f"'{uri}' is not allowed: use https, http on 127.0.0.1, ::1 or localhost,"
        " or a private-use scheme such as com.example.app:/callback."
    )


def _invalid(message: str) -> errors.InvalidParameter:
    return errors.InvalidParameter("redirect_uri", message)


class RedirectUris:
    """Registered redirect URIs, read on each authorization request (never cached:
    a URI removed from the CLI stops working at once)."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def register(self, api_key: str, uri: str) -> bool:
        """Register ``uri`` for the client; False when it was registered already."""
        row = {
            "client_id": self._client_id(api_key),
            "uri": check_redirect_uri(uri),
            "created_at": self._clock.now(),
        }
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(t.oauth_redirect_uris).values(row))
        except IntegrityError:
            return False
        return True

    def unregister(self, api_key: str, uri: str) -> None:
        table = t.oauth_redirect_uris
        where = (table.c.client_id == self._client_id(api_key)) & (table.c.uri == uri)
        with self._engine.begin() as conn:
            if not conn.execute(delete(table).where(where)).rowcount:
                raise errors.NotFound(f"'{uri}' is not registered for the client '{api_key}'.")

    def of_key(self, api_key: str) -> tuple[str, ...]:
        return self.of_client(self._client_id(api_key))

    def of_client(self, client_id: int) -> tuple[str, ...]:
        """The client's URIs, oldest first."""
        table = t.oauth_redirect_uris
        query = select(table.c.uri).where(table.c.client_id == client_id).order_by(table.c.id)
        with self._engine.connect() as conn:
            return tuple(conn.execute(query).scalars())

    def _client_id(self, api_key: str) -> int:
        query = select(t.api_clients.c.id).where(t.api_clients.c.api_key == api_key)
        with self._engine.connect() as conn:
            client_id = conn.execute(query).scalar_one_or_none()
        if client_id is None:
            raise errors.NotFound(f"No API client has the key '{api_key}'.")
        return int(client_id)
