"""CSRF protection for forms: a signed double-submit token.

Used by the OAuth2 sign-in form and (under its own cookie, path and purpose)
by the web interface's forms. The form page sets a random value in an
HttpOnly cookie (SameSite=Strict for the sign-in form) and puts its HMAC
(keyed with the server's signing key) in a hidden field. A post is accepted
only when the field is the HMAC of the cookie it came with: another site can
neither read the cookie nor compute the field, so it cannot sign a visitor in
(login CSRF) or replay a form.
"""

from __future__ import annotations

import secrets
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from photobank.media.signing import Signer

COOKIE = "photobank_signin"
FIELD = "csrf_token"
_PURPOSE = "oauth2-sign-in"
_COOKIE_PATH = "/oauth2"


class CsrfGuard:
    def __init__(
        self,
        signer: Signer,
        *,
        cookie: str = COOKIE,
        path: str = _COOKIE_PATH,
        purpose: str = _PURPOSE,
        samesite: Literal["lax", "strict"] = "strict",
    ) -> None:
        self._signer = signer
        self.cookie = cookie
        self._path = path
        self._purpose = purpose
        self._samesite: Literal["lax", "strict"] = samesite

    def token_for(self, request: Request) -> tuple[str, str]:
        """``(cookie value, form token)``: the request's cookie is kept if it has one."""
        cookie = request.cookies.get(self.cookie) or secrets.token_urlsafe(32)
        return cookie, self._signer.sign(self._purpose, cookie)

    def set_cookie(self, response: Response, cookie: str, secure: bool) -> None:
        response.set_cookie(
            self.cookie,
            cookie,
            path=self._path,
            secure=secure,
            httponly=True,
            samesite=self._samesite,
        )

    def verify(self, request: Request, form_token: str | None) -> bool:
        cookie = request.cookies.get(self.cookie)
        if not cookie or not form_token:
            return False
        return self._signer.verify(form_token, self._purpose, cookie)
