"""Who is signed in to the web interface, and the CSRF token of its forms.

A session is a cookie ``{customer id}.{issued at}.{HMAC}`` signed with the
server's one signing key (:class:`~photobank.media.signing.Signer`): nothing is
stored server-side, and a session stops working when it is older than
:data:`SESSION_SECONDS` or its customer is disabled or gone. The cookie is
``HttpOnly``, ``SameSite=Lax`` and ``Secure`` whenever the request came over
TLS (directly or through a trusted proxy).

Every form carries a CSRF token (:class:`~photobank.auth.csrf.CsrfGuard`, the
sign-in form's double-submit scheme under the web's own cookie and purpose).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from photobank.accounts.models import Customer
from photobank.accounts.service import AccountService
from photobank.auth.csrf import CsrfGuard
from photobank.clock import Clock
from photobank.config import Settings
from photobank.media.signing import Signer
from photobank.tls.transport import is_tls

SESSION_COOKIE = "photobank_session"
CSRF_COOKIE = "photobank_csrf"
CSRF_FIELD = "csrf_token"
SESSION_SECONDS = 12 * 3600
_PURPOSE = "web-session"


class SignedForms:
    """The CSRF token of a set of sessions' forms (under its own cookie, path and
    purpose) and whether its cookies are ``Secure``."""

    def __init__(
        self, signer: Signer, settings: Settings, cookie: str, path: str, purpose: str
    ) -> None:
        self._settings = settings
        self.csrf = CsrfGuard(signer, cookie=cookie, path=path, purpose=purpose, samesite="lax")

    def secure(self, request: Request) -> bool:
        return is_tls(request.scope, self._settings)

    def form_token(self, request: Request, response_cookies: dict[str, str]) -> str:
        """The CSRF token for forms on a page; ``response_cookies`` gets the cookie to set
        when the request had none."""
        cookie, token = self.csrf.token_for(request)
        if request.cookies.get(self.csrf.cookie) != cookie:
            response_cookies[self.csrf.cookie] = cookie
        return token

    def set_form_cookie(self, request: Request, response: Response, cookie: str) -> None:
        self.csrf.set_cookie(response, cookie, secure=self.secure(request))

    def form_is_genuine(self, request: Request, token: str | None) -> bool:
        return self.csrf.verify(request, token)


class WebSessions(SignedForms):
    def __init__(
        self, signer: Signer, accounts: AccountService, clock: Clock, settings: Settings
    ) -> None:
        super().__init__(signer, settings, CSRF_COOKIE, "/", "web-form")
        self._signer = signer
        self._accounts = accounts
        self._clock = clock

    def customer(self, request: Request) -> Customer | None:
        """The signed-in, enabled customer of ``request``, else None."""
        value = request.cookies.get(SESSION_COOKIE, "")
        customer_id, _, rest = value.partition(".")
        issued, _, signature = rest.partition(".")
        if not (customer_id.isascii() and customer_id.isdigit() and issued.isdigit()):
            return None
        if not self._signer.verify(signature, _PURPOSE, customer_id, issued):
            return None
        age = self._clock.now().timestamp() - int(issued)
        if not 0 <= age <= SESSION_SECONDS:
            return None
        customer = self._accounts.get_customer(int(customer_id))
        return customer if customer is not None and customer.enabled else None

    def start(self, request: Request, response: Response, customer: Customer) -> None:
        """Sign ``customer`` in on ``response``."""
        issued = str(int(self._clock.now().timestamp()))
        signature = self._signer.sign(_PURPOSE, str(customer.id), issued)
        response.set_cookie(
            SESSION_COOKIE,
            f"{customer.id}.{issued}.{signature}",
            max_age=SESSION_SECONDS,
            path="/",
            secure=self.secure(request),
            httponly=True,
            samesite="lax",
        )

    def end(self, request: Request, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE, path="/", secure=self.secure(request), httponly=True, samesite="lax"
        )
