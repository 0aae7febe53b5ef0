"""Token requests the emulator's HTTP tests make (the demo client by default)."""

from __future__ import annotations

import httpx

from photobank.testing import PhotobankEmulator


def token_request(
    photobank: PhotobankEmulator,
    *,
    api_key: str | None = None,
    api_secret: str | None = None,
    username: str | None = None,
    password: str = "",
) -> httpx.Response:
    """A client_credentials grant, or a password grant when ``username`` is given."""
    form = {
        "grant_type": "password" if username else "client_credentials",
        "client_id": api_key or photobank.api_key,
        "client_secret": api_secret or photobank.api_secret,
    }
    if username:
        form.update(username=username, password=password)
    return httpx.post(f"{photobank.base_url}/oauth2/token", data=form)


def token(photobank: PhotobankEmulator, **grant: str) -> str:
    response = token_request(photobank, **grant)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])
