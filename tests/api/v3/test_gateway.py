"""Api-Key checks, bearer tokens, CORS and error shapes at the v3 front door."""

from __future__ import annotations

from tests.conftest import ContractClient

SEARCH = "/v3/search/images/creative"


def test_missing_or_unknown_api_key_is_403_account_inactive(anonymous: ContractClient) -> None:
    for headers in ({}, {"Api-Key": "nosuchkey"}):
        response = anonymous.get(SEARCH, headers=headers)
        assert response.status_code == 403
        assert response.json() == {"message": "Account Inactive"}
        assert response.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_INACTIVE"


def test_header_name_is_case_insensitive(anonymous: ContractClient, client: ContractClient) -> None:
    key = client.headers["Api-Key"]
    assert anonymous.get(SEARCH, headers={"api-key": key}).status_code == 200


def test_invalid_bearer_token_is_401(client: ContractClient) -> None:
    response = client.get(SEARCH, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    assert response.json()["ErrorCode"] == "AuthorizationTokenRequired"
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")


def test_valid_token_is_accepted(client: ContractClient, user_token: str) -> None:
    response = client.get(SEARCH, headers={"Authorization": f"Bearer {user_token}"})
    assert response.status_code == 200


def test_cors_headers_and_preflight(anonymous: ContractClient, client: ContractClient) -> None:
    assert client.get(SEARCH).headers["Access-Control-Allow-Origin"] == "*"
    preflight = anonymous.options(
        SEARCH,
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "api-key, authorization",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "api-key" in preflight.headers["Access-Control-Allow-Headers"]


def test_responses_are_not_cached(client: ContractClient) -> None:
    headers = client.get(SEARCH).headers
    assert headers["Cache-Control"] == "no-cache"
    assert headers["content-type"] == "application/json; charset=utf-8"


def test_unknown_v3_path_is_json_404(client: ContractClient) -> None:
    response = client.get("/v3/nothing-here")
    assert response.status_code == 404
    assert response.json()["ErrorCode"] == "NotFound"


def test_wrong_method_is_json_405(client: ContractClient) -> None:
    response = client.delete(SEARCH)
    assert response.status_code == 405
    assert "DELETE" in response.json()["ErrorMessage"]
