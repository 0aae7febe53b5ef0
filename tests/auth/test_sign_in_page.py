"""The sign-in pages: escaped, self-contained, unframeable and never cached."""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.responses import HTMLResponse

from photobank.auth.sign_in_page import SIGN_IN_PATH, error_page, sign_in_form

EVIL = '<script>alert("x")</script>'


def _form(**extra: str) -> HTMLResponse:
    return sign_in_form(
        client_name=extra.pop("client_name", "Photo App"),
        redirect_uri="https://app.example/callback?next=1",
        request_fields=[("state", extra.pop("state", "xyz")), ("client_id", "key")],
        csrf_field=("csrf_token", "signed"),
        **extra,
    )


def _text(response: HTMLResponse) -> str:
    return bytes(response.body).decode()


def test_the_form_names_the_client_and_where_the_user_returns() -> None:
    page = _text(_form())
    assert "<strong>Photo App</strong> asks to use photobank" in page
    assert "return to <strong>app.example</strong>" in page
    assert f'<form method="post" action="{SIGN_IN_PATH}">' in page
    for name, value in (("state", "xyz"), ("client_id", "key"), ("csrf_token", "signed")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in page


def test_every_value_shown_is_escaped() -> None:
    page = _text(_form(client_name=EVIL, state=EVIL, username=EVIL, message=EVIL))
    assert "<script" not in page and page.count("&lt;script&gt;") == 4
    assert "&quot;x&quot;" in page


def test_a_message_is_an_alert_the_fields_point_to() -> None:
    quiet = _text(_form())
    assert 'role="alert"' not in quiet and "aria-describedby" not in quiet
    page = _text(_form(message="Wrong username or password.", username="ada"))
    assert '<p role="alert" id="problem">Wrong username or password.</p>' in page
    assert page.count('aria-describedby="problem"') == 2 and 'value="ada"' in page


def test_pages_forbid_framing_caching_referrers_and_any_outside_resource() -> None:
    for response in (_form(), error_page("Bad request")):
        headers = response.headers
        assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
        assert headers["referrer-policy"] == "no-referrer"
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        (style,) = re.findall(r"<style>(.*?)</style>", _text(response))
        allowed = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"style-src 'sha256-{allowed}'" in policy  # the inline style, and nothing else
        assert not re.search(r"<script|<link|src=", _text(response))


def test_the_error_page_says_what_went_wrong_with_its_status() -> None:
    page = error_page("The redirect_uri <x> is not registered", status=403)
    assert page.status_code == 403
    assert '<p role="alert">The redirect_uri &lt;x&gt; is not registered</p>' in _text(page)
    assert error_page("Gone").status_code == 400
