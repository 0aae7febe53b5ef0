"""A plain v3 operation sends its encoded answer, or the domain error's Getty-style answer."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from starlette.types import Message, Scope

from photobank.api.v3.operation import Headers, PlainOperation
from photobank.errors import InvalidParameter

_JSON = [(b"content-type", b"application/json")]


class _Echo(PlainOperation):
    """Answers the query string, or refuses an empty one."""

    async def answer(self, scope: Scope) -> tuple[Headers, bytes]:
        if not scope["query_string"]:
            raise InvalidParameter("q", "Parameter 'q' is required.")
        return list(_JSON), orjson.dumps({"q": scope["query_string"].decode()})


def _sent(operation: PlainOperation, query: bytes) -> list[Message]:
    scope: dict[str, Any] = {"type": "http", "method": "GET", "query_string": query}
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(operation(scope, receive, send))
    return sent


def test_an_answer_is_sent_as_encoded() -> None:
    start, body = _sent(_Echo(), b"mountain")
    assert (start["status"], start["headers"]) == (200, _JSON)
    assert orjson.loads(body["body"]) == {"q": "mountain"}


def test_a_refusal_is_the_domain_errors_answer() -> None:
    start, body = _sent(_Echo(), b"")[:2]
    assert start["status"] == 400
    refused = orjson.loads(body["body"])
    assert refused["ErrorCode"] == "InvalidParameterValue"
    assert "'q'" in refused["ErrorMessage"]


def test_an_operation_must_give_its_answer() -> None:
    with pytest.raises(TypeError, match="answer"):
        PlainOperation()  # type: ignore[abstract]
