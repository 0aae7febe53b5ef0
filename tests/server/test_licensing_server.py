"""Licensing against the real server process: concurrent downloads and the seed's curl line."""

from __future__ import annotations

import asyncio
import subprocess
from collections import Counter
from pathlib import Path

import httpx
from PIL import Image

from photobank.demo.credentials import DemoCustomer, demo_credentials, demo_customers
from tests.server.test_real_server import server

__all__ = ["server"]  # the module-scoped fixture: this module gets a server of its own

CREDS = demo_credentials(42)
DEMO, PACKS, _CREDITS = demo_customers(42)
KEY = {"Api-Key": CREDS.api_key}


def _sign_in(base: str, customer: DemoCustomer) -> dict[str, str]:
    form = {
        "grant_type": "password",
        "client_id": CREDS.api_key,
        "client_secret": CREDS.api_secret,
        "username": customer.username,
        "password": customer.password,
    }
    token = httpx.post(f"{base}/oauth2/token", data=form).json()["access_token"]
    return {**KEY, "Authorization": f"Bearer {token}"}


def _image_ids(base: str, count: int, product_type: str) -> list[str]:
    params = {"phrase": "", "download_product": product_type, "fields": "id", "page_size": count}
    images = httpx.get(f"{base}/v3/search/images", params=params, headers=KEY).json()["images"]
    assert len(images) == count
    return [image["id"] for image in images]


async def _download_all(base: str, headers: dict[str, str], ids: list[str]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        return await asyncio.gather(*(http.post(f"/v3/downloads/images/{i}") for i in ids))


def test_concurrent_downloads_license_exactly_what_remains(server: str) -> None:
    headers = _sign_in(server, PACKS)  # an image pack of 3 downloads
    ids = _image_ids(server, 20, "imagepack")
    responses = asyncio.run(_download_all(server, headers, ids))
    assert Counter(r.status_code for r in responses) == {303: 3, 403: 17}
    refusals = {r.json()["ErrorCode"] for r in responses if r.status_code == 403}
    assert refusals == {"OverageLimitReached"}
    [pack] = httpx.get(f"{server}/v3/products", headers=headers).json()["products"]
    assert pack["downloads_remaining"] == 0
    licensed = [i for i, r in zip(ids, responses, strict=True) if r.status_code == 303]
    history = httpx.get(f"{server}/v3/purchased-assets", headers=headers).json()
    assert sorted(p["asset_id"] for p in history["previous_purchases"]) == sorted(licensed)
    again = httpx.post(f"{server}/v3/downloads/images/{licensed[0]}", headers=headers)
    assert again.status_code == 303  # a re-download, free even with nothing left


def test_the_seeds_curl_download_leaves_the_image_on_disk(server: str, tmp_path: Path) -> None:
    headers = _sign_in(server, DEMO)
    [image_id] = _image_ids(server, 1, "premiumaccess")
    command = [
        "curl", "-sS", "-H", f"Api-Key:{CREDS.api_key}",
        "-H", f"Authorization: {headers['Authorization']}",
        f"{server}/v3/downloads/{image_id}", "-d", "'", "-L", "-o", f"{image_id}.jpg",
    ]  # fmt: skip
    subprocess.run(command, cwd=tmp_path, check=True, timeout=120)
    size = httpx.get(f"{server}/v3/images/{image_id}?fields=max_dimensions", headers=KEY).json()[
        "images"
    ][0]["max_dimensions"]
    with Image.open(tmp_path / f"{image_id}.jpg") as image:
        assert image.format == "JPEG"
        assert image.size == (size["width"], size["height"])
