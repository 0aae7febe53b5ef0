"""Two nodes sharing PostgreSQL, Redis and S3 behave as one server."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from photobank.auth.throttle import OVER_DAILY, OVER_QPS
from tests.multinode.conftest import DAILY, DAILY_KEY, QPS, QPS_KEY, Cluster, Node


def test_a_token_issued_by_one_node_is_accepted_by_the_other(cluster: Cluster) -> None:
    one, other = cluster.nodes[:2]
    token = cluster.token(one)
    headers = {"Api-Key": cluster.api_key, "Authorization": f"Bearer {token}"}
    answer = httpx.get(f"{other.base}/v3/downloads", headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text


def test_the_daily_limit_holds_for_the_sum_of_the_nodes(cluster: Cluster) -> None:
    one, other = cluster.nodes[:2]

    def ask(n: int) -> httpx.Response:
        return (one, other)[n % 2].get("/v3/search/images", DAILY_KEY, fields="id")

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ask, range(2 * DAILY)))
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(200) == DAILY
    assert {a.json()["message"] for a in answers if a.status_code == 403} == {OVER_DAILY}


def _bare(base: str, path: str, key: str) -> tuple[int, Any]:
    """A bare request (httpx builds a TLS context per client: too slow for a burst)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", path, headers={"Api-Key": key})
    answer = connection.getresponse()
    body = json.loads(answer.read())
    connection.close()
    return answer.status, body


def test_the_per_second_limit_holds_for_the_sum_of_the_nodes(cluster: Cluster) -> None:
    bases = [node.base for node in cluster.nodes[:2]]

    def one(n: int) -> tuple[int, Any]:
        return _bare(bases[n % 2], "/v3/search/images?fields=id", QPS_KEY)

    for _ in range(5):  # until a burst fits in one second
        time.sleep(1.1)  # a fresh second for the client
        started = time.monotonic()
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(one, range(12)))
        took = time.monotonic() - started
        if took < 0.9:
            break
    statuses = [status for status, _ in answers]
    if took < 0.9:
        assert statuses.count(200) == QPS
    else:  # a busy machine spread the burst over more than one second
        assert QPS <= statuses.count(200) <= QPS * (1 + int(took))
    assert {body["message"] for status, body in answers if status == 403} == {OVER_QPS}


def _ids(cluster: Cluster, count: int) -> list[str]:
    answer = cluster.nodes[0].get(
        "/v3/search/images/creative", cluster.api_key, fields="id", page_size=count
    )
    return [image["id"] for image in answer.json()["images"]]


def test_concurrent_downloads_over_both_nodes_charge_exactly_the_pack(cluster: Cluster) -> None:
    one, other = cluster.nodes[:2]
    tokens = [cluster.token(one, "packs"), cluster.token(other, "packs")]

    def download(n: int, image_id: str) -> httpx.Response:
        node = (one, other)[n % 2]
        headers = {"Api-Key": cluster.api_key, "Authorization": f"Bearer {tokens[n % 2]}"}
        return httpx.post(
            f"{node.base}/v3/downloads/images/{image_id}",
            params={"auto_download": "false", "product_type": "imagepack"},
            headers=headers,
            timeout=60,
        )

    ids = _ids(cluster, 8)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(download, range(len(ids)), ids))
    charged = [answer for answer in answers if answer.status_code == 200]
    assert len(charged) == 3, [(a.status_code, a.text[:200]) for a in answers]
    headers = {"Api-Key": cluster.api_key, "Authorization": f"Bearer {tokens[1]}"}
    history = httpx.get(f"{other.base}/v3/downloads", headers=headers, timeout=30).json()
    assert history["result_count"] == 3


def test_a_board_edited_on_one_node_is_read_back_at_once_on_the_other(cluster: Cluster) -> None:
    one, other = cluster.nodes[:2]
    token = cluster.token(one)
    headers = {"Api-Key": cluster.api_key, "Authorization": f"Bearer {token}"}
    made = httpx.post(f"{one.base}/v3/boards", json={"name": "Harbours"}, headers=headers)
    board = made.json()["id"]
    seen = httpx.get(f"{other.base}/v3/boards/{board}", headers=headers).json()
    assert seen["name"] == "Harbours"
    for image_id in _ids(cluster, 3):
        added = httpx.put(f"{one.base}/v3/boards/{board}/assets/{image_id}", headers=headers)
        assert added.status_code in (200, 201), added.text
        seen = httpx.get(f"{other.base}/v3/boards/{board}", headers=headers).json()
        assert image_id in {asset["id"] for asset in seen["assets"]}
    renamed = httpx.put(f"{other.base}/v3/boards/{board}", json={"name": "Quays"}, headers=headers)
    assert renamed.status_code in (200, 204), renamed.text
    assert httpx.get(f"{one.base}/v3/boards/{board}", headers=headers).json()["name"] == "Quays"


