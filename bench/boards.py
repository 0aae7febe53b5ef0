"""Board operations through HTTP, next to the searches of the same run.

A customer's whole board life cycle, one request at a time over a keep-alive
connection: create, add ten assets in one call, read, list, comment, remove
one asset, delete. The customer's token is issued in-process before the
server starts (the token endpoint is HTTPS-only, the bench server plain HTTP).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import httpx

from bench.latency import Summary, summarize
from photobank.composition import Services

USERNAME = "bench-boards"
BATCH = 10  # assets added per board
OPERATIONS = ("create", "add 10 assets", "get", "list", "comment", "remove asset", "delete")


def customer_headers(services: Services, api_key: str) -> dict[str, str]:
    """Api-Key and a fresh bearer token of the bench's own customer (created once)."""
    accounts = services.accounts
    client = accounts.get_client_by_key(api_key)
    if client is None:
        raise SystemExit(f"no API client {api_key} in the bench catalog")
    customer = accounts.authenticate_customer(USERNAME, USERNAME) or accounts.create_customer(
        USERNAME, USERNAME, "Bench", "Boards"
    )
    token = services.tokens.issue(client, customer, with_refresh=False).access_token
    return {"Api-Key": api_key, "Authorization": f"Bearer {token}"}


def board_latency(
    client: httpx.Client, asset_ids: Sequence[str], boards: int
) -> dict[str, Summary]:
    """p50/p99 of each operation over ``boards`` life cycles; a non-2xx counts as an error.

    ``client`` carries the customer's headers (:func:`customer_headers`).
    """
    samples: dict[str, list[float]] = {op: [] for op in OPERATIONS}
    errors = dict.fromkeys(OPERATIONS, 0)

    def timed(op: str, method: str, url: str, **options: Any) -> httpx.Response:
        start = time.perf_counter()
        response = client.request(method, url, **options)
        _ = response.content
        samples[op].append(time.perf_counter() - start)
        errors[op] += not response.is_success
        return response

    for turn in range(boards):
        first = turn * BATCH % max(1, len(asset_ids) - BATCH)
        batch = asset_ids[first : first + BATCH]
        created = timed("create", "POST", "/v3/boards", json={"name": f"b{turn}"})
        url = f"/v3/boards/{created.json()['id']}"
        body = [{"asset_id": asset_id} for asset_id in batch]
        timed("add 10 assets", "PUT", f"{url}/assets", json=body)
        timed("get", "GET", url)
        timed("list", "GET", "/v3/boards", params={"page_size": 10})
        timed("comment", "POST", f"{url}/comments", json={"text": "shortlist"})
        timed("remove asset", "DELETE", f"{url}/assets/{batch[0]}")
        timed("delete", "DELETE", url)
    return {op: summarize(samples[op], errors[op]) for op in OPERATIONS}
