"""The control surface exists only in emulator mode and only for the admin token."""

from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from photobank.testing import ControlError, PhotobankEmulator


def test_library_mode_has_no_control_surface(anonymous: TestClient) -> None:
    for path in ("/__photobank/", "/__photobank/reset", "/__photobank/journal"):
        assert anonymous.get(path).status_code == 404
    assert anonymous.post("/__photobank/reset").status_code in (404, 405)


def test_no_token_is_401_and_a_wrong_one_403(photobank: PhotobankEmulator) -> None:
    url = f"{photobank.base_url}/__photobank/"
    missing = httpx.get(url)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert "admin token" in missing.json()["message"]
    assert httpx.get(url, headers={"X-Photobank-Admin-Token": "nope"}).status_code == 403
    assert httpx.get(url, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert httpx.post(f"{photobank.base_url}/__photobank/reset").status_code == 401
    good = httpx.get(url, headers={"Authorization": f"Bearer {photobank.admin_token}"})
    assert good.status_code == 200 and good.json()["mode"] == "emulator"


def test_status_lists_the_state(photobank: PhotobankEmulator) -> None:
    status = photobank.status()
    assert "seed" in status["snapshots"]  # other tests' named snapshots outlive a reset
    assert status["journal"]["enabled"] is True
    assert status["faults"] == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/clock/advance", {"hours": "soon"}),
        ("POST", "/clock/set", {"now": "yesterday"}),
        ("POST", "/faults", {"path": "/v3/*"}),
        ("POST", "/faults", {"status": 999}),
        ("PUT", "/snapshots/bad%20name!", None),
        ("GET", "/faults/unknown", None),
        ("PUT", "/clients/unknown-key/limits", {"qps": 1}),
        ("PUT", "/clients/x/limits", {"qps": -1}),
        ("POST", "/customers", {"username": "a"}),
    ],
)
def test_mistakes_are_4xx_with_a_message(
    photobank: PhotobankEmulator, method: str, path: str, body: object
) -> None:
    with pytest.raises(ControlError) as caught:
        photobank.call(method, path, body)
    assert 400 <= caught.value.status < 500
    assert caught.value.message


def test_a_body_that_is_not_json_is_400(photobank: PhotobankEmulator) -> None:
    response = httpx.post(
        f"{photobank.base_url}/__photobank/faults",
        content=b"{nope",
        headers={"X-Photobank-Admin-Token": photobank.admin_token},
    )
    assert response.status_code == 400
    assert response.json()["message"] == "The body must be JSON."
