"""v3 exchanges checked against the contract, as plain values."""

from __future__ import annotations

import orjson

from photobank.validation.checks import check_request, check_response, is_checked
from photobank.validation.exchange import Sent
from photobank.validation.violations import Violation, header_value

KEY = [(b"api-key", b"demo")]
JSON = [(b"content-type", b"application/json; charset=utf-8")]
SEARCH = "/v3/search/images/creative"


def _request(target: str, headers: list[tuple[bytes, bytes]] = KEY) -> list[Violation]:
    return check_request(Sent.from_target("GET", target, headers))


def _where(violations: list[Violation]) -> list[tuple[str, str, bool]]:
    return [(v.where, v.what, v.warning) for v in violations]


def test_a_request_as_the_contract_describes_it_has_no_violation() -> None:
    assert _request(f"{SEARCH}?phrase=cat&page=2&sort_order=newest&fields=id,title") == []


def test_bad_enum_wrong_type_and_unknown_name_are_each_named() -> None:
    found = _request(f"{SEARCH}?phrase=cat&sort_order=loudest&page=two&phrse=dog")
    assert _where(found) == [
        ("query.sort_order", "enum", False),
        ("query.page", "integer", False),
        ("query.phrse", "unknown parameter", True),
    ]
    enum = found[0]
    assert "newest" in enum.expected and enum.got == "loudest"


def test_a_missing_credential_and_a_bad_country_header_are_violations() -> None:
    found = _request(f"{SEARCH}?phrase=cat", [(b"gi-country-code", b"XX")])
    assert _where(found) == [
        ("header.Api-Key", "required", False),
        ("header.GI-Country-Code", "format", False),
    ]


def test_an_unknown_path_or_method_is_refused_by_name() -> None:
    assert _where(_request("/v3/no-such-thing")) == [("path", "unknown operation", False)]
    found = check_request(Sent.from_target("DELETE", "/v3/countries", KEY))
    assert _where(found) == [("path", "method not allowed", False)]


def test_head_is_checked_as_its_get_and_its_empty_answer_passes() -> None:
    head = Sent.from_target("HEAD", f"{SEARCH}?phrase=cat", KEY)
    assert check_request(head) == []
    assert check_request(Sent.from_target("HEAD", f"{SEARCH}?sort_order=loudest", KEY))
    assert check_response(head, 200, JSON, b"") == []


def test_a_request_body_is_checked_against_its_schema() -> None:
    sent = Sent("POST", "/v3/boards", "", [*KEY, *JSON], b'{"name": 5}')
    found = check_request(sent)
    assert _where(found) == [("body.name", "type", False)]
    assert found[0].expected == "string" and found[0].got == "5"


def test_a_response_off_contract_is_found_item_by_item() -> None:
    body = {"result_count": "many", "images": [{"id": 7, "colour": "red"}]}
    found = check_response(Sent.from_target("GET", SEARCH, KEY), 200, JSON, orjson.dumps(body))
    assert sorted(_where(found)) == [
        ("body.images[0]", "additionalProperties", False),
        ("body.images[0].id", "type", False),
        ("body.result_count", "type", False),
    ]


def test_photobank_facets_and_extension_fields_are_not_violations() -> None:
    image = {"id": "1", "title": "t", "blurhash": "LKO2", "dominant_color": "#102030"}
    body = {"result_count": 1, "images": [image], "facets": {"events": []}}
    sent = Sent.from_target("GET", SEARCH, KEY)
    assert check_response(sent, 200, JSON, orjson.dumps(body)) == []


def test_an_undocumented_status_and_a_foreign_error_body_are_violations() -> None:
    sent = Sent.from_target("GET", SEARCH, KEY)
    found = check_response(sent, 418, JSON, b'{"oops": 1}')
    assert _where(found) == [("status", "undocumented", False), ("body", "error shape", False)]
    getty = b'{"ErrorCode": "InvalidParameterValue", "ErrorMessage": "no"}'
    assert check_response(sent, 400, JSON, getty) == []
    assert check_response(sent, 403, JSON, b'{"message": "Account Inactive"}') == []


def test_the_header_counts_errors_and_warnings_and_stays_short() -> None:
    found = _request(f"{SEARCH}?sort_order=loudest&phrse=dog")
    assert header_value(found) == (
        b"1 error, 1 warning: request query.sort_order: enum;"
        b" request query.phrse: unknown parameter"
    )
    many = [Violation("response", f"body.images[{i}].id", "type", "string", "1") for i in range(50)]
    assert len(header_value(many)) <= 480


def test_only_the_two_apis_are_checked_and_never_a_cors_preflight() -> None:
    assert is_checked("GET", SEARCH) and is_checked("POST", "/v1/search/SearchForImages")
    assert not is_checked("OPTIONS", SEARCH)
    assert not is_checked("POST", "/oauth2/token") and not is_checked("GET", "/health")


def test_a_flood_of_unknown_parameters_is_bounded() -> None:
    query = "&".join(f"{'x' * 500}{n}=1" for n in range(100))
    found = _request(f"{SEARCH}?{query}")
    assert len(found) == 20
    assert all(len(v.where) <= 120 and len(v.got) <= 80 for v in found)
