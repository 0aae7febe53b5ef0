"""``photobank proxy --validate`` between a client and a second real photobank.

The upstream is an emulator with ``PHOTOBANK_VALIDATION`` on, so the same
checks are also seen on photobank's own answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from photobank.cli.main import app as cli
from photobank.emulator.process import ServerOptions
from photobank.testing import PhotobankEmulator
from photobank.upstream.process import running_proxy
from tests.deployment import running_emulator

SEARCH = "/v3/search/images/creative"
HEADER = "X-Photobank-Violations"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhotobankEmulator]:
    options = ServerOptions(assets=40, env={"PHOTOBANK_VALIDATION": "true"})
    with running_emulator(tmp_path_factory.mktemp("upstream"), options) as server:
        yield server


@pytest.fixture(scope="module")
def proxy(upstream: PhotobankEmulator, tmp_path_factory: pytest.TempPathFactory) -> Any:
    with running_proxy(upstream.base_url, tmp_path_factory.mktemp("proxy"), "--validate") as p:
        yield p


@pytest.fixture(scope="module")
def strict(upstream: PhotobankEmulator, tmp_path_factory: pytest.TempPathFactory) -> Any:
    log_dir = tmp_path_factory.mktemp("strict")
    with running_proxy(upstream.base_url, log_dir, "--validate", "--strict") as p:
        yield p


@pytest.fixture(autouse=True)
def _fresh(upstream: PhotobankEmulator, proxy: PhotobankEmulator) -> None:
    upstream.faults.clear()
    upstream.journal.clear()
    proxy.journal.clear()


def _get(through: PhotobankEmulator, upstream: PhotobankEmulator, query: str) -> httpx.Response:
    headers = {"Api-Key": upstream.api_key}
    return httpx.get(f"{through.base_url}{SEARCH}?{query}", headers=headers, timeout=30)


def test_a_clean_exchange_is_forwarded_with_a_zero_count(
    proxy: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    through = _get(proxy, upstream, "phrase=mountain&fields=id,title")
    direct = _get(upstream, upstream, "phrase=mountain&fields=id,title")
    assert through.status_code == 200
    assert through.headers[HEADER] == "0"
    assert through.headers["Access-Control-Expose-Headers"] == HEADER.lower()
    assert through.json() == direct.json()


def test_violating_requests_are_listed_in_the_header_and_the_journal(
    proxy: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    answer = _get(proxy, upstream, "phrase=cat&sort_order=loudest&page=two")
    assert answer.status_code == 400  # forwarded: the upstream refused it itself
    assert answer.headers[HEADER].startswith("2 errors: request query.sort_order: enum;")
    assert "request query.page: integer" in answer.headers[HEADER]
    anonymous = httpx.get(f"{proxy.base_url}{SEARCH}?phrase=cat", timeout=30)
    assert "request header.Api-Key: required" in anonymous.headers[HEADER]
    (entry, _) = proxy.journal.find()
    sort_order = entry["violations"][0]
    assert sort_order["where"] == "query.sort_order" and sort_order["got"] == "loudest"
    assert "newest" in sort_order["expected"] and sort_order["severity"] == "error"


def test_strict_answers_a_contract_violation_with_a_getty_400_naming_it(
    strict: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    answer = _get(strict, upstream, "phrase=cat&sort_order=loudest")
    assert answer.status_code == 400
    body = answer.json()
    assert body["ErrorCode"] == "InvalidParameterValue"
    assert "query.sort_order" in body["ErrorMessage"] and "loudest" in body["ErrorMessage"]
    assert upstream.journal.count(path=SEARCH) == 0  # never forwarded


def test_an_unknown_parameter_is_a_warning_and_still_answered(
    strict: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    answer = _get(strict, upstream, "phrse=cat")
    assert answer.status_code == 200
    assert answer.headers[HEADER] == "1 warning: request query.phrse: unknown parameter"


def test_an_answer_off_the_contract_is_detected(
    proxy: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    upstream.faults.add(path=SEARCH, status=200, body={"result_count": "many", "images": 3})
    answer = _get(proxy, upstream, "phrase=cat")
    assert answer.status_code == 200
    summary = answer.headers[HEADER]
    assert summary.startswith("2 errors:")
    assert "response body.result_count: type" in summary
    assert "response body.images: type" in summary


def test_legacy_calls_are_checked_against_the_wire_format(
    proxy: PhotobankEmulator, strict: PhotobankEmulator, upstream: PhotobankEmulator
) -> None:
    url = "/v1/search/SearchForImages"
    good = {
        "RequestHeader": {"Token": "not-a-token", "CoordinationId": "c-7"},
        "SearchForImages2RequestBody": {"Query": {"SearchPhrase": "dog"}},
    }
    answer = httpx.post(f"{proxy.base_url}{url}", json=good, timeout=30)
    assert answer.json()["ResponseHeader"]["Status"] == "error"  # a bad token, well told
    assert answer.headers[HEADER] == "0"
    broken = {"RequestHeader": {"Token": 5}, "SearchForImagesBody": {}}
    answer = httpx.post(f"{proxy.base_url}{url}", json=broken, timeout=30)
    assert answer.headers[HEADER] == (
        "2 errors, 1 warning: request body.RequestHeader.Token: type;"
        " request body.SearchForImagesBody: unknown key;"
        " request body.SearchForImages2RequestBody: required"
    )
    refused = httpx.post(f"{strict.base_url}{url}", json=broken, timeout=30)
    assert refused.status_code == 200
    status = refused.json()["ResponseHeader"]["StatusList"][0]
    assert status["Code"] == "InvalidRequest" and "RequestHeader.Token" in status["Message"]


def test_photobank_own_answers_are_validated_in_emulator_mode(
    upstream: PhotobankEmulator,
) -> None:
    answer = _get(upstream, upstream, "phrase=cat&phrse=dog&fields=id")
    assert answer.status_code == 200
    assert answer.headers[HEADER] == "1 warning: request query.phrse: unknown parameter"
    (entry,) = upstream.journal.find(path=SEARCH)
    assert [v["where"] for v in entry["violations"]] == ["query.phrse"]


def test_validation_is_switched_off_and_on_from_the_control_surface(
    upstream: PhotobankEmulator,
) -> None:
    """``photobank emulator validation --on/--off`` (``PhotobankEmulator.validate``)."""
    command = ["emulator", "--url", upstream.base_url, "--token", upstream.admin_token]
    switched = CliRunner().invoke(cli, [*command, "validation", "--off"])
    assert switched.exit_code == 0 and json.loads(switched.output) == {"enabled": False}
    try:
        assert HEADER not in _get(upstream, upstream, "phrse=dog").headers
        assert upstream.status()["validation"] is False
    finally:
        upstream.reset()  # back to the server's setting: on
    assert _get(upstream, upstream, "phrse=dog").headers[HEADER].startswith("1 warning")
