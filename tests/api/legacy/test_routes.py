"""The dispatcher: whatever body reaches any operation, the answer is an envelope
that names the client's mistake, never the server's ``InternalError``.

The operations write (sessions, lightboxes), so they run against a server of
this module's own, over a small catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from photobank.api.legacy.routes import OPERATIONS
from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.demo.credentials import ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from tests.api.legacy.support import SECURE, session
from tests.api.legacy.test_envelope import KEYS, json_values
from tests.conftest import DEMO_SEED, START
from tests.deployment import deployed
from tests.properties import bounded


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A client of the module's server, and a SecureToken of the demo customer."""
    settings = deployed(
        data_dir=tmp_path_factory.mktemp("dispatch"),
        default_qps_limit=0,
        default_daily_limit=0,
        hash_cost="fast",
    )
    built = build_services(settings, ManualClock(START))
    build_demo_catalog(built.catalog.repository, assets=60, seed=DEMO_SEED)
    built.search.sync()
    demo = ensure_demo_accounts(built.accounts, DEMO_SEED)
    http = TestClient(create_app(settings, built))
    yield http, session(http, demo)["SecureToken"]
    built.close()


@bounded(250)
@given(data=st.data())
def test_any_body_of_any_operation_is_answered_in_an_envelope(
    legacy: tuple[TestClient, str], data: st.DataObject
) -> None:
    http, token = legacy
    path = data.draw(st.sampled_from(sorted(OPERATIONS)))
    keys = OPERATIONS[path].body_keys
    document: dict[str, Any] = {"RequestHeader": {"Token": token, "CoordinationId": 7}}
    if keys:
        document[keys[0]] = data.draw(st.dictionaries(st.sampled_from(KEYS), json_values))
    response = http.post(f"{SECURE}{path}", content=json.dumps(document).encode())
    assert response.status_code == 200
    header = response.json()["ResponseHeader"]
    assert header["Status"] in ("success", "warning", "error")
    assert header["CoordinationId"] == 7
    codes = [entry["Code"] for entry in header["StatusList"]]
    assert "InternalError" not in codes, (path, document, header)
