"""CSRF protection for the sign-in form: a signed double-submit token.

The form page sets a random value in an HttpOnly, SameSite=Strict cookie and
puts its HMAC (keyed with the server's signing key) in a hidden field. A
post is accepted only when the field is the HMAC of the cookie it came
with: another site can neither read the cookie nor compute the field, so it
cannot sign a visitor in (login CSRF) or replay a form.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from photobank.media.signing import Signer

COOKIE = "photobank_signin"
FIELD = "csrf_token"
_PURPOSE = "oauth2-sign-in"
_COOKIE_PATH = "/oauth2"


class CsrfGuard:
    def __init__(self, signer: Signer) -> None:
        self._signer = signer

    def token_for(self, request: Request) -> tuple[str, str]:
        """``(cookie value, form token)``: the request's cookie is kept if it has one."""
        cookie = request.cookies.get(COOKIE) or secrets.token_urlsafe(32)
        return cookie, self._signer.sign(_PURPOSE, cookie)

    def set_cookie(self, response: Response, cookie: str, secure: bool) -> None:
        response.set_cookie(
            COOKIE, cookie, path=_COOKIE_PATH, secure=secure, httponly=True, samesite="strict"
        )

    def verify(self, request: Request, form_token: str | None) -> bool:
        cookie = request.cookies.get(COOKIE)
        if not cookie or not form_token:
            return False
        return self._signer.verify(form_token, _PURPOSE, cookie)
