"""``POST /v3/downloads/videos/{id}``, ``/v3/videos/{id}/downloadhistory`` and the MP4 delivered."""

from __future__ import annotations

import io

import av
import pytest

from photobank.composition import Services
from photobank.demo.credentials import DemoCredentials
from photobank.licensing.products import ProductTerms
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient
from tests.shoppers import Shopper, images, premium, shopper


@pytest.fixture
def buyer(services: Services, client: ContractClient, demo: DemoCredentials) -> Shopper:
    return shopper(services, client, demo, ProductTerms("premiumaccess", download_limit=2))


def _remaining(client: ContractClient, who: Shopper) -> int:
    [product] = client.get("/v3/products", headers=who.headers).json()["products"]
    remaining: int = product["downloads_remaining"]
    return remaining


def _sd_video(services: Services, skip: int = 0):  # type: ignore[no-untyped-def]
    """A premium-licensable SD video with a short clip: quick to encode."""
    found = [
        v
        for v in demo_videos(services)
        if premium(v) and v.video and v.video.format == "sd" and v.video.frames <= 200
    ]
    return found[skip]


def test_download_answers_a_uri_of_a_real_mp4_and_charges_once(
    client: ContractClient, services: Services, buyer: Shopper
) -> None:
    video = _sd_video(services)
    response = client.post(f"/v3/downloads/videos/{video.id}", headers=buyer.headers)
    assert response.status_code == 200, response.text  # auto_download is off for videos
    uri = response.json()["uri"]
    assert f"/media/delivery/{video.id}/sd?" in uri
    assert _remaining(client, buyer) == 1
    delivered = client.get(uri)
    assert delivered.status_code == 200
    assert delivered.headers["content-type"] == "video/mp4"
    assert f"GettyImages-{video.id}.mp4" in delivered.headers["content-disposition"]
    with av.open(io.BytesIO(delivered.content)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (video.width, video.height)
        decoded = sum(1 for _ in container.decode(stream))
    assert decoded == video.video.frames  # type: ignore[union-attr]
    again = client.post(
        f"/v3/downloads/videos/{video.id}?auto_download=true", headers=buyer.headers,
        follow_redirects=False,
    )  # fmt: skip
    assert again.status_code == 303 and "/media/delivery/" in again.headers["location"]
    assert _remaining(client, buyer) == 1  # a re-download is free


def test_history_lists_the_video_download(
    client: ContractClient, services: Services, buyer: Shopper
) -> None:
    video = _sd_video(services, 1)
    client.post(f"/v3/downloads/videos/{video.id}?size=sd", headers=buyer.headers)
    history = client.get(f"/v3/videos/{video.id}/downloadhistory", headers=buyer.headers)
    assert history.status_code == 200, history.text
    [record] = history.json()["downloads"]
    assert record["id"] == video.id
    all_downloads = client.get("/v3/downloads", headers=buyer.headers).json()["downloads"]
    assert [d["asset_type"] for d in all_downloads] == ["video"]
    [bought] = client.get("/v3/purchased-assets", headers=buyer.headers).json()[
        "previous_purchases"
    ]
    assert bought["asset_type"] == "video"
    assert bought["download_uri"].endswith(f"/v3/downloads/videos/{video.id}")


def test_a_size_the_video_lacks_is_a_400_naming_size(
    client: ContractClient, services: Services, buyer: Shopper
) -> None:
    video = _sd_video(services)
    response = client.post(f"/v3/downloads/videos/{video.id}?size=4k", headers=buyer.headers)
    assert response.status_code == 400 and "size" in response.json()["ErrorMessage"]
    assert _remaining(client, buyer) == 2


def test_images_and_videos_do_not_download_through_each_other(
    client: ContractClient, services: Services, buyer: Shopper
) -> None:
    video, [image] = _sd_video(services), images(services, 1, premium)
    wrong = client.post(f"/v3/downloads/videos/{image.id}", headers=buyer.headers)
    assert (wrong.status_code, wrong.json()["ErrorCode"]) == (404, "VideoNotFound")
    other = client.post(f"/v3/downloads/images/{video.id}", headers=buyer.headers)
    assert (other.status_code, other.json()["ErrorCode"]) == (404, "ImageNotFound")
    history = client.get(f"/v3/images/{video.id}/downloadhistory", headers=buyer.headers)
    assert history.status_code == 404
    assert _remaining(client, buyer) == 2


def test_a_download_needs_a_user_token(client: ContractClient, services: Services) -> None:
    response = client.post(f"/v3/downloads/videos/{_sd_video(services).id}")
    assert (response.status_code, response.json()["ErrorCode"]) == (
        401,
        "AuthorizationTokenRequired",
    )
