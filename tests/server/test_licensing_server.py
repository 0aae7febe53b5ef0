"""Licensing against the real server process: concurrent downloads, exactly what remains.

Runs on the session's emulator (``photobank`` fixture, reset to the seeded
demo before each test), whose control surface puts a product in the wanted
state in one call.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

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
