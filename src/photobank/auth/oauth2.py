"""The OAuth2 token endpoint, ``POST /oauth2/token``, on authlib's RFC 6749 server.

authlib does the protocol: it picks the grant, authenticates the client, runs
each grant's checks and shapes RFC 6749 §5.2 errors. This module is the small
Starlette integration authlib asks of a framework, plus what Getty's wire
format needs:

* Token bodies carry ``token_type`` "Bearer" and ``expires_in`` as a string
  ("1800"), as Getty's responses and SDK fixtures do; the password grant adds a
  refresh token, a refresh gives a new access token only. Refresh tokens are
  reused until they expire, so the old one is never revoked.
* Client authentication (form fields or HTTP Basic) is replaced by functions
  that say what was wrong, always with a 401 ``invalid_client``; a disabled
  client is unknown. Wrong user credentials are ``invalid_grant`` (authlib's
  password grant says ``invalid_request``), as RFC 6749 §5.2 asks.
* The body is parsed with ``urllib.parse``: Starlette's form parser needs
  python-multipart, and a token request is a short urlencoded form.
* authlib refuses request URIs that are not https. Transport security is
  decided before authlib runs (:mod:`photobank.tls.transport`), so the URI
  handed to authlib is marked https.
* A client or username over its failure limit, or a caller's address over
  its own (:mod:`photobank.accounts.attempts`), is refused with the error a
  wrong credential gets (``invalid_client`` 401, ``invalid_grant`` 400), a
  description saying when to try again and a ``Retry-After`` header, without
  any argon2 work. A secret verified in the last minutes costs no argon2 either
  (:mod:`photobank.accounts.verified`).
* The sign-in flows (:mod:`photobank.auth.authorize`) share this server: the
  ``authorization_code`` grant redeems their codes here. A client may use them
  when it may act for customers (the password grant) and has registered a
  redirect URI.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol
from urllib.parse import parse_qsl

import orjson
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientCredentialsGrant,
    ClientMixin,
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
    RefreshTokenGrant,
    ResourceOwnerPasswordCredentialsGrant,
    TokenMixin,
    UnsupportedResponseTypeError,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from photobank import errors
from photobank.accounts.attempts import TooManyFailedAttempts
from photobank.accounts.models import ApiClient, Customer
from photobank.accounts.service import AccountService
from photobank.api.bodies import read_body
from photobank.auth.descriptions import quoted
from photobank.auth.redirect_grants import USER_FLOW_RESPONSE_TYPES, AuthorizationCode, Implicit
from photobank.auth.tokens import TokenInfo, TokenService
from photobank.config import Settings
from photobank.tls.transport import source_address

TOKEN_PATHS = ("/oauth2/token", "/oauth2/token/", "/v4/oauth2/token")
_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]
_MAX_BODY_BYTES = 16 * 1024
_MAX_FIELDS = 32
_JSON = "application/json; charset=utf-8"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class _AccountsAndTokens(Protocol):
    settings: Settings
    accounts: AccountService
    tokens: TokenService


def token_endpoint(services: _AccountsAndTokens) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint to mount for POST at each of :data:`TOKEN_PATHS`."""
    return TokenEndpoint(services.accounts, services.tokens, services.settings).handle


class TokenEndpoint:
    """The token endpoint; it needs no Api-Key and sends no CORS headers, as Getty's."""

    def __init__(self, accounts: AccountService, tokens: TokenService, settings: Settings) -> None:
        self._server = OAuthServer(accounts, tokens)
        self._settings = settings
        # authlib's grants log each issued token at DEBUG: keep tokens out of
        # the logs even when the server runs at debug level.
        logging.getLogger("authlib.oauth2.rfc6749.grants").setLevel(logging.INFO)

    async def handle(self, request: Request) -> Response:
        try:
            fields = await read_form(request)
            uri = str(request.url.replace(scheme="https"))
            source = source_address(request.scope, self._settings)
            oauth_request = OAuthRequest(request.method, uri, request.headers, fields, source)
        except OAuth2Error as error:
            return self._server.handle_error_response(None, error)
        return await run_in_threadpool(self._server.create_token_response, oauth_request)


