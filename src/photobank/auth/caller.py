"""Who is calling, for every skin: v3's Api-Key and bearer token, the legacy
API's session tokens and system credentials.

This runs on every request, so it only uses the cached look-ups of
:class:`AccountService` and :class:`TokenService`. Skins add only their
transport rules (which token kind an operation takes, over which scheme).
"""

from __future__ import annotations

from dataclasses import dataclass

from photobank import errors
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.auth.tokens import INVALID_ACCESS_TOKEN, TokenInfo, TokenService

ACCOUNT_INACTIVE = "Account Inactive"  # Getty's gateway text for a bad Api-Key
MISSING_ACCESS_TOKEN = "The access token is missing"


@dataclass(frozen=True, slots=True)
class Caller:
    client: ApiClient
    customer: Customer | None
    token: TokenInfo | None


class Authenticator:
    def __init__(self, accounts: AccountService, tokens: TokenService) -> None:
        self._accounts = accounts
        self._tokens = tokens

    def authenticate(self, api_key: str | None, authorization: str | None) -> Caller:
        """The caller behind an ``Api-Key`` and an ``Authorization`` header.

        A bad key is :class:`errors.InvalidApiKey` (Getty's gateway refuses it
        before anything else); a bad bearer token is :class:`errors.Unauthenticated`.
        Without an ``Authorization`` header the caller is the client alone.
        """
        client = self._accounts.get_client_by_key(api_key.strip()) if api_key else None
        if client is None or not client.enabled:
            raise errors.InvalidApiKey(ACCOUNT_INACTIVE)
        if authorization is None:
            return Caller(client, None, None)
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise errors.Unauthenticated(MISSING_ACCESS_TOKEN)
        info = self._tokens.resolve_access(token)
        if info.client_id != client.id:
            raise errors.Unauthenticated("The access token was issued to another Api-Key")
        return Caller(client, self._customer(info, INVALID_ACCESS_TOKEN), info)

    def authenticate_client(
        self, api_key: str, secret: str, source: str | None = None
    ) -> ApiClient | None:
        """The enabled client with this Api-Key and secret (a legacy SystemId and
        SystemPassword), else ``None``; ``source`` is the caller's address."""
        client = self._accounts.get_client_by_key(api_key.strip())
        if client is None or not client.enabled:
            return None
        return client if self._accounts.verify_client_secret(client, secret, source) else None

    def session_token(self, token: str) -> tuple[TokenInfo, bool]:
        """What a legacy session token stands for, and whether it is a SecureToken.

        A standard token is an ordinary access token, so v3's access tokens are
        accepted as well; :class:`errors.Unauthenticated` when neither kind is live.
        """
        try:
            return self._tokens.resolve_access(token), False
        except errors.Unauthenticated:
            return self._tokens.resolve_secure(token), True

    def session_caller(self, info: TokenInfo) -> Caller:
        """The caller behind a live session token, refused when its client or
        customer has been disabled since it was issued."""
        client = self._accounts.get_client(info.client_id)
        if client is None or not client.enabled:
            raise errors.Unauthenticated("The token's application (Api-Key) is disabled.")
        return Caller(client, self._customer(info, "The token's user account is disabled."), info)

    def _customer(self, info: TokenInfo, refusal: str) -> Customer | None:
        """The enabled customer ``info`` speaks for (None: an application token)."""
        if info.customer_id is None:
            return None
        customer = self._accounts.get_customer(info.customer_id)
        if customer is None or not customer.enabled:
            raise errors.Unauthenticated(refusal)
        return customer
