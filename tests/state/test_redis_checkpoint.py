"""A request's catch-up and throttle step in one Redis round trip, never on stale caches."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis.connection import Connection
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.auth.throttle import Sliding, Window
from photobank.composition import build_services
from photobank.config import Settings
from photobank.state.generation import GenerationMoved
from photobank.state.shared import SharedState, open_shared
from tests.conftest import SECURE_BASE

DAY = Window("5:daily", "2026-12-07", 10, 86_400)
_prefixes = itertools.count(1)


@pytest.fixture
def settings(redis_url: str, tmp_path: Path) -> Settings:
    prefix = f"photobank-checkpoint-{next(_prefixes)}:"
    return Settings(data_dir=tmp_path, redis_url=redis_url, redis_prefix=prefix, hash_cost="fast")


@pytest.fixture
def nodes(settings: Settings) -> Iterator[tuple[SharedState, SharedState]]:
    here, there = open_shared(settings), open_shared(settings)
    yield here, there
    here.close()
    there.close()


def test_a_change_elsewhere_counts_nothing_until_caught_up(
    nodes: tuple[SharedState, SharedState],
) -> None:
    here, there = nodes
    assert here.checkpoint is not None
    assert here.checkpoint.acquire([DAY]) is None and here.throttle.count(DAY) == 1
    there.generation.bump()
    with pytest.raises(GenerationMoved):
        here.checkpoint.acquire([DAY])
    assert here.throttle.count(DAY) == 1  # not counted under what may be stale limits
    assert here.checkpoint.acquire([DAY]) is None and here.throttle.count(DAY) == 2
    assert not here.generation.stale()  # the script's reading counted as the catch-up


def test_a_full_window_is_told_only_when_the_generation_held(
    nodes: tuple[SharedState, SharedState],
) -> None:
    here, there = nodes
    assert here.checkpoint is not None and there.checkpoint is not None
    second = Sliding("5:qps", 1, 1.0, 1e9)
    assert here.checkpoint.acquire([second]) is None
    assert there.checkpoint.acquire([second]) == 0
    here.generation.bump()  # its own change: nothing to catch up with
    assert here.checkpoint.acquire([second]) == 0
    with pytest.raises(GenerationMoved):
        there.checkpoint.acquire([second])


def test_a_throttled_request_costs_one_round_trip(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build_services(settings)
    accounts = services.accounts
    accounts.create_client("limited", api_key="limited", secret="s", qps_limit=1000)
    accounts.set_client_limits("limited", daily=1000)  # its day's count is read later
    sent: list[Any] = []
    real = Connection.send_packed_command

    def counted(self: Connection, command: Any, check_health: bool = True) -> None:
        if threading.current_thread().name != "daily-ledger":  # a request's, not the writer's
            sent.append(command)
        real(self, command, check_health)

    try:
        with TestClient(create_app(settings, services), SECURE_BASE) as client:
            headers = {"Api-Key": "limited"}
            assert client.get("/v3/search/images", headers=headers).status_code == 200
            monkeypatch.setattr(Connection, "send_packed_command", counted)
            for _ in range(3):
                assert client.get("/v3/search/images", headers=headers).status_code == 200
            assert len(sent) == 3
    finally:
        services.close()


def test_a_legacy_call_costs_one_round_trip_and_is_refused_once_disabled_elsewhere(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    services, elsewhere = build_services(settings), build_services(settings)
    accounts = services.accounts
    accounts.create_client("legacy", api_key="legacy", secret="s", qps_limit=1000)
    accounts.set_client_limits("legacy", daily=1000)
    sent: list[Any] = []
    real = Connection.send_packed_command

    def counted(self: Connection, command: Any, check_health: bool = True) -> None:
        if threading.current_thread().name != "daily-ledger":
            sent.append(command)
        real(self, command, check_health)

    def offerings(client: TestClient, token: str) -> str:
        body = {"RequestHeader": {"Token": token}, "GetActiveProductOfferingsRequestBody": None}
        answer = client.post("/v1/data/GetActiveProductOfferings", json=body).json()
        return str(answer["ResponseHeader"]["Status"])

    try:
        with TestClient(create_app(settings, services), SECURE_BASE) as client:
            system = {"SystemId": "legacy", "SystemPassword": "s"}
            created = client.post(
                "/v1/session/CreateApplicationSession",
                json={"RequestHeader": {}, "CreateApplicationSessionRequestBody": system},
            ).json()
            token = created["CreateApplicationSessionResult"]["Token"]
            assert offerings(client, token) == "success"
            monkeypatch.setattr(Connection, "send_packed_command", counted)
            for _ in range(3):
                assert offerings(client, token) == "success"
            assert len(sent) == 3
            monkeypatch.undo()
            elsewhere.accounts.set_client_enabled("legacy", False)
            assert offerings(client, token) == "error"
    finally:
        services.close()
        elsewhere.close()
