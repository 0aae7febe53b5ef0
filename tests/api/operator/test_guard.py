"""What every operator endpoint shares: HTTPS, the operator token, one error mapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from photobank import errors
from photobank.accounts.operators import OperatorCredential
from photobank.api.operator.guard import guarded
from photobank.clock import ManualClock
from photobank.composition import Services, build_services
from tests.conftest import SECURE_BASE, START
from tests.deployment import deployed

FAILURES: dict[str, Exception] = {
    "missing": errors.NotFound("Asset not found: 1"),
    "bad": errors.InvalidParameter("title", "title: too long"),
    "taken": errors.Conflict("The asset is being changed."),
    "other": errors.Forbidden("Not for you."),
}


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = build_services(deployed(data_dir=tmp_path, hash_cost="fast"), ManualClock(START))
    yield built
    built.close()


def _app(services: Services) -> Starlette:
    wrap = guarded(services)

    async def value(_request: Request) -> Any:
        return {"answer": 42}

    async def response(_request: Request) -> Any:
        return PlainTextResponse("made here", status_code=202)

    async def failing(request: Request) -> Any:
        raise FAILURES[request.path_params["kind"]]

    return Starlette(
        routes=[
            Route("/value", wrap(value)),
            Route("/response", wrap(response)),
            Route("/fail/{kind}", wrap(failing)),
        ]
    )


@pytest.fixture
def site(services: Services) -> tuple[TestClient, dict[str, str]]:
    token = OperatorCredential(services.engine).issue()
    client = TestClient(_app(services), base_url=SECURE_BASE)
    return client, {"Authorization": f"Bearer {token}"}


def test_a_value_is_answered_as_json_and_a_response_as_it_is(
    site: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = site
    value = client.get("/value", headers=auth)
    assert (value.status_code, value.json()) == (200, {"answer": 42})
    made = client.get("/response", headers=auth)
    assert (made.status_code, made.text) == (202, "made here")


@pytest.mark.parametrize(
    ("kind", "status"), [("missing", 404), ("bad", 400), ("taken", 409), ("other", 400)]
)
def test_domain_errors_are_json_with_their_status_and_message(
    site: tuple[TestClient, dict[str, str]], kind: str, status: int
) -> None:
    client, auth = site
    answer = client.get(f"/fail/{kind}", headers=auth)
    assert (answer.status_code, answer.json()) == (status, {"message": str(FAILURES[kind])})


@pytest.mark.parametrize("header", [None, "Bearer ", "Basic dXNlcjpwdw==", "token-alone"])
def test_a_request_without_a_bearer_token_is_401_saying_how_to_get_one(
    site: tuple[TestClient, dict[str, str]], header: str | None
) -> None:
    client, _ = site
    answer = client.get("/value", headers={"Authorization": header} if header else {})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == 'Bearer realm="photobank-operator"'
    assert "`photobank operator-token`" in answer.json()["message"]


def test_a_wrong_token_and_plain_http_are_403(site: tuple[TestClient, dict[str, str]]) -> None:
    client, auth = site
    wrong = client.get("/value", headers={"Authorization": "Bearer not-the-token"})
    assert (wrong.status_code, wrong.json()) == (403, {"message": "Wrong operator token."})
    plain = client.get("http://photobank.test/value", headers=auth)
    assert plain.json() == {"message": "The operator token is only taken over HTTPS."}
    assert plain.status_code == 403 and "www-authenticate" not in plain.headers


def test_before_any_token_is_issued_every_token_is_refused_saying_so(services: Services) -> None:
    client = TestClient(_app(services), base_url=SECURE_BASE)
    answer = client.get("/value", headers={"Authorization": "Bearer guess"})
    assert answer.status_code == 403 and "No operator token has been issued" in answer.text