def test_a_catalog_change_through_one_node_is_seen_by_the_others_next_request(
    cluster: Cluster,
) -> None:
    one, other = cluster.nodes[:2]
    (asset_id,) = _ids(cluster, 1)
    for node in (one, other):  # both hold the asset in their caches now
        assert node.get(f"/v3/images/{asset_id}", cluster.api_key).status_code == 200
    operator = {"Authorization": f"Bearer {cluster.operator}"}
    edit = httpx.patch(
        f"{one.base}/operator/v1/assets/{asset_id}",
        json={"title": "Zanzibar quayside workers"},
        headers=operator,
    )
    assert edit.status_code == 200, edit.text
    seen = other.get(f"/v3/images/{asset_id}", cluster.api_key, fields="id,title")
    assert seen.json()["images"][0]["title"] == "Zanzibar quayside workers"
    found = other.get("/v3/search/images", cluster.api_key, phrase="zanzibar", fields="id")
    assert [image["id"] for image in found.json()["images"]] == [asset_id]
    withdrawn = httpx.post(f"{other.base}/operator/v1/assets/{asset_id}/withdraw", headers=operator)
    assert withdrawn.status_code == 200, withdrawn.text
    assert one.get(f"/v3/images/{asset_id}", cluster.api_key).status_code == 404
    assert one.get("/v3/search/images", cluster.api_key, phrase="zanzibar").json()["images"] == []


def test_a_node_killed_mid_request_loses_nothing(cluster: Cluster, tmp_path: Path) -> None:
    survivor = cluster.nodes[0]
    doomed = cluster.start(tmp_path / "node-c", PHOTOBANK_ACCESS_LOG="true")
    headers = {"Api-Key": cluster.api_key, "Authorization": f"Bearer {cluster.token(doomed)}"}
    board = httpx.post(f"{survivor.base}/v3/boards", json={"name": "Kept"}, headers=headers)
    board_id, ids = board.json()["id"], _ids(cluster, 24)
    assert doomed.get("/health", cluster.api_key).status_code == 200
    pid = next(
        json.loads(line)["pid"]
        for line in doomed.log.read_text().splitlines()
        if line.startswith('{"at"')
    )
    answered = threading.Event()

    def add(node: Node, image_id: str) -> int | None:
        try:
            put = httpx.put(f"{node.base}/v3/boards/{board_id}/assets/{image_id}", headers=headers)
        except httpx.TransportError:
            return None  # the node died under it: the client tries again elsewhere
        answered.set()
        return put.status_code

    with ThreadPoolExecutor(8) as pool:
        tried = list(pool.map(lambda image_id: add(doomed, image_id), ids[:4]))
        later = [pool.submit(add, doomed, image_id) for image_id in ids[4:]]
        answered.wait(30)
        os.kill(pid, signal.SIGKILL)
        tried += [future.result() for future in later]
    assert None in tried  # some requests were cut off ...
    assert {status for status in tried if status is not None} <= {200, 201}
    for image_id, status in zip(ids, tried, strict=True):
        if status is None:  # ... and answered by the survivor when asked again
            assert add(survivor, image_id) in (200, 201)
    kept = httpx.get(f"{survivor.base}/v3/boards/{board_id}", headers=headers).json()
    assert sorted(asset["id"] for asset in kept["assets"]) == sorted(ids)
    assert survivor.get("/ready", cluster.api_key).json() == {"ready": True}


def test_an_emulator_reset_is_seen_by_the_next_request_of_a_library_node(
    cluster: Cluster, tmp_path: Path
) -> None:
    emulator = cluster.start(tmp_path / "emulator-a", PHOTOBANK_MODE="emulator")
    library = cluster.nodes[1]
    (asset_id,) = _ids(cluster, 1)
    before = library.get(f"/v3/images/{asset_id}", cluster.api_key, fields="id,title").json()
    edit = httpx.patch(
        f"{library.base}/operator/v1/assets/{asset_id}",
        json={"title": "Edited before the reset"},
        headers={"Authorization": f"Bearer {cluster.operator}"},
    )
    assert edit.status_code == 200, edit.text
    assert emulator.control is not None
    emulator.control.reset()
    after = library.get(f"/v3/images/{asset_id}", cluster.api_key, fields="id,title").json()
    assert after == before


def test_a_node_without_the_deployments_signing_key_refuses_in_one_line(
    cluster: Cluster, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError) as refused:
        cluster.start(tmp_path / "keyless", shared_key=False)
    assert "signing key differs from the other nodes'" in str(refused.value)
    assert "Traceback" not in str(refused.value)
