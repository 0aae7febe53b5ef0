"""The signed double-submit token: a form posts only with the token of the cookie it came with."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from photobank.auth.csrf import COOKIE, CsrfGuard
from photobank.media.signing import Signer

SIGNER = Signer(b"k" * 32)


def _request(cookie: str | None = None, name: str = COOKIE) -> Request:
    headers = [(b"cookie", f"{name}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "method": "POST", "path": "/", "headers": headers})


def test_a_form_token_passes_only_with_its_own_cookie() -> None:
    guard = CsrfGuard(SIGNER)
    cookie, token = guard.token_for(_request())
    assert guard.verify(_request(cookie), token)
    assert not guard.verify(_request(), token)  # another site's post: no cookie
    assert not guard.verify(_request("another-cookie"), token)
    assert not guard.verify(_request(cookie), None)
    assert not guard.verify(_request(cookie), token[:-1] + ("A" if token[-1] != "A" else "B"))


def test_a_returning_visitor_keeps_the_cookie_and_a_new_one_gets_a_fresh_one() -> None:
    guard = CsrfGuard(SIGNER)
    first, _ = guard.token_for(_request())
    second, _ = guard.token_for(_request())
    assert first != second and len(first) >= 32
    kept, token = guard.token_for(_request(first))
    assert kept == first and guard.verify(_request(first), token)


def test_a_token_of_one_purpose_or_key_is_refused_by_another() -> None:
    sign_in = CsrfGuard(SIGNER)
    web = CsrfGuard(SIGNER, cookie=COOKIE, purpose="web-forms")
    cookie, token = sign_in.token_for(_request())
    assert not web.verify(_request(cookie), token)
    assert not CsrfGuard(Signer(b"o" * 32)).verify(_request(cookie), token)


def _attributes(response: Response) -> set[str]:
    return set(response.headers["set-cookie"].split("; "))


def test_the_cookie_is_http_only_on_its_path_with_its_same_site_rule() -> None:
    strict = Response()
    CsrfGuard(SIGNER).set_cookie(strict, "value", secure=True)
    assert {f"{COOKIE}=value", "HttpOnly", "Path=/oauth2", "SameSite=strict", "Secure"} <= (
        _attributes(strict)
    )
    lax = Response()
    CsrfGuard(SIGNER, cookie="web", path="/", samesite="lax").set_cookie(lax, "v", secure=False)
    assert {"web=v", "HttpOnly", "Path=/", "SameSite=lax"} <= _attributes(lax)
    assert "Secure" not in _attributes(lax)
