"""Legacy exchanges checked against the wire format, as plain values."""

from __future__ import annotations

from typing import Any

import orjson

from photobank.validation.checks import check_request, check_response
from photobank.validation.exchange import Sent

SEARCH = "/v1/search/SearchForImages"


def _sent(document: Any, path: str = SEARCH) -> Sent:
    return Sent("POST", path, "", [(b"content-type", b"application/json")], orjson.dumps(document))


def _request(token: Any = "t", coordination: Any = "c-1") -> dict[str, Any]:
    return {
        "RequestHeader": {"Token": token, "CoordinationId": coordination},
        "SearchForImages2RequestBody": {"Query": {"SearchPhrase": "dog"}},
    }


def _where(found: list[Any]) -> list[tuple[str, str, bool]]:
    return [(v.where, v.what, v.warning) for v in found]


def test_a_well_formed_call_and_answer_have_no_violation() -> None:
    sent = _sent(_request())
    answer = {
        "ResponseHeader": {"Status": "success", "StatusList": [], "CoordinationId": "c-1"},
        "SearchForImagesResult": {"Images": [], "ItemCount": 0},
    }
    assert check_request(sent) == []
    assert check_response(sent, 200, [], orjson.dumps(answer)) == []


def test_request_envelope_faults_are_named() -> None:
    document = _request(token=12)
    document["Extra"] = True
    del document["SearchForImages2RequestBody"]
    assert _where(check_request(_sent(document))) == [
        ("body.RequestHeader.Token", "type", False),
        ("body.Extra", "unknown key", True),
        ("body.SearchForImages2RequestBody", "required", False),
    ]
    assert _where(check_request(_sent(_request(), "/v1/search/Nope"))) == [
        ("path", "unknown operation", False)
    ]


def test_answer_faults_are_named() -> None:
    sent = _sent(_request())
    answer = {
        "ResponseHeader": {
            "Status": "Fine",
            "StatusList": [{"Type": "Oops", "Code": "X", "Message": "m"}],
            "CoordinationId": "other",
        }
    }
    assert _where(check_response(sent, 500, [], orjson.dumps(answer))) == [
        ("status", "status", True),
        ("body.ResponseHeader.Status", "enum", False),
        ("body.ResponseHeader.StatusList[0].Type", "enum", False),
        ("body.ResponseHeader.CoordinationId", "echo", False),
        ("body.SearchForImagesResult", "required", False),
    ]
