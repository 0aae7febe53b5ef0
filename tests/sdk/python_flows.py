"""The flows of ``node/flows.js`` from Python, over plain httpx, with the same result keys.

pygetty 1.3.5, the Getty v3 client on PyPI, cannot be pointed at photobank
without patching it: it builds every URL from ``pygetty.consts.base_url``
(``https://api.gettyimages.com``, imported by value into ``pygetty.util``),
and it has only the client-credentials grant: no password or refresh grant,
no customer and no board operations. So the Python side of these flows is
what an integrator writes with httpx; every v3 response is checked against
Getty's OpenAPI document on the way.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from photobank.emulator.client import PhotobankEmulator
from photobank.emulator.process import free_port
from tests.contract import template_for, validate_response
from tests.sdk.support import tls_server

BOARD_NAME = "SDK flows board"


class _Getty:
    """An httpx client for one Getty-compatible host, its CA and its OAuth2 tokens."""

    def __init__(self, base: str, ca: Path, server: PhotobankEmulator) -> None:
        self.server = server
        self.http = httpx.Client(
            base_url=base,
            verify=ssl.create_default_context(cafile=ca),
            headers={"Api-Key": server.api_key},
            event_hooks={"response": [_check_contract]},
            timeout=120,  # a demo video's first download is transcoded on request
        )

    def token(self, **grant: str) -> dict[str, Any]:
        credentials = {"client_id": self.server.api_key, "client_secret": self.server.api_secret}
        response = self.http.post("/oauth2/token", data={**credentials, **grant})
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    def call(self, method: str, path: str, token: str, **options: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        response = self.http.request(method, path, headers=headers, **options)
        response.raise_for_status()
        return response.json() if response.content else None


def python_results(work: Path) -> dict[str, Any]:
    """Run every flow against a fresh server; each flow's results, or ``<flow>_error``."""
    data, downloads = work / "data", work / "downloads"
    data.mkdir()
    downloads.mkdir()
    https_port = free_port()
    with tls_server(data, https_port) as server:
        getty = _Getty(f"https://127.0.0.1:{https_port}", data / "tls" / "ca.pem", server)
        results: dict[str, Any] = {}
        flows: list[Callable[[_Getty, dict[str, Any], Path], None]] = [
            _image_flows,
            _reference_flows,
            _customer_flows,
            _board_flows,
            _video_flows,
        ]
        with getty.http:
            for flow in flows:
                try:
                    flow(getty, results, downloads)
                except httpx.HTTPStatusError as error:
                    status = error.response.status_code
                    results[f"{flow.__name__}_error"] = {"status": status, "message": str(error)}
    return results


def _check_contract(response: httpx.Response) -> None:
    path = response.request.url.path
    template = template_for(path) if path.startswith("/v3/") else None
    is_json = response.headers.get("content-type", "").startswith("application/json")
    if template is not None and is_json and response.status_code < 300:
        response.read()
        method = response.request.method.lower()
        validate_response(template, method, response.status_code, response.json())


def _summary(token: dict[str, Any]) -> dict[str, Any]:
    """The token as flows.js reports it."""
    return {
        "token_type": token["token_type"],
        "expires_in": token["expires_in"],
        "has_access_token": bool(token.get("access_token")),
        "has_refresh_token": bool(token.get("refresh_token")),
    }


def _app_token(getty: _Getty) -> str:
    token: str = getty.token(grant_type="client_credentials")["access_token"]
    return token


def _customer_token(getty: _Getty) -> dict[str, Any]:
    server = getty.server
    return getty.token(grant_type="password", username=server.username, password=server.password)


def _download(getty: _Getty, path: str, token: str, file: Path) -> dict[str, Any]:
    uri = getty.call("POST", path, token, params={"auto_download": "false"})["uri"]
    delivered = getty.http.get(uri)
    file.write_bytes(delivered.content)
    return {
        "uri": uri,
        "status": delivered.status_code,
        "content_type": delivered.headers.get("content-type"),
        "content_disposition": delivered.headers.get("content-disposition"),
        "file": str(file),
    }


