"""Rendering web pages: one Jinja2 environment, one set of security headers.

Pages load only the package's own stylesheet and script from
:data:`STATIC_PREFIX`, and media from ``/media/``; the Content-Security-Policy
allows nothing else (no inline script or style, no framing, forms post only
here), so an injected tag can neither run nor leak.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from photobank.accounts.models import Customer
from photobank.web.session import CSRF_FIELD, SignedForms

HERE = Path(__file__).parent
STATIC_PREFIX = "/web/static"
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages show who is signed in and their products
}


def _thousands(value: int) -> str:
    return f"{value:,}"


class Pages:
    def __init__(self, sessions: SignedForms) -> None:
        self._sessions = sessions
        self._env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["thousands"] = _thousands
        self._env.globals["static"] = STATIC_PREFIX

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any],
        status: int = 200,
        customer: Customer | None = None,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        """``template`` with ``context``, the signed-in ``customer`` and a CSRF token."""
        cookies: dict[str, str] = {}
        token = self._sessions.form_token(request, cookies)
        html = self._env.get_template(template).render(
            **context, customer=customer, csrf_field=CSRF_FIELD, csrf_token=token
        )
        response = HTMLResponse(html, status, headers={**_HEADERS, **(headers or {})})
        for cookie in cookies.values():
            self._sessions.set_form_cookie(request, response, cookie)
        return response

    def fragment(self, template: str, **context: Any) -> bytes:
        """A part of a page that shows nobody's own data (no customer, no form token)."""
        return self._env.get_template(template).render(**context).encode()
