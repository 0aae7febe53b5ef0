"""Who is calling: the Api-Key names the client, an optional bearer token the customer.

This runs on every request, so it only uses the cached look-ups of
:class:`AccountService` and :class:`TokenService`.
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
        customer = None
        if info.customer_id is not None:
            customer = self._accounts.get_customer(info.customer_id)
            if customer is None or not customer.enabled:
                raise errors.Unauthenticated(INVALID_ACCESS_TOKEN)
        return Caller(client, customer, info)