async def read_form(request: Request) -> list[tuple[str, str]]:
    body = await read_body(
        request,
        _MAX_BODY_BYTES,
        lambda: InvalidRequestError("The request body is too large for a token request."),
    )
    try:
        return parse_qsl(body.decode(), max_num_fields=_MAX_FIELDS)
    except ValueError as exc:  # also UnicodeDecodeError
        raise InvalidRequestError(
            "The body must be a UTF-8 application/x-www-form-urlencoded form."
        ) from exc


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for name, value in fields:
            self._datalist[name].append(value)
        self._data = {name: values[0] for name, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class OAuthRequest(OAuth2Request):  # type: ignore[misc]
    def __init__(
        self,
        method: str,
        uri: str,
        headers: Headers,
        fields: list[tuple[str, str]],
        source: str | None = None,
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self.payload = _Payload(fields)
        self.source = source  # the caller's address, for failure limits

    @property
    def form(self) -> dict[str, str]:
        return self.payload.data

    @property
    def args(self) -> dict[str, str]:
        return {}


class _Client(ClientMixin):  # type: ignore[misc]
    """authlib's view of an :class:`ApiClient`."""

    def __init__(self, client: ApiClient, accounts: AccountService) -> None:
        self.api_client = client
        self._accounts = accounts

    def get_client_id(self) -> str:
        return self.api_client.api_key

    def get_allowed_scope(self, scope: str | None) -> str:
        return ""  # Getty tokens carry no scope

    def check_client_secret(self, client_secret: str, source: str | None = None) -> bool:
        return self._accounts.verify_client_secret(self.api_client, client_secret, source)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in _AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        if grant_type == AuthorizationCode.GRANT_TYPE:
            return self.acts_for_customers()
        return grant_type in self.api_client.grant_types

    def check_response_type(self, response_type: str) -> bool:
        return response_type in USER_FLOW_RESPONSE_TYPES and self.acts_for_customers()

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact match only: no prefixes, patterns or normalisation."""
        return redirect_uri in self._accounts.redirect_uris.of_client(self.api_client.id)

    def get_default_redirect_uri(self) -> str | None:
        """The redirect URI to use when a request names none: the client's only one."""
        uris = self._accounts.redirect_uris.of_client(self.api_client.id)
        return uris[0] if len(uris) == 1 else None

    def acts_for_customers(self) -> bool:
        return "password" in self.api_client.grant_types


class _RefreshToken(TokenMixin):  # type: ignore[misc]
    def __init__(self, info: TokenInfo) -> None:
        self.info = info

    def check_client(self, client: _Client) -> bool:
        return self.info.client_id == client.api_client.id

    def get_scope(self) -> None:
        return None


def _invalid_client(description: str) -> InvalidClientError:
    return InvalidClientError(status_code=401, description=description)


def _retry_later(error: OAuth2Error, refusal: TooManyFailedAttempts) -> OAuth2Error:
    """``error`` with the refusal's ``Retry-After`` (added by ``handle_error_response``)."""
    error.retry_after = refusal.retry_after
    return error


def _check_client(
    query_client: Any, request: OAuthRequest, client_id: str | None, secret: str | None
) -> _Client:
    if not client_id:
        raise _invalid_client(
            "Missing 'client_id': send client_id and client_secret as form fields or HTTP Basic."
        )
    if not secret:
        raise _invalid_client("Missing 'client_secret'.")
    client: _Client | None = query_client(client_id)
    if client is None:
        raise _invalid_client("The client_id is unknown or disabled.")
    try:
        verified = client.check_client_secret(secret, request.source)
    except TooManyFailedAttempts as refusal:
        raise _retry_later(_invalid_client(refusal.message), refusal) from None
    if not verified:
        raise _invalid_client("The client_secret is wrong for this client_id.")
    return client


def _authenticate_basic(query_client: Any, request: OAuthRequest) -> _Client | None:
    scheme = request.headers.get("Authorization", "").partition(" ")[0]
    if scheme.lower() != "basic":
        return None
    client_id, secret = extract_basic_authorization(request.headers)
    return _check_client(query_client, request, client_id, secret)


def _authenticate_post(query_client: Any, request: OAuthRequest) -> _Client:
    form = request.form
    return _check_client(query_client, request, form.get("client_id"), form.get("client_secret"))


class _ClientCredentials(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = _AUTH_METHODS


class _Password(ResourceOwnerPasswordCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = _AUTH_METHODS

    def authenticate_user(self, username: str, password: str) -> Customer:
        accounts: AccountService = self.server.accounts
        try:
            customer = accounts.authenticate_customer(username, password, self.request.source)
        except TooManyFailedAttempts as refusal:
            raise _retry_later(InvalidGrantError(refusal.message), refusal) from None
        if customer is None:
            raise InvalidGrantError("Wrong username or password, or the account is disabled.")
        return customer


class _Refresh(RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = _AUTH_METHODS

    def authenticate_refresh_token(self, refresh_token: str) -> _RefreshToken:
        tokens: TokenService = self.server.tokens
        try:
            info = tokens.resolve_refresh(refresh_token)
        except errors.Unauthenticated as exc:
            raise InvalidGrantError(exc.message + ".") from exc
        token = _RefreshToken(info)
        if not token.check_client(self.request.client):
            raise InvalidGrantError("The refresh token was issued to another client.")
        return token

    def authenticate_user(self, refresh_token: _RefreshToken) -> Customer:
        accounts: AccountService = self.server.accounts
        customer_id = refresh_token.info.customer_id
        customer = accounts.get_customer(customer_id) if customer_id is not None else None
        if customer is None or not customer.enabled:
            raise InvalidGrantError("The customer of this refresh token is disabled.")
        return customer

    def revoke_old_credential(self, refresh_token: _RefreshToken) -> None:
        """Getty refresh tokens can be used many times, until they expire."""


def _unsupported(response_type: str | None) -> str:
    if not response_type:
        return "Missing 'response_type': use 'code' or 'token'."
    return f"The response_type '{quoted(response_type)}' is not supported: use 'code' or 'token'."


class OAuthServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, accounts: AccountService, tokens: TokenService) -> None:
        super().__init__()
        self.accounts = accounts
        self.tokens = tokens
        self.register_client_auth_method("client_secret_basic", _authenticate_basic)
        self.register_client_auth_method("client_secret_post", _authenticate_post)
        self.register_token_generator("default", self._generate_token)
        for grant in (_ClientCredentials, _Password, _Refresh, AuthorizationCode, Implicit):
            self.register_grant(grant)

    def query_client(self, client_id: str) -> _Client | None:
        client = self.accounts.get_client_by_key(client_id)
        if client is None or not client.enabled:
            return None
        return _Client(client, self.accounts)

    def save_token(self, token: dict[str, str], request: OAuthRequest) -> None:
        """Nothing to do: :meth:`TokenService.issue` stored the token as it made it."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No one listens to authlib's signals here."""

    def create_oauth2_request(self, request: OAuthRequest) -> OAuthRequest:
        return request

    def get_authorization_grant(self, request: OAuthRequest) -> Any:
        """authlib's grant for the request; its refusal of a response type says which.
        A response type authlib could not quote is refused before authlib sees it."""
        given = request.payload.response_type
        if given and quoted(given) != given:
            raise UnsupportedResponseTypeError(given, _unsupported(given))
        try:
            return super().get_authorization_grant(request)
        except UnsupportedResponseTypeError as error:
            error.description = _unsupported(given)
            raise

    def handle_response(
        self, status: int, body: dict[str, str], headers: list[tuple[str, str]]
    ) -> Response:
        if status == 302:  # the sign-in flows' way back to the client
            return Response(status_code=302, headers={**dict(headers), **NO_STORE})
        kept = {name: value for name, value in headers if name.lower() != "content-type"}
        return Response(orjson.dumps(body), status, kept, media_type=_JSON)

    def handle_error_response(self, request: OAuthRequest | None, error: OAuth2Error) -> Response:
        """authlib leaves some descriptions (an unsupported grant type's) out of the body."""
        error.description = error.description or error.get_error_description()
        response: Response = super().handle_error_response(request, error)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    def create_token_response(self, request: OAuthRequest) -> Response:
        """authlib's flow, after the checks it leaves to the framework."""
        repeated = [name for name, values in request.payload.datalist.items() if len(values) > 1]
        if repeated:
            error = InvalidRequestError(f"The parameter '{quoted(repeated[0])}' is repeated.")
        elif not request.payload.grant_type:
            error = InvalidRequestError("Missing 'grant_type' in request.")
        else:
            response: Response = super().create_token_response(request)
            return response
        return self.handle_error_response(request, error)

    def _generate_token(
        self,
        grant_type: str,
        client: _Client,
        user: Customer | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, str]:
        with_refresh = include_refresh_token and client.check_grant_type("refresh_token")
        issued = self.tokens.issue(client.api_client, user, with_refresh)
        body = {
            "access_token": issued.access_token,
            # Getty's implicit fragment says "bearer", its JSON bodies "Bearer".
            "token_type": "bearer" if grant_type == Implicit.GRANT_TYPE else "Bearer",
            "expires_in": str(issued.expires_in),
        }
        if issued.refresh_token is not None:
            body["refresh_token"] = issued.refresh_token
        return body
