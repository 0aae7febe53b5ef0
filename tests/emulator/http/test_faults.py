"""Fault rules and the override header, proven with httpx against the real server."""

from __future__ import annotations

import time

import httpx
import pytest

from photobank.testing import PhotobankEmulator
from tests.emulator.http.oauth import token_request

IMAGE_PATH = "/v3/search/images/creative"


def _search(photobank: PhotobankEmulator, **headers: str) -> httpx.Response:
    return httpx.get(
        f"{photobank.base_url}{IMAGE_PATH}",
        params={"phrase": "mountain", "fields": "id"},
        headers={"Api-Key": photobank.api_key, **headers},
    )


def test_throttling_preset_is_byte_for_byte_gettys(photobank: PhotobankEmulator) -> None:
    photobank.faults.add(path="/v3/search/*", preset="throttle-qps", times=1)
    throttled = _search(photobank)
    assert throttled.status_code == 403
    assert throttled.json() == {"message": "Account Over Queries Per Second Limit"}
    assert throttled.headers["x-error-detail"] == "Account Over Queries Per Second Limit"
    assert throttled.headers["x-mashery-error-code"] == "ERR_403_DEVELOPER_OVER_QPS"
    assert throttled.headers["access-control-allow-origin"] == "*"
    assert _search(photobank).status_code == 200  # times=1: the next call goes through


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors(photobank: PhotobankEmulator, status: int) -> None:
    photobank.faults.add(method="GET", path=IMAGE_PATH, status=status)
    response = _search(photobank)
    assert response.status_code == status
    assert response.json()


def test_rules_match_one_client_only(photobank: PhotobankEmulator) -> None:
    other = photobank.create_client("other app", qps_limit=0, daily_limit=0)
    photobank.faults.add(api_key=other["api_key"], preset="unavailable")
    assert _search(photobank).status_code == 200
    assert _search(photobank, **{"Api-Key": other["api_key"]}).status_code == 503
    theirs = token_request(photobank, api_key=other["api_key"], api_secret=other["api_secret"])
    assert theirs.status_code == 503  # matched through the token form's client_id
    # The form read ahead to learn its client_id still reaches the token endpoint.
    assert token_request(photobank).status_code == 200
    assert photobank.journal.find(path="/oauth2/token")[-1]["request"]["body_bytes"] > 0


def test_latency_is_added_and_only_that(photobank: PhotobankEmulator) -> None:
    photobank.faults.add(path=IMAGE_PATH, latency_ms=300, times=1)
    started = time.perf_counter()
    assert _search(photobank).status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_disconnect_cuts_the_connection_without_a_response(photobank: PhotobankEmulator) -> None:
    photobank.faults.add(path=IMAGE_PATH, disconnect=True, times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        _search(photobank)
    assert _search(photobank).status_code == 200
    [cut] = photobank.journal.find(path=IMAGE_PATH, limit=2)[:1]
    assert cut["cut"] is True and cut["response"]["status"] is None


def test_a_seeded_probability_fires_on_some_requests(photobank: PhotobankEmulator) -> None:
    photobank.faults.add(path=IMAGE_PATH, status=503, probability=0.5, seed=3)
    statuses = [_search(photobank).status_code for _ in range(20)]
    assert {200, 503} == set(statuses)
    [rule] = photobank.faults.list()
    assert rule["fired"] == statuses.count(503)


def test_override_header_asks_for_one_error(photobank: PhotobankEmulator) -> None:
    throttled = _search(photobank, **{"X-Photobank-Fault": "throttle-daily"})
    assert throttled.status_code == 403
    assert throttled.json() == {"message": "Account Over Rate Limit"}
    assert _search(photobank, **{"X-Photobank-Fault": "status=503"}).status_code == 503
    refused = _search(photobank, **{"X-Photobank-Fault": "teapot"})
    assert refused.status_code == 400
    assert "X-Photobank-Fault" in refused.json()["message"]


def test_faults_can_be_listed_removed_and_cleared(photobank: PhotobankEmulator) -> None:
    rule = photobank.faults.add(path=IMAGE_PATH, status=500)
    assert photobank.faults.get(rule["id"])["status"] == 500
    photobank.faults.remove(rule["id"])
    assert _search(photobank).status_code == 200
    photobank.faults.add(path=IMAGE_PATH, status=500)
    photobank.faults.clear()
    assert photobank.faults.list() == []
