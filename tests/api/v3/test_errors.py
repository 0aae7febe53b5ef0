"""Domain errors as v3 answers: gateway refusals and Getty's application error bodies."""

from __future__ import annotations

import orjson
import pytest
from starlette.responses import Response

from photobank import errors
from photobank.api.v3.errors import domain_error_response


def _body(response: Response) -> dict[str, str]:
    found: dict[str, str] = orjson.loads(bytes(response.body))
    return found


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.InvalidParameter("page_size", "Too big."), 400, "InvalidParameterValue"),
        (errors.NotFound("No such board."), 404, "NotFound"),
        (errors.ImageNotFound("Image not found: 1"), 404, "ImageNotFound"),
        (errors.Unauthenticated("The access token is missing"), 401, "AuthorizationTokenRequired"),
        (errors.UserTokenRequired("Security token must contain a user."), 401, "UserTokenRequired"),
        (errors.QuotaExhausted("No downloads left."), 403, "OverageLimitReached"),
        (errors.Conflict("Taken."), 409, "Conflict"),
        (errors.InsufficientCredits("Too few credits."), 402, "NotEnoughCreditsForPurchase"),
        (errors.DomainError("Something else."), 400, "Error"),
    ],
)
def test_application_errors_carry_both_getty_spellings(
    error: errors.DomainError, status: int, code: str
) -> None:
    response = domain_error_response(error)
    assert response.status_code == status
    assert _body(response) == {
        "ErrorCode": code,
        "ErrorMessage": error.message,
        "code": code,
        "message": error.message,
    }


def test_a_missing_token_names_the_realm_and_the_reason() -> None:
    response = domain_error_response(errors.Unauthenticated("The access token is missing"))
    assert response.headers["www-authenticate"] == (
        'Bearer realm="Download",error="invalid_token",'
        'error_description="The access token is missing"'
    )


def test_forbidden_carries_masherys_code() -> None:
    response = domain_error_response(errors.NotEntitled("No product covers it."))
    assert response.headers["x-mashery-error-code"] == "ERR_403_FORBIDDEN"
    assert _body(response)["ErrorCode"] == "NoProductsAvailable"


@pytest.mark.parametrize(
    ("error", "message", "mashery"),
    [
        (errors.InvalidApiKey("bad key"), "Account Inactive", "ERR_403_DEVELOPER_INACTIVE"),
        (errors.Throttled("qps", "Account Over Queries Per Second Limit"),
         "Account Over Queries Per Second Limit", "ERR_403_DEVELOPER_OVER_QPS"),
        (errors.Throttled("daily", "Account Over Rate Limit"), "Account Over Rate Limit",
         "ERR_403_DEVELOPER_OVER_RATE"),
    ],
)  # fmt: skip
def test_gateway_refusals_are_a_bare_message_with_mashery_headers(
    error: errors.DomainError, message: str, mashery: str
) -> None:
    response = domain_error_response(error)
    assert (response.status_code, _body(response)) == (403, {"message": message})
    assert response.headers["x-mashery-error-code"] == mashery
    assert response.headers["x-error-detail"] == message
