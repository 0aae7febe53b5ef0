"""``photobank serve --workers 2``: two real worker processes behave as one server."""

from __future__ import annotations

import http.client
import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from photobank.accounts.operators import OperatorCredential
from photobank.auth.throttle import OVER_DAILY, OVER_QPS
from photobank.cli import app as cli
from photobank.composition import build_services
from photobank.emulator.process import ServerOptions
from tests.deployment import deployed, running_emulator, use_environment

QPS_KEY, DAILY_KEY = "workers-qps-key", "workers-daily-key"
QPS, DAILY = 4, 15


@dataclass
class Served:
    base: str
    api_key: str
    operator: str  # the operator API's token
    token: str  # a customer's bearer token
    log: Path

    def get(self, path: str, key: str | None = None, **params: Any) -> httpx.Response:
        """One request on a connection of its own, so the kernel may give it to any worker."""
        headers = {"Api-Key": key or self.api_key, "Connection": "close"}
        return httpx.get(f"{self.base}{path}", params=params, headers=headers, timeout=30)

    def operate(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.operator}"}
        return httpx.request(
            method, f"{self.base}/operator/v1/assets/{path}", headers=headers, timeout=30, **kwargs
        )

    def mark(self) -> int:
        return self.log.stat().st_size

    def answered_since(self, mark: int) -> list[dict[str, Any]]:
        """Access-log lines written after ``mark``."""
        with self.log.open("rb") as log:
            log.seek(mark)
            lines = log.read().decode(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith('{"at"')]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("workers")
    services = build_services(deployed(data_dir=data_dir, hash_cost="fast"))
    services.accounts.create_client("per second", api_key=QPS_KEY, secret="s", qps_limit=QPS)
    services.accounts.create_client("per day", api_key=DAILY_KEY, secret="s", daily_limit=DAILY)
    operator = OperatorCredential(services.engine).issue()
    services.close()
    options = ServerOptions(
        assets=60, workers=2, mode="library", env={"PHOTOBANK_ACCESS_LOG": "true"}
    )
    with running_emulator(data_dir, options) as server:
        token = httpx.post(
            f"{server.base_url}/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": server.api_key,
                "client_secret": server.api_secret,
                "username": server.username,
                "password": server.password,
            },
        ).json()["access_token"]
        yield Served(server.base_url, server.api_key, operator, token, data_dir / "server.log")


def _until_both_workers(served: Served, ask: Any, least: int = 12) -> list[httpx.Response]:
    """Ask (one connection each) until two worker pids answered, at least ``least`` times."""
    mark, answers = served.mark(), []
    for _ in range(200):
        answers.append(ask())
        pids = {line["pid"] for line in served.answered_since(mark)}
        if len(answers) >= least and len(pids) >= 2:
            return answers
    raise AssertionError(f"only workers {pids} answered {len(answers)} requests")


def test_a_token_issued_by_one_worker_is_accepted_by_every_worker(served: Served) -> None:
    def ask() -> httpx.Response:
        headers = {"Api-Key": served.api_key, "Authorization": f"Bearer {served.token}"}
        headers["Connection"] = "close"
        return httpx.get(f"{served.base}/v3/downloads", headers=headers, timeout=30)

    answers = _until_both_workers(served, ask)
    assert {answer.status_code for answer in answers} == {200}


def test_a_catalog_change_is_seen_by_the_next_request_on_every_worker(served: Served) -> None:
    first = served.get("/v3/search/images", phrase="", fields="id,title", page_size=1)
    asset_id = first.json()["images"][0]["id"]
    _until_both_workers(served, lambda: served.get(f"/v3/images/{asset_id}"))  # caches warm
    edit = served.operate("PATCH", asset_id, json={"title": "Zanzibar quayside workers"})
    assert edit.status_code == 200, edit.text

    def ask() -> httpx.Response:
        return served.get(f"/v3/images/{asset_id}", fields="id,title")

    for answer in _until_both_workers(served, ask):
        assert answer.json()["images"][0]["title"] == "Zanzibar quayside workers"

    def search() -> httpx.Response:
        return served.get("/v3/search/images", phrase="zanzibar", fields="id")

    for answer in _until_both_workers(served, search):
        assert [image["id"] for image in answer.json()["images"]] == [asset_id]
    assert served.operate("POST", f"{asset_id}/withdraw").status_code == 200
    for answer in _until_both_workers(served, search):
        assert answer.json()["images"] == []


