"""Signing in to the console with the operator token, and out again."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from photobank.accounts.attempts import TooManyFailedAttempts
from photobank.tls.transport import is_secure
from photobank.web.console.base import NEEDS_HTTPS, ConsolePages
from photobank.web.console.session import PREFIX
from photobank.web.forms import FORM_EXPIRED, BadForm, read_form, see_other
from photobank.web.session import CSRF_FIELD

WRONG_TOKEN = "Wrong operator token."
NO_TOKEN = "No operator token has been issued yet: run `photobank operator-token` on the server."


class AccessPages(ConsolePages):
    def routes(self) -> list[BaseRoute]:
        return [
            Route(f"{PREFIX}/sign-in", self.form, methods=["GET"]),
            Route(f"{PREFIX}/sign-in", self.sign_in, methods=["POST"]),
            Route(f"{PREFIX}/sign-out", self.sign_out, methods=["POST"]),
        ]

    async def form(self, request: Request) -> Response:
        if not is_secure(request.scope, self.services.settings):
            return self.problem(request, NEEDS_HTTPS, 403)
        after = _inside(request.query_params.get("next"))
        message = None if await run_in_threadpool(self.sessions.issued) else NO_TOKEN
        return self.render(request, "sign_in.html", next=after, message=message)

    async def sign_in(self, request: Request) -> Response:
        if not is_secure(request.scope, self.services.settings):
            return self.problem(request, NEEDS_HTTPS, 403)
        try:
            fields = await read_form(request)
        except BadForm:
            fields = {}
        after = _inside(fields.get("next"))
        if not self.sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
            return self._again(request, after, FORM_EXPIRED, 403)
        if not self.sessions.issued():
            return self._again(request, after, NO_TOKEN, 403)
        try:
            right = await run_in_threadpool(self.sessions.sign_in, request, fields.get("token", ""))
        except TooManyFailedAttempts as refusal:
            headers = {"Retry-After": str(refusal.retry_after)}
            return self._again(request, after, refusal.message, 429, headers)
        if not right:
            return self._again(request, after, WRONG_TOKEN, 401)
        response = see_other(after)
        self.sessions.start(request, response)
        return response

    def _again(
        self, request: Request, after: str, message: str, status: int,
        headers: dict[str, str] | None = None,
    ) -> Response:  # fmt: skip
        return self.render(request, "sign_in.html", status, headers, next=after, message=message)

    async def sign_out(self, request: Request) -> Response:
        try:
            fields = await read_form(request)
        except BadForm:
            fields = {}
        if not self.sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
            return self._again(request, PREFIX + "/", FORM_EXPIRED, 403)
        response = see_other(f"{PREFIX}/sign-in")
        self.sessions.end(request, response)
        return response


def _inside(target: str | None) -> str:
    """``target`` when it is a console page, else the console's first page."""
    home = PREFIX + "/"
    if not target or not target.startswith(home):
        return home
    return home if any(c <= " " or c == "\\" for c in target) else target
