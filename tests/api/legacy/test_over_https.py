"""End to end over real TLS: a ``photobank serve --demo`` process with its dev certificate.

Session → search → details → authorizations → download request → the delivered
file; token expiry and renewal driven by the emulator's clock; the secure-only
rules on both listeners; legacy and v3 charging the same quota.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import ServerOptions, free_port
from tests.api.legacy.support import call, image_ids, search_images, status
from tests.deployment import running_emulator


class Server:
    def __init__(self, emulator: PhotobankEmulator, https_port: int, data_dir: Path) -> None:
        self.emulator = emulator
        self.plain = emulator.base_url
        self.secure = f"https://127.0.0.1:{https_port}"
        self.http = httpx.Client(
            verify=ssl.create_default_context(cafile=data_dir / "tls" / "ca.pem"), timeout=30
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir, port = tmp_path_factory.mktemp("legacy-tls"), free_port()
    env = {"PHOTOBANK_HTTPS_PORT": str(port), "PHOTOBANK_ALLOW_INSECURE_LOOPBACK": "false"}
    with running_emulator(data_dir, ServerOptions(env=env)) as emulator:
        found = Server(emulator, port, data_dir)
        yield found
        found.http.close()


def _session(server: Server) -> dict[str, Any]:
    e = server.emulator
    body = {
        "SystemId": e.api_key,
        "SystemPassword": e.api_secret,
        "UserName": e.username,
        "UserPassword": e.password,
    }
    document = call(server.http, "/v1/session/CreateSession", body, base=server.secure)
    assert status(document) == ("success", []), document
    result: dict[str, Any] = document["CreateSessionResult"]
    return result


def test_session_search_details_authorize_download(server: Server) -> None:
    server.emulator.reset()
    tokens = _session(server)
    token, secure = tokens["Token"], tokens["SecureToken"]
    found = search_images(server.http, token, base=server.plain, count=5)
    image_id = found["SearchForImagesResult"]["Images"][0]["ImageId"]
    details = call(
        server.http,
        "/v1/search/GetImageDetails",
        {"ImageIds": [image_id]},
        token,
        base=server.plain,
    )
    size = details["GetImageDetailsResult"]["Images"][0]["SizesDownloadableImages"][0]
    wanted = {"ImageSizes": [{"ImageId": image_id, "SizeKey": size["SizeKey"]}]}
    authorized = call(
        server.http, "/v1/download/GetImageDownloadAuthorizations", wanted, token, base=server.plain
    )
    (entry,) = authorized["GetImageDownloadAuthorizationsResult"]["Images"]
    assert entry["Status"] == "Available", entry
    download_token = entry["Authorizations"][0]["DownloadToken"]
    items = {"DownloadItems": [{"DownloadToken": download_token}]}
    plain = call(
        server.http, "/v1/download/CreateDownloadRequest", items, secure, base=server.plain
    )
    assert status(plain) == ("error", ["AUTH-002"])
    made = call(
        server.http, "/v1/download/CreateDownloadRequest", items, secure, base=server.secure
    )
    (url,) = made["CreateDownloadRequestResult"]["DownloadUrls"]
    assert url["Status"] == "Success" and url["ImageId"] == image_id
    delivered = server.http.get(url["UrlAttachment"])
    assert delivered.status_code == 200
    assert delivered.content[:3] == b"\xff\xd8\xff"  # a JPEG


def test_largest_authorization_and_quota_shared_with_v3(server: Server) -> None:
    server.emulator.reset()
    e = server.emulator
    tokens = _session(server)
    bearer = {"Api-Key": e.api_key, "Authorization": f"Bearer {tokens['Token']}"}

    def remaining() -> list[int]:
        products = server.http.get(f"{server.plain}/v3/products", headers=bearer).json()
        return [
            p["downloads_remaining"] for p in products["products"] if p["type"] == "premiumaccess"
        ]

    before = remaining()
    images = search_images(
        server.http,
        tokens["Token"],
        base=server.secure,
        count=2,
        Filter={"ImageFamilies": ["Creative"]},
    )
    first, second = image_ids(images)
    largest = call(
        server.http,
        "/v1/download/GetLargestImageDownloadAuthorizations",
        {"Images": [{"ImageId": first}]},
        tokens["Token"],
        base=server.plain,
    )
    auth = largest["GetLargestImageDownloadAuthorizationsResult"]["Images"][0]["Authorizations"]
    premium = next(a for a in auth if a["ProductOfferingType"] == "PremiumAccess")
    items = {"DownloadItems": [{"DownloadToken": premium["DownloadToken"]}]}
    made = call(
        server.http,
        "/v1/download/CreateDownloadRequest",
        items,
        tokens["SecureToken"],
        base=server.secure,
    )
    assert made["CreateDownloadRequestResult"]["DownloadUrls"][0]["Status"] == "Success"
    after_legacy = remaining()
    assert after_legacy == [before[0] - 1]
    v3 = server.http.post(
        f"{server.secure}/v3/downloads/images/{second}?auto_download=false", headers=bearer
    )
    assert v3.status_code == 200, v3.text
    assert remaining() == [before[0] - 2]


def test_expiry_and_renewal_follow_the_emulator_clock(server: Server) -> None:
    server.emulator.reset()
    e = server.emulator
    tokens = _session(server)
    offerings = "/v1/data/GetActiveProductOfferings"
    e.clock.advance(minutes=25)
    renew = {"SystemId": e.api_key, "SystemPassword": e.api_secret}
    renewed = call(
        server.http, "/v1/session/RenewSession", renew, tokens["SecureToken"], base=server.secure
    )
    fresh = renewed["RenewSessionResult"]
    e.clock.advance(minutes=10)
    expired = call(server.http, offerings, None, tokens["Token"], base=server.plain)
    assert status(expired) == ("error", ["AUTH-012"])
    assert (
        status(call(server.http, offerings, None, fresh["Token"], base=server.plain))[0]
        == "success"
    )
    e.clock.reset()


def test_secure_only_rules_on_both_listeners(server: Server) -> None:
    e = server.emulator
    form = {
        "grant_type": "client_credentials",
        "client_id": e.api_key,
        "client_secret": e.api_secret,
    }
    refused = server.http.post(f"{server.plain}/oauth2/token", data=form)
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "invalid_request",
        "error_description": "The token endpoint requires HTTPS",
    }
    spoofed = server.http.post(
        f"{server.plain}/oauth2/token", data=form, headers={"X-Forwarded-Proto": "https"}
    )
    assert spoofed.status_code == 400
    assert server.http.post(f"{server.secure}/oauth2/token", data=form).status_code == 200
    body = {"SystemId": e.api_key, "SystemPassword": e.api_secret}
    for path in ("/v1/session/CreateSession", "/v1/session/CreateApplicationSession"):
        document = call(server.http, path, body, base=server.plain)
        assert status(document) == ("error", ["AUTH-002"])
    tokens = _session(server)
    renew = call(
        server.http, "/v1/session/RenewSession", body, tokens["SecureToken"], base=server.plain
    )
    assert status(renew) == ("error", ["AUTH-002"])
    leaked = search_images(server.http, tokens["SecureToken"], base=server.plain, count=1)
    assert status(leaked) == ("error", ["AUTH-014"])


def test_lightbox_life_cycle_over_https(server: Server) -> None:
    server.emulator.reset()
    token = _session(server)["SecureToken"]  # over HTTPS the secure token works everywhere

    def lightbox(operation: str, body: dict[str, Any]) -> dict[str, Any]:
        return call(server.http, f"/v1/lightbox/{operation}", body, token, base=server.secure)

    box = lightbox("CreateLightbox", {"LightboxName": "Shoot"})["CreateLightboxResult"]
    found = search_images(server.http, token, base=server.secure, count=2)
    assets = image_ids(found)
    ident = box["LightboxId"]
    assert (
        status(lightbox("CreateLightboxItems", {"LightboxId": ident, "AssetIds": assets}))[0]
        == "success"
    )
    headers = lightbox("GetLightboxHeaders", {})["GetLightboxHeadersResult"]["LightboxHeaders"]
    assert [h["LightboxItemCount"] for h in headers] == ["2"]
    renamed = {"LightboxId": ident, "LightboxName": "Shoot 2"}
    assert status(lightbox("UpdateLightboxHeader", renamed))[0] == "success"
    assert (
        status(lightbox("DeleteLightboxItems", {"LightboxId": ident, "AssetIds": assets}))[0]
        == "success"
    )
    assert status(lightbox("DeleteLightbox", {"LightboxId": ident}))[0] == "success"
    assert lightbox("GetLightboxHeaders", {})["GetLightboxHeadersResult"]["LightboxHeaders"] == []
