"""Bad media URLs: path traversal, NUL, Unicode, tampered or foreign signatures and
wrong methods are each a 4xx with Getty's error body, never a file or a 500."""

from __future__ import annotations

import pytest

from photobank.composition import Services
from tests.api.media.support import BASE, path_of
from tests.conftest import ContractClient
from tests.contract import assert_getty_error

HUGE = "9" * 5000
TRAVERSALS = ("..", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2F..%2Fetc%2Fpasswd", "a%00b")


def _signed(services: Services, asset_id: str) -> dict[str, str]:
    """Genuine URLs of each media route for ``asset_id`` (which need not exist)."""
    return {
        "display": path_of(services.media_urls.display(BASE, asset_id, "thumb", False)),
        "clip": path_of(services.media_urls.clip(BASE, asset_id, False)),
        "delivery": path_of(services.delivery_urls.url(BASE, asset_id, "original", 17)),
    }


def _bad_urls(services: Services) -> list[str]:
    genuine = _signed(services, "1")
    found = [
        *(f"/media/display/thumb/{t}.jpg?wm=0&sig=x" for t in TRAVERSALS),
        *(f"/media/display/{t}/1.jpg?wm=0&sig=x" for t in TRAVERSALS),
        *(f"/media/clips/{t}.mp4?wm=0&sig=x" for t in TRAVERSALS),
        *(f"/media/delivery/{t}/original?c=1&e=1&s=x" for t in TRAVERSALS),
        *(f"/media/delivery/1/{t}?c=1&e=1&s=x" for t in TRAVERSALS),
        f"/media/display/thumb/{HUGE}.jpg?wm=0&sig=x",
        "/media/display/huge/1.jpg?wm=0&sig=x",
        "/media/display/thumb/1.jpg",
        genuine["display"].replace("wm=0", "wm=2"),
        genuine["display"].replace("sig=", "sig=%C3%A9"),
        genuine["display"] + "%00",
        genuine["clip"].replace("sig=", "sig=%E2%98%83"),
        genuine["clip"].replace("wm=0", "wm=%00"),
        genuine["delivery"].replace("s=", "s=%C3%A9"),
        genuine["delivery"].replace("e=", "e=%C2%B2"),
        genuine["delivery"].replace("c=17", "c=18"),
    ]
    # Signed by photobank, naming what no catalog holds: found nowhere.
    for name in ("..", "%00", "\u00e9" * 50, HUGE):
        found.extend(_signed(services, name).values())
    return found


def test_bad_media_urls_are_a_getty_4xx(anonymous: ContractClient, services: Services) -> None:
    for url in _bad_urls(services):
        response = anonymous.get(url)
        assert_getty_error(response)
        assert response.headers["content-type"].startswith("application/json"), url


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_wrong_method_on_media_is_405_naming_get_and_head(
    anonymous: ContractClient, services: Services, method: str
) -> None:
    for url in _signed(services, "1").values():
        response = anonymous.request(method, url)
        assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD"
        assert_getty_error(response)
