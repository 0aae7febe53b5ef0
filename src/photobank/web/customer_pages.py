"""What the signed-in customer's pages (boards, download history) share.

A page for signed-in customers sends anyone else to the sign-in form; a form
post is read, its CSRF token checked, then one domain action runs as the
customer, and its refusal (not found, forbidden, invalid) becomes a readable
page with the matching status.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from math import ceil
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from photobank.accounts.models import Customer
from photobank.errors import DomainError
from photobank.media.viewers import Viewer
from photobank.web.forms import FORM_EXPIRED, BadForm, read_form, see_other, status_of, to_sign_in
from photobank.web.pages import Pages
from photobank.web.session import CSRF_FIELD, WebSessions

if TYPE_CHECKING:
    from photobank.composition import Services

# (customer id, the path's {id} or None, the form's fields) -> where to go next
Action = Callable[[int, str | None, Mapping[str, str]], str]
_HEADINGS = {400: "That did not work", 403: "Not allowed", 404: "Not found"}


class CustomerPages:
    def __init__(self, services: Services, sessions: WebSessions, pages: Pages) -> None:
        self.services = services
        self.sessions = sessions
        self.pages = pages

    def viewer(self, customer: Customer | None) -> Viewer:
        return self.services.viewers.of(None, customer.id if customer else None)

    def render(
        self, request: Request, template: str, customer: Customer | None, status: int = 200,
        **context: Any,
    ) -> Response:  # fmt: skip
        return self.pages.render(request, template, context, status, customer)

    def problem(
        self, request: Request, customer: Customer | None, message: str, status: int
    ) -> Response:
        heading = _HEADINGS.get(status, "That did not work")
        return self.render(request, "problem.html", customer, status, heading=heading,
                           message=message)  # fmt: skip

    def post(self, action: Action) -> Callable[[Request], Awaitable[Response]]:
        """A form handler running ``action`` as the signed-in customer, then redirecting."""

        async def handle(request: Request) -> Response:
            customer = self.sessions.customer(request)
            try:
                fields = await read_form(request)
            except BadForm:
                return self.problem(request, customer, "The form could not be read.", 400)
            if not self.sessions.form_is_genuine(request, fields.get(CSRF_FIELD)):
                return self.problem(request, customer, FORM_EXPIRED, 403)
            if customer is None:
                path = request.url.path  # back to the page the form was on
                return to_sign_in(path.rsplit("/", 1)[0] if path.count("/") > 1 else path)
            target = request.path_params.get("id")
            try:
                location = await run_in_threadpool(action, customer.id, target, fields)
            except DomainError as error:
                return self.problem(request, customer, error.message, status_of(error))
            return see_other(location)

        return handle


def page_count(total: int, page_size: int) -> int:
    return max(1, ceil(total / page_size))
