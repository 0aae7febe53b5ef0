"""Api-Key checks, bearer tokens, CORS and error shapes at the v3 front door."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from photobank.clock import ManualClock
from photobank.demo.credentials import DemoCredentials
from tests.conftest import SECURE_BASE as SECURE
from tests.conftest import ContractClient, grant_form

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
    assert response.headers["Allow"] == "GET, HEAD"


def test_tokens_expire_after_30_minutes(
    client: ContractClient, user_token: str, clock: ManualClock
) -> None:
    headers = {"Authorization": f"Bearer {user_token}"}
    clock.advance(timedelta(minutes=29))
    assert client.get(SEARCH, headers=headers).status_code == 200
    clock.advance(timedelta(minutes=2))
    expired = client.get(SEARCH, headers=headers)
    assert expired.status_code == 401
    assert expired.json()["ErrorCode"] == "AuthorizationTokenRequired"


def test_refresh_token_gives_a_new_access_token(
    client: ContractClient, demo: DemoCredentials
) -> None:
    issued = client.post(f"{SECURE}/oauth2/token", data=grant_form(demo, "password")).json()
    refreshed = client.post(
        f"{SECURE}/v4/oauth2/token",
        data=grant_form(demo, "refresh_token", refresh_token=issued["refresh_token"]),
    )
    assert refreshed.status_code == 200
    body = refreshed.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == "1800"
    assert "Access-Control-Allow-Origin" not in refreshed.headers
    search = client.get(SEARCH, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert search.status_code == 200


def test_lookups_answered_without_routing_leave_the_paths_below_them_routed(
    client: ContractClient,
) -> None:
    """An image by id skips the router; its similar images, a trailing slash, another
    method and HEAD are answered as the router answers them."""
    image_id = client.get(SEARCH).json()["images"][0]["id"]
    one = client.get(f"/v3/images/{image_id}")
    assert one.status_code == 200 and one.json()["images"][0]["id"] == image_id
    assert one.headers["Access-Control-Allow-Origin"] == "*"
    similar = client.get(f"/v3/images/{image_id}/similar")
    assert similar.status_code == 200 and "images" in similar.json()
    head = TestClient.request(client, "HEAD", f"/v3/images/{image_id}")  # no body to check
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == one.headers["content-length"]
    refused = client.delete(f"/v3/images/{image_id}")
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD"
    listed = client.get("/v3/images/")  # redirected to /v3/images, which needs ids
    assert listed.status_code == 400 and "'ids'" in listed.text
