"""Fault rules and the per-request override header, without a server."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from photobank.emulator.faults import Faults, FaultSpec, RequestView, parse_override


def _view(
    path: str = "/v3/images/1", api_key: str | None = "key", method: str = "GET"
) -> RequestView:
    return RequestView(method, path, api_key, None)


def test_throttle_preset_is_gettys_exact_refusal() -> None:
    response = FaultSpec(preset="throttle-qps").response()
    assert response is not None
    assert response.status_code == 403
    assert json.loads(bytes(response.body)) == {"message": "Account Over Queries Per Second Limit"}
    assert response.headers["X-Error-Detail"] == "Account Over Queries Per Second Limit"
    assert response.headers["X-Mashery-Error-Code"] == "ERR_403_DEVELOPER_OVER_QPS"


@pytest.mark.parametrize(
    ("header", "status"),
    [("throttle-daily", 403), ("status=503", 503), ("status=500", 500), ("bad-gateway", 502)],
)
def test_override_header_names_a_documented_error(header: str, status: int) -> None:
    response = parse_override(header).response()
    assert response is not None and response.status_code == status


def test_override_header_combines_latency_and_status() -> None:
    spec = parse_override("latency=150; status=429")
    assert (spec.latency_ms, spec.status) == (150, 429)


@pytest.mark.parametrize("header", ["teapot", "status=abc", "status=42", ""])
def test_override_header_mistakes_are_readable(header: str) -> None:
    with pytest.raises(ValueError, match="X-Photobank-Fault"):
        parse_override(header)


def test_a_rule_must_do_something() -> None:
    with pytest.raises(ValidationError, match="needs a preset"):
        FaultSpec(path="/v3/*")
    with pytest.raises(ValidationError, match="preset must be one of"):
        FaultSpec(preset="nope")


def test_custom_body_and_headers_replace_the_presets() -> None:
    spec = FaultSpec(status=503, body={"oops": True}, headers={"Retry-After": "2"})
    response = spec.response()
    assert response is not None and response.status_code == 503
    assert json.loads(bytes(response.body)) == {"oops": True}
    assert response.headers["retry-after"] == "2"


def test_rules_match_method_path_client_and_operation() -> None:
    faults = Faults()
    rule = faults.add(FaultSpec(method="get", path="/v3/images/*", api_key="key", status=500))
    assert faults.pick(_view()) is rule
    assert faults.pick(_view(api_key="other")) is None
    assert faults.pick(_view(method="POST")) is None
    assert faults.pick(_view(path="/v3/search/images")) is None
    legacy = faults.add(FaultSpec(operation="SearchForImages", status=503))
    view = RequestView("POST", "/v1/search/SearchForImages", None, "SearchForImages")
    assert faults.pick(view) is legacy


def test_times_limits_a_rule_to_the_next_n_matches() -> None:
    faults = Faults()
    rule = faults.add(FaultSpec(status=503, times=2))
    assert [faults.pick(_view()) is rule for _ in range(4)] == [True, True, False, False]
    assert rule.describe()["remaining"] == 0


def test_a_seeded_probability_repeats_itself() -> None:
    def pattern() -> list[bool]:
        faults = Faults()
        faults.add(FaultSpec(status=500, probability=0.3, seed=7))
        return [faults.pick(_view()) is not None for _ in range(200)]

    first = pattern()
    assert first == pattern()
    assert 30 < sum(first) < 90


def test_rules_can_be_listed_and_removed() -> None:
    faults = Faults()
    rule = faults.add(FaultSpec(status=500))
    assert faults.get(rule.id) is rule and faults.list() == [rule]
    assert faults.remove(rule.id) and not faults.remove(rule.id)
    assert not faults
