"""Record from a second real photobank, stop it, replay; learn its catalog; spy; diff.

The upstream is ``photobank serve --demo`` (a small catalog); the recorder is a
real ``photobank record`` process with its own data directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from photobank.app import create_app
from photobank.cli.main import app as cli
from photobank.composition import build_services
from photobank.emulator.process import PhotobankEmulator, ServerOptions
from photobank.licensing.products import ProductTerms
from tests.deployment import deployed, environment, running_emulator
from tests.upstream.support import dead_upstream, recording_proxy

_DETAIL = "/v3/images/{}?fields=detail_set"
_SEARCH = "/v3/search/images/creative?phrase=sea&fields=detail_set&page_size=4"


@dataclass
class Recorded:
    upstream: PhotobankEmulator
    recording: Path
    data_dir: Path
    answers: dict[str, Any]  # path -> JSON answer, as the client got it through the proxy
    token: str  # the access token the upstream gave


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhotobankEmulator]:
    options = ServerOptions(assets=40, seed=7)
    with running_emulator(tmp_path_factory.mktemp("upstream"), options) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def recorded(upstream: PhotobankEmulator, tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """A recording made in ``once`` mode: a search, an image's details and a token."""
    where = tmp_path_factory.mktemp("recorder")
    recording = where / "getty.json"
    answers: dict[str, Any] = {}
    proxied = recording_proxy(where / "data", upstream.base_url, recording, "once")
    with proxied as proxy, httpx.Client(base_url=proxy.base) as client:
        client.headers["Api-Key"] = upstream.api_key
        found = client.get(_SEARCH)
        assert found.status_code == 200, found.text
        assert found.headers["x-photobank-source"] == "upstream"
        answers[_SEARCH] = found.json()
        first = found.json()["images"][0]["id"]
        detail = client.get(_DETAIL.format(first))
        answers[_DETAIL.format(first)] = detail.json()
        form = {
            "grant_type": "client_credentials",
            "client_id": upstream.api_key,
            "client_secret": upstream.api_secret,
        }
        token = client.post("/oauth2/token", data=form)
        assert token.status_code == 200, token.text
    return Recorded(upstream, recording, where / "data", answers, token.json()["access_token"])


def test_replay_answers_as_recorded_with_the_upstream_stopped_and_refuses_the_unknown(
    recorded: Recorded, tmp_path: Path
) -> None:
    with (
        recording_proxy(
            tmp_path / "data", dead_upstream(), recorded.recording, "none", "--max-age", "0"
        ) as proxy,
        httpx.Client(base_url=proxy.base, headers={"Api-Key": "any-key"}) as client,
    ):
        for path, answer in recorded.answers.items():
            replayed = client.get(path)
            assert replayed.status_code == 200
            assert replayed.json() == answer
            assert replayed.headers["x-photobank-source"] == "recording"
            assert "older than 0" in replayed.headers["x-photobank-recording-age"]
        unknown = client.get("/v3/images/123456789?fields=id")
        token = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials", "client_id": "k", "client_secret": "s"},
        )
    assert unknown.status_code == 404
    assert unknown.json()["ErrorCode"] == "NoRecordedAnswer"
    assert "GET /v3/images/123456789?fields=id" in unknown.json()["ErrorMessage"]
    assert token.status_code == 200  # a token request matches whatever its secrets
    assert "older than --max-age 0" in proxy.stderr()


def test_the_recording_keeps_no_secret(recorded: Recorded) -> None:
    text = recorded.recording.read_text()
    for secret in (recorded.upstream.api_key, recorded.upstream.api_secret, recorded.token):
        assert secret not in text
    assert "[redacted]" in text


