"""authlib's grants for the sign-in (redirect) flows, wired to photobank's stores.

* :class:`AuthorizationCode` (``response_type=code``, then ``grant_type=
  authorization_code`` at the token endpoint): the code is bound to the client
  and to the redirect URI of the authorization request, works once and lives
  :data:`~photobank.auth.codes.CODE_TTL_SECONDS` on the injectable clock; a
  replayed code revokes the tokens issued for it. The token response is the
  password grant's: an access token, and a refresh token when the client may
  refresh.
* :class:`Implicit` (``response_type=token``): an access token in the
  redirect URI's fragment, never a refresh token (RFC 6749 §4.2.2).
"""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationCodeGrant,
    ImplicitGrant,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
)

from photobank.accounts.models import Customer
from photobank.accounts.service import AccountService
from photobank.auth.codes import RedeemedCode, digest
from photobank.auth.descriptions import quoted
from photobank.auth.tokens import TokenService

USER_FLOW_RESPONSE_TYPES = frozenset({"code", "token"})


class _Code:
    """authlib's view of a redeemed code."""

    def __init__(self, redeemed: RedeemedCode) -> None:
        self.redeemed = redeemed

    def get_redirect_uri(self) -> str:
        return self.redeemed.redirect_uri

    def get_scope(self) -> str:
        return ""


def _enabled_customer(server: Any, customer_id: int) -> Customer:
    accounts: AccountService = server.accounts
    customer = accounts.get_customer(customer_id)
    if customer is None or not customer.enabled:
        raise InvalidGrantError("The customer who signed in is disabled.")
    return customer


def _registered_redirect_uri(request: Any, client: Any) -> str:
    """The request's redirect URI if the client registered exactly that one, else its only one."""
    requested = request.payload.redirect_uri
    if requested:
        if not client.check_redirect_uri(requested):
            raise InvalidRequestError(
                f"The redirect_uri '{quoted(requested)}' is not registered for this client"
                " (it must match a registered URI exactly)."
            )
        return str(requested)
    default: str | None = client.get_default_redirect_uri()
    if not default:
        raise InvalidRequestError(
            "Missing 'redirect_uri': it may be left out only when the client registered one."
        )
    return default


class AuthorizationCode(AuthorizationCodeGrant):  # type: ignore[misc]
    validate_authorization_redirect_uri = staticmethod(_registered_redirect_uri)

    def save_authorization_code(self, code: str, request: Any) -> None:
        tokens: TokenService = self.server.tokens
        redirect_uri = request.payload.redirect_uri or ""
        tokens.codes.save(code, request.client.api_client.id, request.user.id, redirect_uri)

    def query_authorization_code(self, code: str, client: Any) -> _Code:
        tokens: TokenService = self.server.tokens
        redeemed = tokens.codes.redeem(code, client.api_client.id)
        if redeemed is None:
            tokens.revoke_hashes(tokens.codes.replayed_tokens(code, client.api_client.id))
            raise InvalidGrantError(
                "The code is unknown, was issued to another client, was used already"
                " or has expired."
            )
        return _Code(redeemed)

    def save_token(self, token: dict[str, str]) -> None:
        """Tie the tokens to their code, so that replaying the code revokes them."""
        tokens: TokenService = self.server.tokens
        issued = [
            token["access_token"],
            *([token["refresh_token"]] if "refresh_token" in token else []),
        ]
        tokens.codes.record_tokens(self.request.form["code"], [digest(value) for value in issued])

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        """Nothing to do: redeeming the code used it up."""

    def authenticate_user(self, authorization_code: _Code) -> Customer:
        return _enabled_customer(self.server, authorization_code.redeemed.customer_id)


class Implicit(ImplicitGrant):  # type: ignore[misc]
    validate_authorization_redirect_uri = staticmethod(_registered_redirect_uri)

    def authenticate_token_endpoint_client(self) -> Any:
        """The client named by ``client_id``: an implicit request carries no secret."""
        client_id = self.request.payload.client_id
        if not client_id:
            raise InvalidClientError(description="Missing 'client_id' parameter.")
        client = self.server.query_client(client_id)
        if client is None:
            raise InvalidClientError(description="The client_id is unknown or disabled.")
        return client
