"""What every operator endpoint shares: HTTPS, the operator token, and one error mapping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from photobank import errors
from photobank.accounts.operators import OperatorCredential
from photobank.api.http import json_response
from photobank.composition import Services
from photobank.tls.transport import is_secure

Handler = Callable[[Request], Awaitable[Any]]
Endpoint = Callable[[Request], Awaitable[Response]]

_STATUS: dict[type[errors.DomainError], int] = {
    errors.NotFound: 404,
    errors.InvalidParameter: 400,
    errors.Conflict: 409,
    errors.Unavailable: 503,
}


class Refused(Exception):
    """A request an operator endpoint will not run, with its status and reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def guarded(services: Services) -> Callable[[Handler], Endpoint]:
    """Wrap a handler: refuse plain HTTP and a missing or wrong token, map errors to JSON.

    A handler returns a response, or a value answered as JSON with 200.
    """
    credential = OperatorCredential(services.engine)

    def wrap(handler: Handler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            try:
                if not is_secure(request.scope, services.settings):
                    raise Refused(403, "The operator token is only taken over HTTPS.")
                _authorise(request, credential)
                result = await handler(request)
            except Refused as refused:
                return _refusal(refused.status, refused.message)
            except errors.DomainError as exc:
                status = next((s for kind, s in _STATUS.items() if isinstance(exc, kind)), 400)
                later = exc.retry_after if isinstance(exc, errors.Unavailable) else None
                return _refusal(status, exc.message, later)
            return result if isinstance(result, Response) else json_response(result)

        return endpoint

    return wrap


def _authorise(request: Request, credential: OperatorCredential) -> None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "This needs the operator token (Authorization: Bearer TOKEN);"
                      " `photobank operator-token` issues one.")  # fmt: skip
    if not credential.exists():
        raise Refused(403, "No operator token has been issued: `photobank operator-token`.")
    if not credential.verify(token.strip()):
        raise Refused(403, "Wrong operator token.")


def _refusal(status: int, message: str, retry_after: int | None = None) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="photobank-operator"'} if status == 401 else {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return json_response({"message": message}, status=status, headers=headers or None)
