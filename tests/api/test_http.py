"""The HTTP plumbing every skin shares: JSON answers, replayed answers, scope reads."""

from __future__ import annotations

import orjson

from photobank.api.http import EncodedResponse, json_response, origin, scope_header


def test_a_json_answer_carries_getty_no_cache_headers_and_its_length() -> None:
    response = json_response({"name": "Ré"}, 201, {"X-Extra": "1"})
    assert response.status_code == 201
    assert orjson.loads(response.body) == {"name": "Ré"}
    assert dict(response.headers) == {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-cache",
        "pragma": "no-cache",
        "expires": "-1",
        "content-length": str(len(response.body)),
        "x-extra": "1",
    }


def test_a_replayed_answer_is_sent_as_it_was_encoded() -> None:
    first = json_response({"images": []})
    replayed = EncodedResponse(200, tuple(first.raw_headers), bytes(first.body))
    assert (replayed.status_code, replayed.body, replayed.raw_headers) == (
        200,
        first.body,
        first.raw_headers,
    )


def test_a_header_is_read_from_the_scope_first_value_first() -> None:
    scope = {"headers": [(b"api-key", b"one"), (b"accept", b"*/*"), (b"api-key", b"two")]}
    assert scope_header(scope, b"api-key") == "one"
    assert scope_header(scope, b"authorization") is None


def test_links_start_at_the_configured_url_else_the_host_asked() -> None:
    scope = {"scheme": "https", "server": ("10.0.0.1", 8443)}
    assert origin("https://photos.example/", scope, "h") == "https://photos.example"
    assert origin(None, scope, "photos.test") == "https://photos.test"
    assert origin(None, scope, None) == "https://10.0.0.1:8443"
