"""The one place where domain errors become v3 responses.

Two families, as on Getty's side: gateway refusals (bad Api-Key, throttling)
carry ``{"message": ...}`` and Mashery's headers; application errors carry
``ErrorCode``/``ErrorMessage`` plus the ``code``/``message`` pair Getty's docs
show, so clients written against either form can read them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from photobank.api.http import json_response
from photobank.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InsufficientCredits,
    InvalidApiKey,
    InvalidParameter,
    NotFound,
    Throttled,
    Unauthenticated,
    Unavailable,
)

_THROTTLE_CODES = {"qps": "ERR_403_DEVELOPER_OVER_QPS", "daily": "ERR_403_DEVELOPER_OVER_RATE"}


def gateway_error(message: str, mashery_code: str) -> Response:
    return json_response(
        {"message": message},
        status=403,
        headers={
            "X-Error-Detail": message,
            "X-Error-Detail-Header": message,
            "X-Mashery-Error-Code": mashery_code,
        },
    )


def application_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    body = {"ErrorCode": code, "ErrorMessage": message, "code": code, "message": message}
    return json_response(body, status=status, headers=headers)


def domain_error_response(exc: DomainError) -> Response:
    if isinstance(exc, InvalidApiKey):
        return gateway_error("Account Inactive", "ERR_403_DEVELOPER_INACTIVE")
    if isinstance(exc, Throttled):
        return gateway_error(exc.message, _THROTTLE_CODES[exc.limit])
    if isinstance(exc, InvalidParameter):
        return application_error(400, exc.code, exc.message)
    if isinstance(exc, NotFound):
        return application_error(404, exc.code, exc.message)
    if isinstance(exc, Unauthenticated):
        challenge = (
            f'Bearer realm="Download",error="invalid_token",error_description="{exc.message}"'
        )
        return application_error(401, exc.code, exc.message, {"WWW-Authenticate": challenge})
    if isinstance(exc, Forbidden):
        return application_error(
            403, exc.code, exc.message, {"X-Mashery-Error-Code": "ERR_403_FORBIDDEN"}
        )
    if isinstance(exc, Conflict):
        return application_error(409, exc.code, exc.message)
    if isinstance(exc, InsufficientCredits):
        return application_error(402, exc.code, exc.message)
    if isinstance(exc, Unavailable):
        return application_error(503, exc.code, exc.message, {"Retry-After": "5"})
    return application_error(400, exc.code, exc.message)


async def handle_domain_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return domain_error_response(exc)
