"""What every console page shares: HTTPS, the operator's session, CSRF, one error mapping.

A page is served only over HTTPS (or loopback HTTP when the operator relaxed
the rule, as for the operator API) to a signed-in operator; anyone else is
sent to the console's sign-in form. A form post is read, its CSRF token
checked, then one domain action runs; a domain refusal becomes a readable
page with its status (400, 403, 404, 409), never a 500.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from photobank import errors
from photobank.tls.transport import is_secure
from photobank.web.console.session import PREFIX, ConsoleSessions
from photobank.web.forms import FORM_EXPIRED, BadForm, read_form, see_other, status_of
from photobank.web.pages import Pages
from photobank.web.session import CSRF_FIELD

if TYPE_CHECKING:
    from photobank.composition import Services

Endpoint = Callable[[Request], Awaitable[Response]]
# (request, the form's fields) -> where to go next, or the page to show
Action = Callable[[Request, Mapping[str, str]], "str | Response"]
NEEDS_HTTPS = "The console is served over HTTPS only: open it on the server's HTTPS address."
SECTIONS = (  # the console's navigation: (path, label)
    (f"{PREFIX}/", "Catalog"), (f"{PREFIX}/upload", "Upload"), (f"{PREFIX}/clients", "API clients"),
    (f"{PREFIX}/customers", "Customers"), (f"{PREFIX}/watermarks", "Watermarks"),
    (f"{PREFIX}/traffic", "Traffic"), (f"{PREFIX}/emulator", "Emulator"),
)  # fmt: skip
_HEADINGS = {400: "That did not work", 403: "Not allowed", 404: "Not found", 409: "Conflict"}


class ConsolePages:
    """The console's rendering and guards, shared by each section's pages."""

    def __init__(self, services: Services, sessions: ConsoleSessions, pages: Pages) -> None:
        self.services = services
        self.sessions = sessions
        self._pages = pages
        self.emulated = services.settings.mode == "emulator"

    def render(
        self, request: Request, template: str, status: int = 200,
        headers: dict[str, str] | None = None, **context: Any,
    ) -> Response:  # fmt: skip
        signed_in = self.sessions.signed_in(request)
        context = {**context, "signed_in": signed_in, "emulated": self.emulated,
                   "sections": SECTIONS, "section": _section(request.url.path)}  # fmt: skip
        return self._pages.render(request, f"console/{template}", context, status, None, headers)

    def problem(self, request: Request, message: str, status: int) -> Response:
        heading = _HEADINGS.get(status, "That did not work")
        return self.render(request, "problem.html", status, heading=heading, message=message)

    def refusal(self, request: Request) -> Response | None:
        """The answer to a request the console will not serve, else ``None``."""
        if not is_secure(request.scope, self.services.settings):
            return self.problem(request, NEEDS_HTTPS, 403)
        if not self.sessions.signed_in(request):
            after = request.url.path if request.method == "GET" else PREFIX + "/"
            if request.method == "GET" and request.url.query:
                after += "?" + request.url.query
            return see_other(f"{PREFIX}/sign-in?" + urlencode({"next": after}))
        return None

    def page(self, handler: Endpoint) -> Endpoint:
        """A GET page for the signed-in operator."""

        async def endpoint(request: Request) -> Response:
            refused = self.refusal(request)
            if refused is not None:
                return refused
            try:
                return await handler(request)
            except errors.DomainError as error:
                return self.problem(request, error.message, status_of(error))

        return endpoint

    def post(self, action: Action, on_loop: bool = False) -> Endpoint:
        """A form post running ``action`` (in a thread unless ``on_loop``), then redirecting."""

        async def endpoint(request: Request) -> Response:
            try:
                fields = await read_form(request)
            except BadForm:
                return self.problem(request, "The form could not be read.", 400)
            if not self.sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
                return self.problem(request, FORM_EXPIRED, 403)
            refused = self.refusal(request)
            if refused is not None:
                return refused
            try:
                if on_loop:
                    outcome = action(request, fields)
                else:
                    outcome = await run_in_threadpool(action, request, fields)
            except errors.DomainError as error:
                return self.problem(request, error.message, status_of(error))
            return see_other(outcome) if isinstance(outcome, str) else outcome

        return endpoint


def _section(path: str) -> str:
    """The navigation entry a page belongs to (an asset's page: the catalog's)."""
    found = [p for p, _ in SECTIONS[1:] if path == p or path.startswith(p + "/")]
    return found[0] if found else SECTIONS[0][0]


def whole_number(fields: Mapping[str, str], name: str, label: str) -> int | None:
    """A form's whole number (empty: ``None``), else a 400 naming the field."""
    value = fields.get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise errors.InvalidParameter(name, f"{label} must be a whole number, 0 or more.")
    return int(value)
