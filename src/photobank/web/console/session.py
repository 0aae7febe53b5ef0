"""Who holds the operator console: a session of its own, begun with the operator token.

The session cookie (``photobank_console``, path ``/console``) is
``{issued at}.{HMAC}``, the HMAC taken over the time and the stored digest of
the operator token: nothing is kept server-side, a session ends after
:data:`SESSION_SECONDS`, and issuing a new token (``photobank
operator-token``) ends every session begun with the old one. It never
shares a name, path, signing purpose or CSRF cookie with a customer's
session, so a customer's cookie opens nothing here. Cookies are
``HttpOnly``, ``SameSite=Lax`` and ``Secure`` over TLS. Failed sign-ins are
counted by :class:`~photobank.accounts.attempts.FailedAttempts`, in Redis for
every node when the deployment shares state there.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from photobank.accounts.attempts import ADDRESS, FailedAttempts, FailureLog, Subject
from photobank.accounts.operators import OperatorCredential
from photobank.clock import Clock
from photobank.config import Settings
from photobank.media.signing import Signer
from photobank.tls.transport import source_address
from photobank.web.session import SignedForms

PREFIX = "/console"
SESSION_COOKIE = "photobank_console"
CSRF_COOKIE = "photobank_console_csrf"
SESSION_SECONDS = 8 * 3600
_PURPOSE = "console-session"
_ATTEMPTS_BUDGET = 256 * 1024  # failure counts of the token and of source addresses
_OPERATOR: Subject = ("operator", "token")


class ConsoleSessions(SignedForms):
    def __init__(
        self,
        signer: Signer,
        credential: OperatorCredential,
        clock: Clock,
        settings: Settings,
        failures: FailureLog | None = None,
    ) -> None:
        """``failures``: where failed sign-ins are counted (default: this process; Redis
        counts them for every node of a deployment)."""
        super().__init__(signer, settings, CSRF_COOKIE, PREFIX, "console-form")
        self._signer = signer
        self._credential = credential
        self._clock = clock
        self.attempts = FailedAttempts(clock, _ATTEMPTS_BUDGET, log=failures)

    def signed_in(self, request: Request) -> bool:
        issued, _, signature = request.cookies.get(SESSION_COOKIE, "").partition(".")
        fingerprint = self._credential.fingerprint()
        if not issued.isdigit() or fingerprint is None:
            return False
        if not self._signer.verify(signature, _PURPOSE, issued, fingerprint):
            return False
        return 0 <= self._clock.now().timestamp() - int(issued) <= SESSION_SECONDS

    def sign_in(self, request: Request, token: str) -> bool:
        """Whether ``token`` is the operator token; raises
        :class:`~photobank.accounts.attempts.TooManyFailedAttempts` after too many misses."""
        subjects = [_OPERATOR]
        source = source_address(request.scope, self._settings)
        if source:
            subjects.append((ADDRESS, source))
        self.attempts.check("operator", subjects)
        if not self._credential.verify(token.strip()):
            self.attempts.failed(subjects)
            return False
        self.attempts.succeeded(_OPERATOR)
        return True

    def issued(self) -> bool:
        return self._credential.exists()

    def start(self, request: Request, response: Response) -> None:
        issued = str(int(self._clock.now().timestamp()))
        signature = self._signer.sign(_PURPOSE, issued, self._credential.fingerprint() or "")
        response.set_cookie(
            SESSION_COOKIE, f"{issued}.{signature}", max_age=SESSION_SECONDS, path=PREFIX,
            secure=self.secure(request), httponly=True, samesite="lax",
        )  # fmt: skip

    def end(self, request: Request, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE, path=PREFIX, secure=self.secure(request), httponly=True,
            samesite="lax",
        )  # fmt: skip