def _image_flows(getty: _Getty, results: dict[str, Any], _downloads: Path) -> None:
    app = getty.token(grant_type="client_credentials")
    results["app_token"] = _summary(app)
    token = app["access_token"]
    results["search_all"] = getty.call(
        "GET",
        "/v3/search/images",
        token,
        params={
            "fields": "id,title,asset_family",
            "page_size": 30,
            "exclude_nudity": "true",
            "sort_order": "best_match",
        },
    )
    results["search_creative"] = getty.call(
        "GET",
        "/v3/search/images/creative",
        token,
        params={
            "fields": "id,title,asset_family,max_dimensions",
            "phrase": "mountain",
            "orientations": "Horizontal",
            "page_size": 5,
        },
    )
    results["search_editorial"] = getty.call(
        "GET",
        "/v3/search/images/editorial",
        token,
        params={
            "fields": "id,title,asset_family,date_created",
            "date_from": "2020-01-01",
            "sort_order": "newest",
            "page_size": 5,
        },
    )
    ids = [image["id"] for image in results["search_creative"]["images"]]
    results["images_by_ids"] = getty.call(
        "GET", "/v3/images", token, params={"ids": ",".join(ids[:3]), "fields": "id,title"}
    )
    results["image_by_id"] = getty.call("GET", f"/v3/images/{ids[0]}", token)


def _reference_flows(getty: _Getty, results: dict[str, Any], _downloads: Path) -> None:
    token = _app_token(getty)
    results["search_events"] = getty.call(
        "GET", "/v3/search/events", token, params={"page_size": 3, "sort_order": "newest"}
    )
    ids = [str(event["id"]) for event in results["search_events"]["events"]]
    results["events_by_ids"] = getty.call("GET", "/v3/events", token, params={"ids": ",".join(ids)})
    results["event_by_id"] = getty.call("GET", f"/v3/events/{ids[0]}", token)
    results["collections"] = getty.call("GET", "/v3/collections", token)
    results["countries"] = getty.call("GET", "/v3/countries", token)


def _customer_flows(getty: _Getty, results: dict[str, Any], downloads: Path) -> None:
    signed_in = _customer_token(getty)
    results["customer_token"] = _summary(signed_in)
    token = signed_in["access_token"]
    results["customer"] = getty.call("GET", "/v3/customers/current", token)
    renewed = getty.token(grant_type="refresh_token", refresh_token=signed_in["refresh_token"])
    results["refreshed_token"] = _summary(renewed)
    results["refreshed_customer"] = getty.call(
        "GET", "/v3/customers/current", renewed["access_token"]
    )
    image_id = results["search_creative"]["images"][0]["id"]
    results["image_download"] = _download(
        getty, f"/v3/downloads/images/{image_id}", token, downloads / f"{image_id}.jpg"
    )


def _board_flows(getty: _Getty, results: dict[str, Any], _downloads: Path) -> None:
    token = _customer_token(getty)["access_token"]
    ids = [image["id"] for image in results["search_creative"]["images"][:3]]
    body = {"name": BOARD_NAME, "description": "made over httpx"}
    created = getty.call("POST", "/v3/boards", token, json=body)
    board = f"/v3/boards/{created['id']}"
    added = getty.call("PUT", f"{board}/assets", token, json=[{"asset_id": i} for i in ids[:2]])
    getty.call("PUT", f"{board}/assets/{ids[2]}", token)
    full = getty.call("GET", board, token)
    getty.call("DELETE", f"{board}/assets", token, params={"asset_ids": ids[0]})
    trimmed = getty.call("GET", board, token)
    getty.call("DELETE", board, token)
    gone = getty.http.get(board, headers={"Authorization": f"Bearer {token}"})
    results["boards"] = {
        "asked": ids,
        "created": created,
        "added": added,
        "full": full,
        "trimmed": trimmed,
        "after_delete": gone.status_code,
    }


def _video_flows(getty: _Getty, results: dict[str, Any], downloads: Path) -> None:
    token = _app_token(getty)
    params = {"fields": "id,title,asset_family", "page_size": 5}
    results["search_videos"] = getty.call("GET", "/v3/search/videos", token, params=params)
    for family in ("creative", "editorial"):
        results[f"search_videos_{family}"] = getty.call(
            "GET", f"/v3/search/videos/{family}", token, params=params
        )
    ids = [video["id"] for video in results["search_videos"]["videos"][:3]]
    results["videos_by_ids"] = getty.call(
        "GET", "/v3/videos", token, params={"ids": ",".join(ids), "fields": "id,title"}
    )
    results["video_by_id"] = getty.call("GET", f"/v3/videos/{ids[0]}", token)
    customer = _customer_token(getty)["access_token"]
    results["video_download"] = _download(
        getty, f"/v3/downloads/videos/{ids[0]}", customer, downloads / f"{ids[0]}.video"
    )
