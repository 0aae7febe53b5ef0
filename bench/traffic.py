"""Traffic for a running server: the ordinary mix of a busy library, and the requests
a caller would send to make it keep as much as it can (each one distinct, each
answer as large as the API allows). The memory test and ``bench.soak`` send both.
"""

from __future__ import annotations

import random
import string
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

LEGACY_DETAILS = "/v1/search/GetImageDetails"
Request = tuple[str, str, dict[str, str], Any]  # method, path and query, headers, JSON body


@dataclass(frozen=True, slots=True)
class Target:
    """A running server and what requests to it need: its ids, display URLs and tokens."""

    base_url: str
    api_key: str
    legacy_token: str
    user_token: str
    image_ids: list[str]
    display_urls: list[str]


def discover(base_url: str, api_key: str, api_secret: str, username: str, password: str) -> Target:
    """Sign in both ways and read the catalog's first image ids and display URLs."""
    with httpx.Client(base_url=base_url, timeout=60) as http:
        key = {"Api-Key": api_key}
        ids: list[str] = []
        urls: list[str] = []
        for page in range(1, 4):
            found = http.get(
                "/v3/search/images",
                params={"fields": "id,display_set", "page_size": 100, "page": page},
                headers=key,
            ).json()
            for image in found["images"]:
                ids.append(image["id"])
                urls.extend(size["uri"] for size in image["display_sizes"])
        token = http.post(
            "/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": api_key,
                "client_secret": api_secret,
                "username": username,
                "password": password,
            },
        ).json()["access_token"]
        session = http.post(
            "/v1/session/CreateSession",
            json={
                "RequestHeader": {},
                "CreateSessionRequestBody": {
                    "SystemId": api_key,
                    "SystemPassword": api_secret,
                    "UserName": username,
                    "UserPassword": password,
                },
            },
        ).json()["CreateSessionResult"]["Token"]
    return Target(base_url, api_key, session, token, ids, urls)


def busting(target: Target, count: int, seed: int) -> Iterator[Request]:
    """``count`` requests, no two alike, of the kinds that made the server grow: by-id
    answers of 100 images with every field, legacy details with junk members, other
    Host and Accept-Language headers, display URLs with extra parameters."""
    rng = random.Random(seed)
    key = {"Api-Key": target.api_key}
    for number in range(count):
        kind = number % 5
        ids = rng.sample(target.image_ids, min(100, len(target.image_ids)))
        if kind == 0:
            path = f"/v3/images?ids={','.join(ids)}&fields=detail_set&x={number}"
            yield "GET", path, key, None
        elif kind == 1:
            body = {
                "RequestHeader": {"Token": target.legacy_token},
                "GetImageDetailsRequestBody": {"ImageIds": ids[:50], "Junk": _noise(rng, 2000)},
            }
            yield "POST", LEGACY_DETAILS, {}, body
        elif kind == 2:
            host = {**key, "Host": f"{_noise(rng, 40)}.example"}
            yield "GET", f"/v3/images/{ids[0]}?fields=detail_set", host, None
        elif kind == 3:
            ranked = ", ".join(f"{_noise(rng, 8)};q=0.{rank}" for rank in range(1, 10))
            language = {**key, "Accept-Language": ranked}
            yield "GET", f"/v3/images/{ids[0]}", language, None
        else:
            yield "GET", f"{rng.choice(target.display_urls)}&pad={number}", {}, None


def ordinary(target: Target, count: int, seed: int) -> Iterator[Request]:
    """A busy library's mix: searches, images by id (popular ones more often), display
    renditions and the legacy API, with an app key and a signed-in customer."""
    rng = random.Random(seed)
    key = {"Api-Key": target.api_key}
    signed_in = {**key, "Authorization": f"Bearer {target.user_token}"}
    words = ("mountain", "city", "dog", "sea", "forest", "people", "night", "food", "car")
    popular = target.image_ids[:50]
    for number in range(count):
        kind = number % 6
        if kind == 0:
            phrase = " ".join(rng.sample(words, rng.randint(1, 2)))
            yield "GET", f"/v3/search/images?phrase={phrase}&page={rng.randint(1, 5)}", key, None
        elif kind == 1:
            yield "GET", f"/v3/images/{rng.choice(popular)}", key, None
        elif kind == 2:
            ids = ",".join(rng.sample(target.image_ids, 10))
            yield "GET", f"/v3/images?ids={ids}&fields=summary_set", signed_in, None
        elif kind == 3:
            yield "GET", rng.choice(target.display_urls), {}, None
        elif kind == 4:
            body = {
                "RequestHeader": {"Token": target.legacy_token},
                "GetImageDetailsRequestBody": {"ImageIds": [rng.choice(popular)]},
            }
            yield "POST", LEGACY_DETAILS, {}, body
        else:
            yield "GET", f"/v3/images/{rng.choice(target.image_ids)}/similar", key, None


def send(
    target: Target,
    requests: Iterator[Request],
    workers: int = 4,
    each: Callable[[int], None] | None = None,
) -> Counter[int]:
    """Send ``requests`` over ``workers`` connections; how many answers had each status.
    ``each`` is called with the running count after every hundredth answer.

    Each thread keeps its own client, so every connection stays busy: one left idle
    past the server's keep-alive time would be closed under a request sent on it.
    """
    statuses: Counter[int] = Counter()
    clients: list[httpx.Client] = []
    local = threading.local()

    def one(request: Request) -> int:
        method, path, headers, body = request
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=target.base_url, timeout=60)
            clients.append(local.http)
        url = path if path.startswith("http") else f"{target.base_url}{path}"
        return int(local.http.request(method, url, headers=headers, json=body).status_code)

    try:
        with ThreadPoolExecutor(workers) as pool:
            for done, status in enumerate(pool.map(one, requests), 1):
                statuses[status] += 1
                if each is not None and done % 100 == 0:
                    each(done)
    finally:
        for http in clients:
            http.close()
    return statuses


def _noise(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=length))
