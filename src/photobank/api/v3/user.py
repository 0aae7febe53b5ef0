"""The signed-in customer that licensing operations need.

Without a bearer token Getty answers 401 (most operations name the code
``AuthorizationTokenRequired``, a few ``Unauthorized``); with an app-only
(client_credentials) token it answers ``UserTokenRequired``: "Security token
must contain a user."
"""

from __future__ import annotations

from starlette.requests import Request

from photobank.accounts.models import Customer
from photobank.api.v3.common import caller, services
from photobank.auth.caller import MISSING_ACCESS_TOKEN
from photobank.errors import Unauthenticated, UserTokenRequired

USER_TOKEN_REQUIRED = "Security token must contain a user."
NO_ACCOUNT = "Security token must contain a user: this application belongs to no customer account."


def require_account(request: Request) -> Customer:
    """The customer an operation taking either token acts for: a user token's, or the
    account an app token's application belongs to (Getty issues keys to accounts)."""
    who = caller(request)
    if who.token is None:
        raise Unauthenticated(MISSING_ACCESS_TOKEN, code="AuthorizationTokenRequired")
    account = who.customer or services(request).accounts.account_of(who.client)
    if account is None:
        raise UserTokenRequired(NO_ACCOUNT)
    return account


def require_customer(request: Request, code: str = "AuthorizationTokenRequired") -> Customer:
    """The customer behind the request's token, or the 401 the operation documents."""
    who = caller(request)
    if who.token is None:
        raise Unauthenticated(MISSING_ACCESS_TOKEN, code=code)
    if who.customer is None:
        raise UserTokenRequired(USER_TOKEN_REQUIRED)
    return who.customer
