"""What a web visitor does in the in-process tests: read a form's CSRF token, sign in."""

from __future__ import annotations

import re

from httpx import Response
from starlette.testclient import TestClient


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def sign_in(browser: TestClient, username: str, password: str, after: str = "/") -> Response:
    form = {"csrf_token": token(browser.get("/sign-in").text), "username": username,
            "password": password, "next": after}  # fmt: skip
    return browser.post("/sign-in", data=form, follow_redirects=False)
