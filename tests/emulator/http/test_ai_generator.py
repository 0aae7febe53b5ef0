"""The AI generator on a running emulator: its pacing control, the clock, faults, and the
official .NET SDK's AI integration test step by step."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from photobank.testing import PhotobankEmulator
from tests.emulator.http.oauth import token

GENERATIONS = "/v3/ai/image-generations"


@pytest.fixture
def ai(photobank: PhotobankEmulator) -> Iterator[PhotobankEmulator]:
    """The emulator, its AI pacing put back to the default afterwards."""
    yield photobank
    photobank.ai.set_pacing(pending_polls=1, latency_ms=0)
    photobank.clock.reset()


def _client(photobank: PhotobankEmulator) -> httpx.Client:
    """A client as the SDK builds one per step: Api-Key and a fresh user token."""
    user = token(photobank, username=photobank.username, password=photobank.password)
    headers = {"Api-Key": photobank.api_key, "Authorization": f"Bearer {user}"}
    return httpx.Client(base_url=photobank.base_url, headers=headers, timeout=30)


def _polled(http: httpx.Client, first: httpx.Response, path: str) -> httpx.Response:
    """The SDK's loop: GET at once, then again while the answer is 202 (45 s at most)."""
    response, deadline = first, time.monotonic() + 45
    while response.status_code == 202:
        assert time.monotonic() < deadline, "Call timed out"
        response = http.get(path)
        if response.status_code == 202:
            time.sleep(0.05)  # the SDK waits 1 s; the emulator needs no real wait
    assert response.status_code == 200, response.text
    return response


def _generation(http: httpx.Client, started: httpx.Response) -> dict[str, Any]:
    if started.status_code != 202:
        return _polled(http, started, "").json()  # type: ignore[no-any-return]
    path = f"{GENERATIONS}/{started.json()['generation_request_id']}"
    return _polled(http, http.get(path), path).json()  # type: ignore[no-any-return]


def test_the_dotnet_sdk_integration_test_passes(ai: PhotobankEmulator) -> None:
    body = {
        "prompt": "a prompt",
        "negative_prompt": "something to subtract from the prompt",
        "aspect_ratio": "9:16",
        "media_type": "photography",
        "mood": "Dramatic",  # SDK 8.2-9.0.1; 10.x sends "dramatic"
        "product_id": 0,  # the SDK's unset int: the customer's one AI product
        "project_code": None,
        "notes": "some notes",
    }
    with _client(ai) as http:  # 1. generate
        generated = _generation(http, http.post(GENERATIONS, json=body))
    generation_id = generated["generation_request_id"]
    assert generation_id and generated["results"]
    with _client(ai) as http:  # 2. get generation
        again = _generation(http, http.get(f"{GENERATIONS}/{generation_id}"))
    assert again["generation_request_id"] == generation_id and again["results"]
    download = f"{GENERATIONS}/{generation_id}/images/2/download"
    with _client(ai) as http:  # 3. download (PUT, then GET on the same path while 202)
        started = http.put(download, json={"size_name": "4k", "notes": None, "project_code": None})
        downloaded = _polled(http, started, download).json()
    assert downloaded["generated_asset_id"] and downloaded["url"]
    redownload = {
        "generated_asset_id": downloaded["generated_asset_id"],
        "product_id": _ai_product(ai),
        "size_name": "4k",
        "project_code": None,
        "notes": "API SDK Integration Test",
    }
    with _client(ai) as http:  # 4. redownload: no polling
        redownloaded = http.post("/v3/ai/redownloads", json=redownload)
    assert redownloaded.status_code == 200
    assert redownloaded.json()["generated_asset_id"] and redownloaded.json()["url"]
    with _client(ai) as http:  # 5. get download
        fetched = _polled(http, http.get(download), download).json()
    assert fetched["generated_asset_id"] and fetched["url"]
    with _client(ai) as http:  # 6. download sizes
        sizes = http.get(f"{GENERATIONS}/{generation_id}/images/3/download-sizes").json()
    first = sizes["download_sizes"][0]
    assert first["size_name"] and first["height"] > 0 and first["width"] > 0
    variation = {"product_id": 0, "project_code": None, "notes": "API SDK Integration Test"}
    with _client(ai) as http:  # 7. variations
        path = f"{GENERATIONS}/{generation_id}/images/3/variations"
        varied = _generation(http, http.post(path, json=variation))
    assert varied["generation_request_id"] and varied["results"]
    assert varied["results"][1]["url"] and varied["results"][1]["index"] > 0
    picture = httpx.get(downloaded["url"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"


def _ai_product(photobank: PhotobankEmulator) -> int:
    with _client(photobank) as http:
        products = http.get("/v3/products").json()["products"]
    return int(next(p["id"] for p in products if p["type"] == "aigeneration"))


def test_pending_polls_and_latency_are_controls(ai: PhotobankEmulator) -> None:
    assert ai.ai.pacing() == {"pending_polls": 1, "latency_ms": 0}
    assert ai.ai.set_pacing(pending_polls=3) == {"pending_polls": 3, "latency_ms": 0}
    with _client(ai) as http:
        started = http.post(GENERATIONS, json={"prompt": "waves"})
        path = f"{GENERATIONS}/{started.json()['generation_request_id']}"
        assert [http.get(path).status_code for _ in range(4)] == [202, 202, 202, 200]
        ai.ai.set_pacing(pending_polls=0)
        assert http.post(GENERATIONS, json={"prompt": "waves"}).status_code == 200
        ai.ai.set_pacing(latency_ms=60_000)
        ai.clock.freeze()
        slow = http.post(GENERATIONS, json={"prompt": "waves"})
        path = f"{GENERATIONS}/{slow.json()['generation_request_id']}"
        assert slow.status_code == 202 and http.get(path).status_code == 202
        ai.clock.advance(minutes=1)  # the emulator's clock decides when it is ready
        assert http.get(path).status_code == 200


def test_bad_pacing_is_refused_and_a_reset_restores_it(ai: PhotobankEmulator) -> None:
    response = httpx.put(
        f"{ai.base_url}/__photobank/ai",
        json={"pending_polls": -1},
        headers={"X-Photobank-Admin-Token": ai.admin_token},
    )
    assert response.status_code == 400 and "pending_polls" in response.text
    ai.ai.set_pacing(pending_polls=5, latency_ms=10)
    ai.reset()  # back to the configured pacing
    assert ai.ai.pacing() == {"pending_polls": 1, "latency_ms": 0}


def test_faults_apply_to_the_ai_routes(ai: PhotobankEmulator) -> None:
    ai.faults.add(path="/v3/ai/*", status=503, times=1)
    with _client(ai) as http:
        assert http.post(GENERATIONS, json={"prompt": "waves"}).status_code == 503
        assert http.post(GENERATIONS, json={"prompt": "waves"}).status_code == 202
