"""Two workers on one data directory (here: two apps in one process, each with its own
services, caches and index reader): a write through one is what the other answers next."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from starlette.testclient import TestClient

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.composition import Services, build_services
from photobank.media.policy import WatermarkRule
from photobank.state.shared import open_shared
from photobank.store import tables as t
from tests.conftest import SECURE_BASE
from tests.deployment import deployed
from tests.ingest.support import encoded, picture

KEY = "freshness-key"


@dataclass
class Worker:
    services: Services
    client: TestClient

    def found(self, phrase: str) -> list[str]:
        answer = self.client.get("/v3/search/images", params={"phrase": phrase, "fields": "id"})
        return [image["id"] for image in answer.json()["images"]]


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[Worker, Worker, str]]:
    settings = deployed(data_dir=tmp_path, hash_cost="fast", default_qps_limit=0, workers=2)
    first = build_services(settings, shared=open_shared(settings))
    first.accounts.create_client("freshness", api_key=KEY, secret="s")
    token = OperatorCredential(first.engine).issue()
    second = build_services(settings, shared=open_shared(settings))
    pair = [
        Worker(s, TestClient(create_app(settings, s), SECURE_BASE, headers={"Api-Key": KEY}))
        for s in (first, second)
    ]
    upload = pair[0].client.post(
        "/operator/v1/ingest",
        headers={"Authorization": f"Bearer {token}"},
        files=[("files", ("harbour.jpg", encoded(picture()), "image/jpeg"))],
    )
    (added,) = upload.json()["added"]
    try:
        yield pair[0], pair[1], added["id"]
    finally:
        first.close()
        second.close()


def test_a_withdrawal_through_one_is_out_of_the_others_search_and_lookups(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, asset_id = workers
    assert other.found("harbour") == [asset_id]  # its caches and reader hold the asset now
    assert other.client.get(f"/v3/images/{asset_id}").status_code == 200
    one.services.catalog.withdraw([asset_id])
    assert other.found("harbour") == []
    assert other.client.get(f"/v3/images/{asset_id}").status_code == 404
    one.services.catalog.restore([asset_id])
    assert other.found("harbour") == [asset_id] == one.found("harbour")


def test_a_disabled_client_is_refused_by_the_other_at_once(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, _ = workers
    assert other.client.get("/v3/search/images").status_code == 200  # its key is cached
    one.services.accounts.set_client_enabled(KEY, False)
    assert other.client.get("/v3/search/images").status_code == 403


def test_a_watermark_rule_set_through_one_decides_the_others_next_request(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, _ = workers
    policy = other.services.watermarks
    before = policy.for_caller(KEY, None).watermarked("creative", "comp")
    one.services.watermarks.set_rule(WatermarkRule("global", "any", "comp", not before))
    other.client.get("/health")
    assert policy.for_caller(KEY, None).watermarked("creative", "comp") is not before


def test_writes_no_cache_reads_leave_the_others_caches_alone(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, _ = workers
    other.client.get("/health")
    assert other.services.shared is not None and one.services.shared is not None
    with one.services.engine.begin() as conn:
        conn.execute(insert(t.daily_usage).values(client_id=1, day="2026-01-01", count=3))
    assert not other.services.shared.generation.stale()
    with pytest.raises(RuntimeError), one.services.engine.begin() as conn:
        conn.execute(
            insert(t.watermark_rules).values(
                scope="global",
                asset_family="any",
                size="thumb",
                watermarked=True,
                updated_at=datetime.now(UTC),
            )
        )
        raise RuntimeError("rolled back")
    assert not other.services.shared.generation.stale()


def test_a_throttled_client_disabled_through_one_is_refused_by_the_other_at_once(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, _ = workers
    one.services.accounts.create_client("limited", api_key="limited", secret="s", qps_limit=1000)
    limited = {"Api-Key": "limited"}
    assert other.client.get("/v3/search/images", headers=limited).status_code == 200  # cached
    one.services.accounts.set_client_enabled("limited", False)
    assert other.client.get("/v3/search/images", headers=limited).status_code == 403


def test_a_daily_limit_lowered_through_one_counts_on_the_other_under_the_new_limit(
    workers: tuple[Worker, Worker, str],
) -> None:
    one, other, _ = workers
    one.services.accounts.create_client("daily", api_key="daily", secret="s", daily_limit=3)
    daily = {"Api-Key": "daily"}
    assert other.client.get("/v3/search/images", headers=daily).status_code == 200  # 1 of 3
    one.services.accounts.set_client_limits("daily", daily=2)
    assert other.client.get("/v3/search/images", headers=daily).status_code == 200  # 2 of 2
    refused = other.client.get("/v3/search/images", headers=daily)
    assert refused.status_code == 403 and "Over Rate Limit" in refused.text
