"""What every web form handler shares: reading a small form, its CSRF check's
message, redirects after a post, and the status a domain refusal becomes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from photobank.api.bodies import read_body
from photobank.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable

_FORM_LIMIT = 16 * 1024
FORM_EXPIRED = "This form has expired or was not sent from this site. Reload the page and retry."


class BadForm(Exception):
    pass


async def read_form(request: Request) -> dict[str, str]:
    """A small url-encoded form, the first of repeated fields; else :class:`BadForm`."""
    body = await read_body(request, _FORM_LIMIT, BadForm)
    try:
        pairs = parse_qsl(body.decode(), max_num_fields=20)
    except ValueError as error:  # also UnicodeDecodeError
        raise BadForm from error
    return dict(reversed(pairs))


_STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Unavailable: 503,  # another ingest run holds the turn past an upload's wait
}


def status_of(error: DomainError) -> int:
    """The status of the page that shows a domain refusal (400 unless more is known)."""
    return next((s for kind, s in _STATUS.items() if isinstance(error, kind)), 400)


def local(target: str | None) -> str:
    """``target`` if it is a path on this site, else ``/``: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    # Browsers drop tabs and newlines and read "\\" as "/": "/\t/evil" is "//evil".
    return "/" if any(c <= " " or c == "\\" for c in target) else target


def see_other(location: str) -> Response:
    return RedirectResponse(location, 303, headers={"Cache-Control": "no-store"})


def to_sign_in(after: str) -> Response:
    """Send a visitor who is not signed in to the sign-in form, then back to ``after``."""
    return see_other("/sign-in?" + urlencode({"next": after}))