def test_learned_assets_are_searchable_and_licensable_in_the_recording_photobank(
    recorded: Recorded,
) -> None:
    image = next(iter(recorded.answers.values()))["images"][0]
    settings = deployed(data_dir=recorded.data_dir, hash_cost="fast", default_qps_limit=0)
    services = build_services(settings)
    try:
        services.accounts.create_client("tests", api_key="rec-key", secret="rec-secret")
        services.accounts.create_customer("buyer", "buyer-pass", "B", "Uyer", "b@example.com")
        products = services.licensing.products
        products.grant(products.customer_id("buyer"), ProductTerms(type="premiumaccess"))
        app = create_app(settings, services)
        with TestClient(app, base_url="https://t", headers={"Api-Key": "rec-key"}) as client:
            local = client.get(_DETAIL.format(image["id"])).json()["images"][0]
            assert (local["title"], local["caption"]) == (image["title"], image["caption"])
            assert local["collection_code"] == image["collection_code"]
            found = client.get(
                "/v3/search/images/creative", params={"phrase": image["title"], "fields": "id"}
            ).json()
            assert image["id"] in [i["id"] for i in found["images"]]
            form = {
                "grant_type": "password",
                "client_id": "rec-key",
                "client_secret": "rec-secret",
                "username": "buyer",
                "password": "buyer-pass",
            }
            token = client.post("/oauth2/token", data=form).json()["access_token"]
            licensed = client.post(
                f"/v3/downloads/images/{image['id']}?auto_download=false",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert licensed.status_code == 200, licensed.text
    finally:
        services.close()
    assert list((recorded.recording.parent / "getty.media").glob(f"{image['id']}.*"))


def test_spy_answers_lookups_of_known_assets_from_the_catalog(
    recorded: Recorded, tmp_path: Path
) -> None:
    upstream = recorded.upstream
    image = next(iter(recorded.answers.values()))["images"][0]
    spied = tmp_path / "spy.json"
    proxied = recording_proxy(recorded.data_dir, upstream.base_url, spied, "spy")
    with proxied as proxy, httpx.Client(base_url=proxy.base) as client:
        client.headers["Api-Key"] = upstream.api_key
        first = client.get(f"/v3/images/{image['id']}")
        again = client.get(f"/v3/images/{image['id']}")
        known = client.get(f"/v3/images/{image['id']}?fields=id,title,thumb")
        thumb = client.get(known.json()["images"][0]["display_sizes"][0]["uri"])
    assert first.headers["x-photobank-source"] == "upstream"
    assert again.headers["x-photobank-source"] == "recording"
    assert known.headers["x-photobank-source"] == "catalog"
    assert known.json()["images"][0]["title"] == image["title"]
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert thumb.headers["x-photobank-source"] == "catalog"


def test_diff_reports_what_changed_upstream(recorded: Recorded) -> None:
    upstream = recorded.upstream
    args = ["record", "diff", "--recording", str(recorded.recording), "--api-key"]
    same = CliRunner().invoke(cli, [*args, upstream.api_key])
    assert same.exit_code == 0, same.output
    assert "0 drifted" in same.output and "skipped POST /oauth2/token" in same.output
    image = next(iter(recorded.answers.values()))["images"][0]
    upstream.fixtures.load([{"id": image["id"], "graphical_style": "illustration"}])
    try:
        drifted = CliRunner().invoke(cli, [*args, upstream.api_key])
    finally:
        upstream.reset()
    assert drifted.exit_code == 1, drifted.output
    assert "images[].graphical_style: photography -> illustration" in drifted.output


def test_photobank_fixtures_load_takes_a_recording(recorded: Recorded, tmp_path: Path) -> None:
    env = {**environment(tmp_path / "data"), "PHOTOBANK_HASH_COST": "fast"}
    loaded = CliRunner().invoke(cli, ["fixtures", "load", str(recorded.recording)], env=env)
    assert loaded.exit_code == 0, loaded.output
    image = next(iter(recorded.answers.values()))["images"][0]
    assert image["id"] in loaded.output
    services = build_services(deployed(data_dir=tmp_path / "data", hash_cost="fast"))
    try:
        [asset] = services.catalog.get_assets([image["id"]]).values()
        assert asset.title == image["title"]
    finally:
        services.close()


def test_the_pytest_plugin_loads_a_recording_into_an_emulator(recorded: Recorded) -> None:
    upstream = recorded.upstream
    image = next(iter(recorded.answers.values()))["images"][0]
    try:
        loaded = upstream.fixtures.load(recorded.recording)
        assert loaded["assets"] == [image["id"]]
        shown = httpx.get(
            f"{upstream.base_url}/v3/images/{image['id']}",
            params={"fields": "title,comp"},
            headers={"Api-Key": upstream.api_key},
        ).json()["images"][0]
        assert shown["title"] == image["title"]
        comp = httpx.get(shown["display_sizes"][0]["uri"])
        assert comp.status_code == 200 and comp.headers["content-type"] == "image/jpeg"
    finally:
        upstream.reset()
