"""Recording files: what a request is found by, what is kept of it, and the file round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from photobank.emulator.fixtures import parse_fixture
from photobank.upstream.forward import Answer, Incoming
from photobank.upstream.recording import Exchange, Recording, RecordingError, request_key

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
_JSON = [(b"content-type", b"application/json")]
_FORM = [(b"content-type", b"application/x-www-form-urlencoded")]


def test_a_request_is_found_whatever_its_parameter_order_and_secrets() -> None:
    one = Incoming("GET", "/v3/images?ids=1,2&fields=id&api_key=k1", [])
    two = Incoming("get", "/v3/images?fields=id&ids=1,2&api_key=k2", [])
    assert request_key(one) == request_key(two) == "GET /v3/images?fields=id&ids=1%2C2"
    sent = Incoming("POST", "/oauth2/token", _FORM, b"grant_type=password&password=a&username=u")
    again = Incoming("POST", "/oauth2/token", _FORM, b"username=u&password=b&grant_type=password")
    other = Incoming("POST", "/oauth2/token", _FORM, b"username=v&password=b&grant_type=password")
    assert request_key(sent) == request_key(again) != request_key(other)
    body = Incoming("POST", "/v3/boards", _JSON, b'{"name": "x", "token": "t1"}')
    assert request_key(body) == request_key(
        body.__class__("POST", "/v3/boards", _JSON, b'{"token":"t2","name":"x"}')
    )


def test_an_exchange_keeps_no_secret_and_no_volatile_header() -> None:
    request = Incoming(
        "POST",
        "/oauth2/token?client_secret=qs-secret",
        [(b"api-key", b"the-key"), (b"authorization", b"Bearer bearer-secret"), *_FORM],
        b"grant_type=client_credentials&client_id=the-key&client_secret=body-secret",
    )
    answer = Answer(
        200,
        [*_JSON, (b"date", b"Mon, 01 Jun 2026"), (b"set-cookie", b"s=cookie-secret")],
        b'{"access_token": "tok-secret", "refresh_token": "r-secret", "expires_in": 1800}',
    )
    kept = Exchange.of(request, answer, NOW)
    text = orjson.dumps(kept.as_dict()).decode()
    for secret in ("the-key", "bearer-secret", "qs-secret", "body-secret", "tok-secret", "r-secret",
                   "cookie-secret"):  # fmt: skip
        assert secret not in text
    assert "date" not in kept.headers
    assert kept.body["expires_in"] == 1800
    assert orjson.loads(kept.answer().body)["access_token"] == "[redacted]"


@pytest.mark.parametrize("name", ["rec.json", "rec.yaml"])
def test_a_recording_reads_back_and_loads_as_a_fixture(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    recording = Recording.open(path, "https://api.example", NOW)
    assert not recording.existed
    request = Incoming("GET", "/v3/images/12345?fields=id", [])
    recording.keep(Exchange.of(request, Answer(200, _JSON, b'{"images": [{"id": "12345"}]}'), NOW))
    recording.learned["assets"]["12345"] = {"id": "12345", "title": "Harbour"}
    recording.save()
    again = Recording.open(path, "https://other", NOW)
    assert again.existed and again.upstream == "https://api.example"
    assert again.find(request) == recording.find(request)
    assert again.oldest() == NOW
    document = parse_fixture(path.read_bytes(), "yaml" if name.endswith("yaml") else "json")
    assert [a.id for a in document.assets] == ["12345"]


def test_a_broken_recording_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "rec.json"
    path.write_text('{"recording": {}, "exchanges": [{"key": "GET /"}]}')
    with pytest.raises(RecordingError, match=r"rec.json: exchanges\[0\]: .* is missing"):
        Recording.open(path, "https://api.example", NOW)
