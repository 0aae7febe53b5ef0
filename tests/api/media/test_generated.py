"""``/media/generated/...``: previews as signed, cached images; conditional requests."""

from __future__ import annotations

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.conftest import ContractClient
from tests.shoppers import shopper


def test_a_preview_is_a_cacheable_jpeg_that_revalidates(
    services: Services, client: ContractClient, demo: DemoCredentials
) -> None:
    artist = shopper(services, client, demo, ProductTerms("aigeneration"))
    headers = artist.headers
    started = client.post("/v3/ai/image-generations", json={"prompt": "bokeh"}, headers=headers)
    path = f"/v3/ai/image-generations/{started.json()['generation_request_id']}"
    client.get(path, headers=headers)
    url = client.get(path, headers=headers).json()["results"][0]["url"]
    first = client.get(url)
    assert first.status_code == 200 and first.headers["cache-control"].startswith("public")
    assert client.head(url).headers["content-length"] == str(len(first.content))
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.get(url.split("?")[0]).status_code == 403  # no signature
