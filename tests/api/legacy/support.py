"""Calling legacy operations the way clients do: an envelope POSTed as JSON."""

from __future__ import annotations

from typing import Any

import httpx

from photobank.demo.credentials import DemoCredentials

SECURE = "https://photobank.test"
PLAIN = "http://photobank.test"


def call(
    http: Any,
    path: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    *,
    base: str = SECURE,
    body_key: str | None = None,
    coordination: str | int | None = None,
) -> dict[str, Any]:
    """POST ``path``; the body goes under ``<Operation>RequestBody`` unless told otherwise."""
    operation = path.rsplit("/", 1)[-1]
    document: dict[str, Any] = {"RequestHeader": {"Token": token, "CoordinationId": coordination}}
    if body is not None:
        default = f"{operation.removesuffix('Request')}RequestBody"  # CreateDownloadRequestBody
        document[body_key or default] = body
    response: httpx.Response = http.post(f"{base}{path}", json=document)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    result: dict[str, Any] = response.json()
    return result


def status(document: dict[str, Any]) -> tuple[str, list[str]]:
    header = document["ResponseHeader"]
    return header["Status"], [entry["Code"] for entry in header["StatusList"]]


def session(
    http: Any,
    demo: DemoCredentials,
    *,
    user: bool = True,
    base: str = SECURE,
    login: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """CreateSession for the demo client, as the demo customer (or ``login``)."""
    body = {"SystemId": demo.api_key, "SystemPassword": demo.api_secret}
    if user:
        username, password = login or (demo.username, demo.password)
        body.update(UserName=username, UserPassword=password)
    document = call(http, "/v1/session/CreateSession", body, base=base)
    assert status(document) == ("success", []), document
    result: dict[str, Any] = document["CreateSessionResult"]
    return result


def search_images(
    http: Any, token: str, *, base: str = SECURE, count: int = 10, **body: Any
) -> dict[str, Any]:
    """SearchForImages (v1 body key); every image unless ``body`` narrows it."""
    body.setdefault("Query", {"SearchPhrase": ""})
    body.setdefault("ResultOptions", {"ItemCount": count, "ItemStartNumber": 1})
    path, key = "/v1/search/SearchForImages", "SearchForImages2RequestBody"
    return call(http, path, body, token, base=base, body_key=key)


def image_ids(document: dict[str, Any]) -> list[str]:
    return [image["ImageId"] for image in document["SearchForImagesResult"]["Images"]]
