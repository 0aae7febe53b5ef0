"""Getty's AI generator over HTTP: generate, poll, variations, sizes, downloads, errors."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from photobank.api.v3.contract import SPEC_PATH
from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.contract import assert_getty_error
from tests.shoppers import Shopper, shopper

AI = ProductTerms("aigeneration", download_limit=2)
GENERATIONS = "/v3/ai/image-generations"


@pytest.fixture
def artist(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    """A customer holding one AI Generation product (two downloads)."""
    return shopper(services, client, demo, AI)


def generate(client: ContractClient, who: Shopper, **body: Any) -> httpx.Response:
    return client.post(GENERATIONS, json={"prompt": "a mountain lake", **body}, headers=who.headers)


def ready(client: ContractClient, who: Shopper, **body: Any) -> dict[str, Any]:
    """A generation, polled until it answers 200."""
    started = generate(client, who, **body)
    assert started.status_code == 202, started.text
    generation_id = started.json()["generation_request_id"]
    for _ in range(5):
        polled = client.get(f"{GENERATIONS}/{generation_id}", headers=who.headers)
        if polled.status_code == 200:
            answer: dict[str, Any] = polled.json()
            return answer
        assert polled.status_code == 202 and polled.json() == started.json()
    raise AssertionError("the generation never became ready")


def test_a_generation_is_pending_once_then_ready_with_four_previews(
    client: ContractClient, artist: Shopper
) -> None:
    started = generate(client, artist, aspect_ratio="16:9", mood="Dramatic")
    assert started.status_code == 202
    generation_id = started.json()["generation_request_id"]
    path = f"{GENERATIONS}/{generation_id}"
    assert client.get(path, headers=artist.headers).status_code == 202
    answer = client.get(path, headers=artist.headers)
    assert answer.status_code == 200  # the second poll: Getty's SDK polls while 202
    body = answer.json()
    assert body["generation_request_id"] == generation_id
    assert [r["index"] for r in body["results"]] == [0, 1, 2, 3]
    preview = body["results"][1]["preview_urls"][0]
    assert (preview["width"], preview["height"]) == (612, 344)
    picture = client.get(body["results"][1]["url"])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    assert client.get(path.lower(), headers=artist.headers).status_code == 200  # stays ready


def test_same_prompt_and_seed_paint_the_same_pixels(
    client: ContractClient, artist: Shopper
) -> None:
    first = ready(client, artist, seed=1234)
    again = ready(client, artist, seed=1234)
    other = ready(client, artist, seed=99)
    assert first["seed"] == again["seed"] == 1234
    assert first["generation_request_id"] != again["generation_request_id"]

    def picture(answer: dict[str, Any], index: int) -> bytes:
        return client.get(answer["results"][index]["url"]).content

    assert picture(first, 0) == picture(again, 0)
    assert picture(first, 0) != picture(first, 1) != picture(other, 1)
    unseeded = [ready(client, artist, prompt="a cup of coffee") for _ in range(2)]
    assert unseeded[0]["seed"] == unseeded[1]["seed"]  # no seed: one derived from the words


def test_download_is_charged_once_polled_and_redownloaded_free(
    client: ContractClient, artist: Shopper
) -> None:
    answer = ready(client, artist, aspect_ratio="9:16")
    image = f"{GENERATIONS}/{answer['generation_request_id']}/images/2"
    sizes = client.get(f"{image}/download-sizes", headers=artist.headers).json()
    assert sizes == {
        "download_sizes": [
            {"size_name": "1k", "height": 1024, "width": 576},
            {"size_name": "4k", "height": 4096, "width": 2304},
        ]
    }
    assert client.get(f"{image}/download", headers=artist.headers).status_code == 404
    started = client.put(f"{image}/download", json={"size_name": "1k"}, headers=artist.headers)
    assert started.status_code == 202 and started.content == b""
    assert client.get(f"{image}/download", headers=artist.headers).status_code == 202
    done = client.get(f"{image}/download", headers=artist.headers)
    assert done.status_code == 200
    url, asset_id = done.json()["url"], done.json()["generated_asset_id"]
    file = client.get(url)
    assert file.status_code == 200 and file.headers["content-type"] == "image/jpeg"
    assert "attachment" in file.headers["content-disposition"]
    again = client.post(
        "/v3/ai/redownloads",
        json={
            "generated_asset_id": asset_id,
            "product_id": artist.products[0].id,
            "size_name": "1k",
        },
        headers=artist.headers,
    )
    assert again.status_code == 200 and again.json()["generated_asset_id"] == asset_id
    assert client.get(again.json()["url"]).content == file.content
    products = client.get("/v3/products", headers=artist.headers).json()["products"]
    assert [p["downloads_remaining"] for p in products] == [1]  # one licence, free after
    history = client.get("/v3/downloads", headers=artist.headers).json()
    assert [d["id"] for d in history["downloads"]].count(asset_id) == 2


def test_variations_are_a_new_generation_of_the_same_subject(
    client: ContractClient, artist: Shopper
) -> None:
    answer = ready(client, artist)
    parent = answer["generation_request_id"]
    varied = client.post(
        f"{GENERATIONS}/{parent}/images/3/variations",
        json={"product_id": 0, "project_code": None, "notes": "SDK"},
        headers=artist.headers,
    )
    assert varied.status_code == 202
    child = varied.json()["generation_request_id"]
    assert child != parent
    client.get(f"{GENERATIONS}/{child}", headers=artist.headers)
    results = client.get(f"{GENERATIONS}/{child}", headers=artist.headers).json()["results"]
    assert len(results) == 4 and results[1]["url"] and results[1]["index"] > 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": " "}, "prompt"),
        ({"negative_prompt": "x"}, "prompt"),
        ({"prompt": "cat", "aspect_ratio": "2:1"}, "aspect_ratio"),
        ({"prompt": "cat", "mood": "sleepy"}, "mood"),
        ({"prompt": "cat", "media_type": "video"}, "media_type"),
        ({"prompt": "cat", "product_id": "many"}, "product_id"),
        ({"prompt": "cat", "seed": -1}, "seed"),
        ({"prompt": "cat", "colour": "red"}, "colour"),
        ({"prompt": "cat", "product_id": 999999}, "product_id"),
    ],
)
def test_bad_generation_bodies_are_400s_naming_the_field(
    client: ContractClient, artist: Shopper, body: dict[str, Any], field: str
) -> None:
    response = client.post(GENERATIONS, json=body, headers=artist.headers)
    assert response.status_code == 400
    assert_getty_error(response)
    assert f"'{field}'" in response.json()["ErrorMessage"]


def test_bad_download_requests_name_the_field(client: ContractClient, artist: Shopper) -> None:
    image = f"{GENERATIONS}/{ready(client, artist)['generation_request_id']}/images"
    for body in ({"size_name": 0}, {"size_name": "8k"}, {}):
        response = client.put(f"{image}/0/download", json=body, headers=artist.headers)
        assert response.status_code == 400 and "'size_name'" in response.json()["ErrorMessage"]
    wrong_index = client.put(
        f"{image}/x/download", json={"size_name": "1k"}, headers=artist.headers
    )
    assert wrong_index.status_code == 400 and "'index'" in wrong_index.json()["ErrorMessage"]
    past = client.get(f"{image}/4/download-sizes", headers=artist.headers)
    assert past.status_code == 404 and past.json()["ErrorCode"] == "GeneratedImageNotFound"
    missing = client.post(
        "/v3/ai/redownloads", json={"generated_asset_id": "x-1", "size_name": "1k"},
        headers=artist.headers,
    )  # fmt: skip
    assert missing.status_code == 400 and "'product_id'" in missing.json()["ErrorMessage"]


def test_unknown_and_other_customers_generations_are_404(
    services: Services, client: ContractClient, demo: DemoCredentials, artist: Shopper
) -> None:
    unknown = client.get(
        f"{GENERATIONS}/A6503762-4A4B-4434-8445-2C1335A95A78", headers=artist.headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["ErrorCode"] == "GenerationRequestNotFound"
    theirs = generate(client, artist).json()["generation_request_id"]
    someone = shopper(services, client, demo, AI)
    assert client.get(f"{GENERATIONS}/{theirs}", headers=someone.headers).status_code == 404


def test_a_pending_generation_cannot_be_downloaded_yet(
    client: ContractClient, artist: Shopper
) -> None:
    pending = generate(client, artist).json()["generation_request_id"]
    response = client.get(
        f"{GENERATIONS}/{pending}/images/0/download-sizes", headers=artist.headers
    )
    assert response.status_code == 409 and response.json()["ErrorCode"] == "GenerationNotReady"


def test_a_customer_without_an_ai_product_is_refused(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    buyer = shopper(services, client, demo, ProductTerms("premiumaccess", download_limit=5))
    response = generate(client, buyer)
    assert response.status_code == 403
    assert response.json()["ErrorCode"] == "NoProductsAvailable"
    two = shopper(services, client, demo, AI, AI)
    several = generate(client, two)
    assert several.status_code == 400 and "'product_id'" in several.json()["ErrorMessage"]
    assert generate(client, two, product_id=two.products[1].id).status_code == 202


def _app_headers(client: ContractClient, services: Services, owner: str | None) -> dict[str, str]:
    """Api-Key and app token of a new application belonging to customer ``owner``."""
    made, secret = services.accounts.create_client(f"app of {owner}", qps_limit=0, daily_limit=0)
    services.accounts.set_client_account(made.api_key, owner)
    form = {"grant_type": "client_credentials", "client_id": made.api_key, "client_secret": secret}
    token = client.post("https://photobank.test/oauth2/token", data=form).json()["access_token"]
    return {"Api-Key": made.api_key, "Authorization": f"Bearer {token}"}


def test_an_app_token_acts_for_the_account_its_application_belongs_to(
    client: ContractClient, services: Services, demo: DemoCredentials, artist: Shopper
) -> None:
    app = _app_headers(client, services, artist.customer.username)
    started = client.post(GENERATIONS, json={"prompt": "a red kite"}, headers=app)
    assert started.status_code == 202, started.text
    generation = f"{GENERATIONS}/{started.json()['generation_request_id']}"
    assert client.get(generation, headers=artist.headers).status_code in (200, 202)
    stranger = shopper(services, client, demo, AI)
    assert client.get(generation, headers=stranger.headers).status_code == 404


def test_no_token_or_an_app_token_of_no_account_is_refused(
    client: ContractClient, services: Services
) -> None:
    anonymous = client.post(GENERATIONS, json={"prompt": "cat"})
    assert anonymous.status_code == 401
    orphan = client.post(
        GENERATIONS, json={"prompt": "cat"}, headers=_app_headers(client, services, None)
    )
    assert orphan.status_code == 401 and orphan.json()["ErrorCode"] == "UserTokenRequired"


def test_a_second_download_over_the_limit_is_refused(
    client: ContractClient, artist: Shopper
) -> None:
    answer = ready(client, artist)
    image = f"{GENERATIONS}/{answer['generation_request_id']}/images"
    for index in (0, 1):
        started = client.put(
            f"{image}/{index}/download", json={"size_name": "4k"}, headers=artist.headers
        )
        assert started.status_code == 202
    third = client.put(f"{image}/2/download", json={"size_name": "1k"}, headers=artist.headers)
    assert third.status_code == 403 and third.json()["ErrorCode"] == "OverageLimitReached"


def test_preview_urls_must_be_used_as_given(client: ContractClient, artist: Shopper) -> None:
    url = ready(client, artist)["results"][0]["url"]
    assert client.get(url.replace("-0/", "-1/")).status_code == 403
    assert client.get(url.replace("preview", "4k")).status_code == 403


def test_the_served_document_and_swagger_list_the_ai_operations(anonymous: ContractClient) -> None:
    paths = anonymous.get("/swagger/openapi.json").json()["paths"]
    ai = {path: set(operations) for path, operations in paths.items() if "/ai/" in path}
    assert ai == {
        GENERATIONS: {"post"},
        f"{GENERATIONS}/{{generationRequestId}}": {"get"},
        f"{GENERATIONS}/{{generationRequestId}}/images/{{index}}/variations": {"post"},
        f"{GENERATIONS}/{{generationRequestId}}/images/{{index}}/download": {"put", "get"},
        f"{GENERATIONS}/{{generationRequestId}}/images/{{index}}/download-sizes": {"get"},
        "/v3/ai/redownloads": {"post"},
    }
    getty = orjson.loads(SPEC_PATH.read_bytes())  # Getty's own file stays as published
    assert not any("/ai/" in path for path in getty["paths"])


def test_a_product_requiring_notes_asks_for_them_by_their_wire_name(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    noted = shopper(services, client, demo, ProductTerms("aigeneration", note_required=True))
    refused = generate(client, noted)
    assert refused.status_code == 400 and "notes" in refused.json()["ErrorMessage"]
    answer = ready(client, noted, notes="campaign")
    image = f"{GENERATIONS}/{answer['generation_request_id']}/images/0/download"
    bare = client.put(image, json={"size_name": "1k"}, headers=noted.headers)
    assert bare.status_code == 400 and "requires notes" in bare.json()["ErrorMessage"]
    noted_download = {"size_name": "1k", "notes": "campaign"}
    assert client.put(image, json=noted_download, headers=noted.headers).status_code == 202
