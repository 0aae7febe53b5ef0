"""A web visitor of its own per test: cookies are not shared between tests."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient


@pytest.fixture
def browser(app: Any) -> TestClient:
    return TestClient(app, base_url="http://photobank.test")