def test_the_per_second_limit_holds_for_the_sum_of_the_workers(served: Served) -> None:
    host, port = served.base.removeprefix("http://").split(":")

    def one(_: int) -> tuple[int, Any]:
        """A bare request (httpx builds a TLS context per client: too slow for a burst)."""
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", "/v3/search/images", headers={"Api-Key": QPS_KEY})
        answer = connection.getresponse()
        body = json.loads(answer.read())
        connection.close()
        return answer.status, body

    def burst() -> list[tuple[int, Any]]:
        with ThreadPoolExecutor(12) as pool:
            return list(pool.map(one, range(12)))

    for _ in range(5):  # until a burst fits in a second and reaches both workers
        time.sleep(1.1)  # a fresh second for the client
        mark, started = served.mark(), time.monotonic()
        answers = burst()
        took = time.monotonic() - started
        pids = {line["pid"] for line in served.answered_since(mark)}
        if took < 0.9 and len(pids) == 2:
            break
    statuses = [status for status, _ in answers]
    if took < 0.9:
        assert statuses.count(200) == QPS
    else:  # a busy machine spread the burst over more than one second
        assert QPS <= statuses.count(200) <= QPS * (1 + int(took))
    refused = {body["message"] for status, body in answers if status == 403}
    assert refused == {OVER_QPS}


def test_the_daily_limit_holds_for_the_sum_of_the_workers(served: Served) -> None:
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: served.get("/v3/search/images", DAILY_KEY), range(25)))
    statuses = [answer.status_code for answer in answers]
    assert statuses.count(200) == DAILY
    refused = {answer.json()["message"] for answer in answers if answer.status_code == 403}
    assert refused == {OVER_DAILY}


def test_metrics_add_up_every_worker_and_ready_says_ready(served: Served) -> None:
    answers = _until_both_workers(served, lambda: served.get("/ready"))
    assert {answer.status_code for answer in answers} == {200}
    assert answers[0].json() == {"ready": True}
    text = httpx.get(f"{served.base}/metrics").text
    ready = next(line for line in text.splitlines() if 'route="/ready",status="200"' in line)
    assert float(ready.rsplit(" ", 1)[1]) >= len(answers)


def test_a_killed_worker_is_started_again_and_no_request_is_lost(served: Served) -> None:
    mark = served.mark()
    _until_both_workers(served, lambda: served.get("/health"))
    victim = served.answered_since(mark)[-1]["pid"]
    os.kill(victim, signal.SIGKILL)
    mark = served.mark()
    statuses = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        statuses.append(served.get("/v3/search/images", phrase="nature").status_code)
        pids = {line["pid"] for line in served.answered_since(mark)}
        if len(pids) == 2:
            break
    assert victim not in pids and len(pids) == 2  # a new worker took the dead one's place
    assert set(statuses) == {200}
    assert f"(pid {victim}) exited on signal SIGKILL; starting it again" in served.log.read_text()


def test_the_emulator_without_redis_refuses_several_workers_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_environment(monkeypatch, tmp_path)
    monkeypatch.delenv("PHOTOBANK_REDIS_URL", raising=False)  # with Redis they share it
    result = CliRunner().invoke(cli, ["serve", "--demo", "--workers", "2"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: the emulator keeps its clock, faults and journal in one process unless they"
        " live in Redis: serve it with --workers 1 (PHOTOBANK_WORKERS=1), or set"
        " PHOTOBANK_REDIS_URL."
    ]
