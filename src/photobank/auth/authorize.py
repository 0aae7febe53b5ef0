"""The OAuth2 sign-in flows: ``GET /oauth2/auth`` and photobank's sign-in page.

``GET /oauth2/auth`` (also ``/oauth2/auth/`` and the spec's ``/v4/oauth2/auth``)
checks the authorization request with authlib and answers ``302`` to
``/oauth2/sign-in``, as Getty sends browsers to its sign-in page. The form
posts back there; valid credentials end with a ``302`` to the client's
redirect URI carrying a code in the query (``response_type=code``) or a token
in the fragment (``response_type=token``), ``state`` unchanged.

Errors follow RFC 6749 §4.1.2.1: while the client or its redirect URI is not
known to be genuine (missing or unknown ``client_id``, a redirect URI the
client did not register) the user gets an error page and is never
redirected; after that, errors go back to the redirect URI as ``error=``.
Like the token endpoint, every step is secure-only (credentials are typed
here), with the same rule for what counts as secure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlencode

from authlib.oauth2.rfc6749 import OAuth2Error
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from photobank.accounts.attempts import TooManyFailedAttempts
from photobank.accounts.service import AccountService
from photobank.auth.csrf import FIELD, CsrfGuard
from photobank.auth.oauth2 import NO_STORE, OAuthRequest, OAuthServer, read_form
from photobank.auth.sign_in_page import SIGN_IN_PATH, error_page, sign_in_form
from photobank.auth.tokens import TokenService
from photobank.config import Settings
from photobank.media.signing import Signer
from photobank.tls.transport import is_secure, is_tls, source_address

AUTHORIZE_PATHS = ("/oauth2/auth", "/oauth2/auth/", "/v4/oauth2/auth")
_REQUEST_FIELDS = frozenset({"response_type", "client_id", "redirect_uri", "scope", "state"})
NEEDS_HTTPS = "Signing in needs a secure connection: open this address with https://."
FORM_EXPIRED = (
    "This sign-in form has expired or was not sent from this site. "
    "Start signing in again from the application."
)
WRONG_CREDENTIALS = "Wrong username or password, or the account is disabled."


class _Services(Protocol):
    settings: Settings
    accounts: AccountService
    tokens: TokenService
    signer: Signer


def sign_in_routes(services: _Services) -> list[Route]:
    """The routes of the authorization endpoint and the sign-in page."""
    flow = SignInFlow(services)
    return [
        *(Route(path, flow.authorize, methods=["GET"]) for path in AUTHORIZE_PATHS),
        Route(SIGN_IN_PATH, flow.show_form, methods=["GET"]),
        Route(SIGN_IN_PATH, flow.sign_in, methods=["POST"]),
    ]


class SignInFlow:
    def __init__(self, services: _Services) -> None:
        self._settings = services.settings
        self._accounts = services.accounts
        self._server = OAuthServer(services.accounts, services.tokens)
        self._csrf = CsrfGuard(services.signer)

    async def authorize(self, request: Request) -> Response:
        checked, fields = await self._checked_query(request)
        if isinstance(checked, Response):
            return checked
        return RedirectResponse(f"{SIGN_IN_PATH}?{urlencode(fields)}", 302, NO_STORE)

    async def show_form(self, request: Request) -> Response:
        checked, fields = await self._checked_query(request)
        if isinstance(checked, Response):
            return checked
        return self._form(request, checked, fields)

    async def _checked_query(self, request: Request) -> tuple[Any, list[tuple[str, str]]]:
        """The grant (or refusing response) of an authorization request in the query string."""
        fields = _request_fields(request.query_params.multi_items())
        if not is_secure(request.scope, self._settings):
            return error_page(NEEDS_HTTPS), fields
        return await run_in_threadpool(self._check, request, fields), fields

    async def sign_in(self, request: Request) -> Response:
        if not is_secure(request.scope, self._settings):
            return error_page(NEEDS_HTTPS)
        try:
            posted = await read_form(request)
        except OAuth2Error as error:
            return error_page(error.description)
        values = dict(reversed(posted))  # the first of repeated fields
        if not self._csrf.verify(request, values.get(FIELD)):
            return error_page(FORM_EXPIRED, 403)
        fields = _request_fields(posted)
        checked = await run_in_threadpool(self._check, request, fields)
        if isinstance(checked, Response):
            return checked
        if values.get("action") == "cancel":
            return await run_in_threadpool(self._finish, checked, None)
        username = values.get("username", "")
        password, source = values.get("password", ""), source_address(request.scope, self._settings)
        try:
            customer = await run_in_threadpool(
                self._accounts.authenticate_customer, username, password, source
            )
        except TooManyFailedAttempts as refusal:
            return self._form(request, checked, fields, username, refusal.message)
        if customer is None:
            return self._form(request, checked, fields, username, WRONG_CREDENTIALS)
        return await run_in_threadpool(self._finish, checked, customer)

    def _check(self, request: Request, fields: list[tuple[str, str]]) -> Any:
        """authlib's grant for a valid authorization request, else the response refusing it."""
        uri = str(request.url.replace(scheme="https"))
        oauth_request = OAuthRequest(request.method, uri, request.headers, fields)
        try:
            return self._server.get_consent_grant(oauth_request)
        except OAuth2Error as error:
            if error.redirect_uri:  # the client and its redirect URI are genuine
                return self._server.handle_error_response(oauth_request, error)
            return error_page(error.description or error.get_error_description())

    def _finish(self, grant: Any, customer: Any) -> Response:
        """The redirect back to the client: granted for a customer, denied for ``None``."""
        response: Response = self._server.create_authorization_response(
            grant.request, customer, grant
        )
        return response

    def _form(
        self,
        request: Request,
        grant: Any,
        fields: list[tuple[str, str]],
        username: str = "",
        message: str | None = None,
    ) -> Response:
        cookie, token = self._csrf.token_for(request)
        response = sign_in_form(
            client_name=grant.client.api_client.name,
            redirect_uri=grant.redirect_uri,
            request_fields=fields,
            csrf_field=(FIELD, token),
            username=username,
            message=message,
        )
        self._csrf.set_cookie(response, cookie, secure=is_tls(request.scope, self._settings))
        return response


def _request_fields(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The authorization request's own parameters, repeats kept (authlib refuses them)."""
    return [(name, value) for name, value in items if name in _REQUEST_FIELDS]
