"""``/ready``, ``/metrics`` and the access log, as an operator's tools read them."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.composition import Services, build_services
from tests.conftest import SECURE_BASE
from tests.deployment import deployed

KEY, SECRET = "operations-key", "operations-secret"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    settings = deployed(data_dir=tmp_path, hash_cost="fast", access_log=True)
    services = build_services(settings)
    services.accounts.create_client("ops", api_key=KEY, secret=SECRET, qps_limit=2)
    client = TestClient(create_app(settings, services), SECURE_BASE, headers={"Api-Key": KEY})
    try:
        yield client, services
    finally:
        services.close()


def _sample(text: str, starts: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(starts))
    return float(line.rsplit(" ", 1)[1])


def test_ready_answers_200_and_503_naming_what_failed(
    served: tuple[TestClient, Services],
) -> None:
    client, services = served
    assert client.get("/ready").json() == {"ready": True}
    services.index.close()
    answer = client.get("/ready")
    assert answer.status_code == 503
    assert answer.json() == {"ready": False, "failed": {"index": "search backend is closed"}}


def test_metrics_count_requests_by_route_and_status_and_the_throttled(
    served: tuple[TestClient, Services],
) -> None:
    client, _ = served
    statuses = [client.get("/v3/search/images").status_code for _ in range(4)]
    assert statuses.count(403) >= 1  # two a second
    text = client.get("/metrics").text
    route = 'photobank_requests_total{route="/v3/search/images",status='
    assert _sample(text, route + '"200"}') == statuses.count(200)
    assert _sample(text, route + '"403"}') == statuses.count(403)
    assert _sample(text, 'photobank_throttled_requests_total{limit="qps"}') == statuses.count(403)
    assert _sample(text, 'photobank_request_seconds_count{route="/v3/search/images"}') == 4
    assert 'photobank_cache_bytes{cache="v3_searches"}' in text
    counts = client.app.state.metrics.request_counts()  # type: ignore[attr-defined]
    assert counts[("/v3/search/images", "200")] == statuses.count(200)


def test_an_unknown_path_is_counted_under_other_not_under_its_own_name(
    served: tuple[TestClient, Services],
) -> None:
    client, _ = served
    for n in range(3):
        client.get(f"/nowhere/{n}")
    text = client.get("/metrics").text
    assert _sample(text, 'photobank_requests_total{route="other",status="404"}') == 3
    assert "/nowhere/" not in text


def test_the_access_log_is_one_json_line_per_request_without_secrets(
    served: tuple[TestClient, Services], caplog: pytest.LogCaptureFixture
) -> None:
    client, services = served
    access = logging.getLogger("photobank.access")
    access.addHandler(caplog.handler)
    try:
        client.get("/v3/search/images", params={"phrase": "secret-ish"})
        client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials", "client_id": KEY, "client_secret": SECRET},
        )
    finally:
        access.removeHandler(caplog.handler)
    search, token = (json.loads(record.getMessage()) for record in caplog.records)
    client_id = services.accounts.get_client_by_key(KEY).id  # type: ignore[union-attr]
    assert search["method"] == "GET" and search["path"] == "/v3/search/images"
    assert (search["status"], search["client"]) == (200, client_id)
    assert search["ms"] >= 0 and isinstance(search["pid"], int)
    assert token["path"] == "/oauth2/token" and token["status"] == 200
    assert SECRET not in caplog.text and KEY not in caplog.text and "secret-ish" not in caplog.text
