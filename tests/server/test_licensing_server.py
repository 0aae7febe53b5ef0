"""Licensing against the real server process: concurrent downloads and the README's download.

Runs on the session's emulator (``photobank`` fixture, reset to the seeded
demo before each test), whose control surface puts a product in the wanted
state in one call.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
from PIL import Image

from photobank.demo.credentials import DemoCustomer, demo_customers
from photobank.testing import PhotobankEmulator

DEMO, PACKS, _CREDITS = demo_customers(42)


def _sign_in(photobank: PhotobankEmulator, customer: DemoCustomer) -> dict[str, str]:
    form = {
        "grant_type": "password",
        "client_id": photobank.api_key,
        "client_secret": photobank.api_secret,
        "username": customer.username,
        "password": customer.password,
    }
    token = httpx.post(f"{photobank.base_url}/oauth2/token", data=form).json()["access_token"]
    return {"Api-Key": photobank.api_key, "Authorization": f"Bearer {token}"}


def _image_ids(photobank: PhotobankEmulator, count: int, product_type: str) -> list[str]:
    params = {"phrase": "", "download_product": product_type, "fields": "id", "page_size": count}
    images = httpx.get(
        f"{photobank.base_url}/v3/search/images",
        params=params,
        headers={"Api-Key": photobank.api_key},
    ).json()["images"]
    assert len(images) == count
    return [image["id"] for image in images]


async def _download_all(
    base: str, headers: dict[str, str], paths: list[str]
) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        return await asyncio.gather(*(http.post(path) for path in paths))


def test_20_concurrent_downloads_against_7_remaining_license_exactly_7(
    photobank: PhotobankEmulator,
) -> None:
    headers = _sign_in(photobank, DEMO)
    products = httpx.get(f"{photobank.base_url}/v3/products", headers=headers).json()["products"]
    [editorial] = [p for p in products if p["type"] == "editorialsubscription"]
    photobank.set_remaining_downloads(DEMO.username, editorial["id"], 7)
    ids = _image_ids(photobank, 20, "editorialsubscription")
    paths = [f"/v3/downloads/images/{i}?product_id={editorial['id']}" for i in ids]
    responses = asyncio.run(_download_all(photobank.base_url, headers, paths))
    assert Counter(r.status_code for r in responses) == {303: 7, 403: 13}
    refusals = {r.json()["ErrorCode"] for r in responses if r.status_code == 403}
    assert refusals == {"OverageLimitReached"}
    after = httpx.get(f"{photobank.base_url}/v3/products", headers=headers).json()["products"]
    [editorial] = [p for p in after if p["type"] == "editorialsubscription"]
    assert editorial["downloads_remaining"] == 0
    licensed = sorted(i for i, r in zip(ids, responses, strict=True) if r.status_code == 303)
    history = httpx.get(f"{photobank.base_url}/v3/purchased-assets", headers=headers).json()
    assert sorted(p["asset_id"] for p in history["previous_purchases"]) == licensed
    again = httpx.post(f"{photobank.base_url}/v3/downloads/images/{licensed[0]}", headers=headers)
    assert again.status_code == 303  # a re-download is free, even with nothing left


def test_an_image_pack_is_never_overdrawn(photobank: PhotobankEmulator) -> None:
    headers = _sign_in(photobank, PACKS)  # an image pack of 3 downloads
    ids = _image_ids(photobank, 12, "imagepack")
    responses = asyncio.run(
        _download_all(photobank.base_url, headers, [f"/v3/downloads/{i}" for i in ids])
    )
    assert Counter(r.status_code for r in responses) == {303: 3, 403: 9}
    [pack] = httpx.get(f"{photobank.base_url}/v3/products", headers=headers).json()["products"]
    assert pack["downloads_remaining"] == 0


def _readme_download_block() -> str:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [block] = [b for b in re.findall(r"```shell\n(.*?)```", readme, re.S) if "/v3/downloads/" in b]
    return block


def test_the_readmes_download_leaves_the_licensed_image_on_disk(
    photobank: PhotobankEmulator, tmp_path: Path
) -> None:
    """The README's block as a user pastes it: the seed's ``curl ... -d "'" -L -o {id}.jpg``."""
    [image_id] = _image_ids(photobank, 1, "premiumaccess")
    script = _readme_download_block().replace("http://127.0.0.1:8080", photobank.base_url)
    # The emulator lets loopback clients reach the token endpoint over plain HTTP.
    script = script.replace("--cacert var/tls/ca.pem ", "")
    script = script.replace("https://127.0.0.1:8443", photobank.base_url)
    script = script.replace("{id}", image_id).replace("python3", sys.executable)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    products = json.loads(result.stdout)["products"]
    assert products[0]["downloads_remaining"] == 249
    size = httpx.get(
        f"{photobank.base_url}/v3/images/{image_id}?fields=max_dimensions",
        headers={"Api-Key": photobank.api_key},
    ).json()["images"][0]["max_dimensions"]
    with Image.open(tmp_path / f"{image_id}.jpg") as image:
        assert image.format == "JPEG"
        assert image.size == (size["width"], size["height"])
