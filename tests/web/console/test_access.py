"""Who may open the console: the operator token's holder, over HTTPS, with genuine forms."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from photobank.accounts.operators import OperatorCredential
from photobank.app import create_app
from photobank.composition import build_services
from tests.deployment import deployed
from tests.shoppers import new_customer
from tests.web.console.conftest import Console, post, sign_in
from tests.web.visitors import sign_in as customer_sign_in


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_page_asked_for(console: Console) -> None:
    visitor = console.visitor()
    answer = visitor.get("/console/assets/x?y=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fassets%2Fx%3Fy%3D1"
    signed = sign_in(visitor, console.token, "/console/traffic")
    assert signed.status_code == 303 and signed.headers["location"] == "/console/traffic"
    cookie = next(c for c in signed.headers.get_list("set-cookie") if "photobank_console=" in c)
    for flag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/console"):
        assert flag.lower() in cookie.lower()
    assert "Catalog" in visitor.get("/console/").text


def test_sign_in_sends_only_to_console_pages(console: Console) -> None:
    signed = sign_in(console.visitor(), console.token, "https://elsewhere.example/")
    assert signed.headers["location"] == "/console/"


def test_a_customer_session_never_opens_the_console(console: Console) -> None:
    customer, password = new_customer(console.services, "Robin")
    visitor = console.visitor()
    assert customer_sign_in(visitor, customer.username, password).status_code == 303
    answer = visitor.get("/console/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/sign-in")


def test_wrong_tokens_are_refused_then_limited(console: Console) -> None:
    visitor = console.visitor()
    wrong = sign_in(visitor, "pbo_guess")
    assert wrong.status_code == 401 and "Wrong operator token." in wrong.text
    for _ in range(9):
        sign_in(visitor, "pbo_guess")
    limited = sign_in(visitor, console.token)  # even the right one waits now
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "Too many failed attempts for the operator token" in limited.text


def test_a_form_without_its_csrf_token_is_refused(console: Console) -> None:
    visitor = console.operator()
    forged = visitor.post(
        f"/console/assets/{console.asset_id}/withdraw", data={}, follow_redirects=False
    )
    assert forged.status_code == 403 and "expired" in forged.text
    assert console.services.catalog.get_assets([console.asset_id])  # still on offer
    stale = visitor.post("/console/sign-in", data={"token": console.token})
    assert stale.status_code == 403


def test_plain_http_from_another_machine_is_refused(console: Console) -> None:
    page = console.visitor("http://photobank.test").get("/console/sign-in")
    assert page.status_code == 403 and "HTTPS" in page.text


def test_a_new_operator_token_ends_the_old_sessions(console: Console) -> None:
    visitor = console.operator()
    assert visitor.get("/console/", follow_redirects=False).status_code == 200
    OperatorCredential(console.services.engine).issue()
    assert visitor.get("/console/", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session(console: Console) -> None:
    visitor = console.operator()
    out = post(visitor, "/console/", "/console/sign-out")
    assert out.status_code == 303
    assert visitor.get("/console/", follow_redirects=False).status_code == 303


def test_the_navigation_marks_the_current_section(console: Console) -> None:
    operator = console.operator()
    assert (
        '<a href="/console/clients" aria-current="page">' in operator.get("/console/clients").text
    )
    asset = operator.get(f"/console/assets/{console.asset_id}").text
    assert '<a href="/console/" aria-current="page">Catalog</a>' in asset
    assert asset.count('aria-current="page"') == 1


def test_before_a_token_is_issued_the_form_says_how_to_issue_one(tmp_path: Path) -> None:
    settings = deployed(data_dir=tmp_path / "data", hash_cost="fast")
    services = build_services(settings)
    try:
        visitor = TestClient(create_app(settings, services), base_url="https://photobank.test")
        page = visitor.get("/console/sign-in")
        assert "photobank operator-token" in page.text and 'role="alert"' in page.text
        refused = sign_in(visitor, "pbo_anything")
        assert refused.status_code == 403  # type: ignore[attr-defined]
    finally:
        services.close()
