"""v3 JSON bodies: checked against the contract's property list, refused with a 400 naming why."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from photobank.api.bodies import JSON_BODY_LIMIT
from photobank.api.http import json_response
from photobank.api.v3.body import json_body, optional_text
from photobank.api.v3.errors import handle_domain_error
from photobank.errors import DomainError


async def _board(request: Request) -> Response:
    body = await json_body(request, "BoardInfo", required=True, code="InvalidBoard")
    return json_response({"name": optional_text(body, "name"), "seen": body})


async def _download(request: Request) -> Response:
    return json_response(await json_body(request, "PremiumAccessDownloadData", required=False))


CLIENT = TestClient(
    Starlette(
        routes=[
            Route("/board", _board, methods=["POST"]),
            Route("/download", _download, methods=["POST"]),
        ],
        exception_handlers={DomainError: handle_domain_error},
    )
)
JSON = {"content-type": "application/json"}
TOO_LARGE = "The request 'body' is larger than"


def test_a_body_of_known_properties_is_read() -> None:
    answer = CLIENT.post("/board", json={"name": "Trip", "description": "Boats"})
    assert answer.json() == {"name": "Trip", "seen": {"name": "Trip", "description": "Boats"}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "A JSON request 'body' is required."),
        (b"{not json", "Invalid 'body': not valid JSON."),
        (b"[1, 2]", "Invalid 'body': expected a JSON object."),
        (b"null", "Invalid 'body': expected a JSON object."),
        (b'{"name": "x", "colour": "red"}', "Unknown property 'colour' in the request body."),
        (b'{"name": 7}', "'name' must be a string."),
        (b'{"name": "' + b"x" * JSON_BODY_LIMIT + b'"}', f"{TOO_LARGE} 1024 KB."),
    ],
)
def test_a_bad_required_body_is_a_400_naming_the_fault(content: bytes, message: str) -> None:
    answer = CLIENT.post("/board", content=content, headers=JSON)
    assert answer.status_code == 400
    code = "InvalidParameterValue" if "string" in message else "InvalidBoard"
    assert (answer.json()["ErrorCode"], answer.json()["ErrorMessage"]) == (code, message)


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"", JSON),
        (b"null", JSON),  # Getty's Node SDK posts null
        (b"'", {"content-type": "application/x-www-form-urlencoded"}),  # the seed's curl
    ],
)
def test_an_optional_body_absent_null_or_not_json_is_no_body(
    content: bytes, headers: dict[str, str]
) -> None:
    answer: Any = CLIENT.post("/download", content=content, headers=headers)
    assert (answer.status_code, answer.json()) == (200, {})


def test_an_optional_json_body_is_still_checked() -> None:
    answer = CLIENT.post("/download", json={"project_code": "P1", "notes": "x"})
    assert answer.status_code == 400 and "'notes'" in answer.json()["ErrorMessage"]
    taken = CLIENT.post("/download", json={"project_code": "P1"})
    assert taken.json() == {"project_code": "P1"}
