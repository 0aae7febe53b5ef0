"""Operations for a signed-in customer: the 401 each documents, else the customer's own answer."""

from __future__ import annotations

import pytest

from tests.conftest import ContractClient

MISSING = "The access token is missing"


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("GET", "/v3/products", "Unauthorized"),
        ("GET", "/v3/customers/current", "Unauthorized"),
        ("GET", "/v3/downloads", "AuthorizationTokenRequired"),
        ("POST", "/v3/downloads/images/12345", "AuthorizationTokenRequired"),
    ],
)
def test_without_a_token_each_operation_answers_its_documented_401(
    client: ContractClient, method: str, path: str, code: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 401
    assert (response.json()["ErrorCode"], response.json()["ErrorMessage"]) == (code, MISSING)
    assert 'realm="Download"' in response.headers["www-authenticate"]


def test_an_application_token_is_told_a_user_is_needed(
    client: ContractClient, app_token: str
) -> None:
    response = client.get("/v3/downloads", headers={"Authorization": f"Bearer {app_token}"})
    assert response.status_code == 401
    assert response.json()["ErrorCode"] == "UserTokenRequired"
    assert response.json()["ErrorMessage"] == "Security token must contain a user."


def test_a_user_token_reaches_the_customer(client: ContractClient, user_token: str) -> None:
    response = client.get(
        "/v3/customers/current", headers={"Authorization": f"Bearer {user_token}"}
    )
    assert response.status_code == 200 and set(response.json()) == {
        "first_name",
        "middle_name",
        "last_name",
    }
