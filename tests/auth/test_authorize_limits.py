"""The sign-in page under repeated wrong passwords: it says when to try again."""

from __future__ import annotations

from datetime import timedelta

from photobank.accounts.attempts import LIMIT
from photobank.clock import ManualClock
from tests.auth.test_authorize import (
    App,
    _Form,
    app,
    browser,
    open_form,
    person,
    photo_app,
    redirected,
    server,
    server_clock,
    submit,
)
from tests.conftest import ContractClient

__all__ = ["app", "browser", "person", "photo_app", "server", "server_clock"]  # fixtures


def test_repeated_wrong_passwords_make_the_form_say_when_to_retry(
    browser: ContractClient, photo_app: App, person: tuple[str, str], server_clock: ManualClock
) -> None:
    form = open_form(browser, photo_app.params())
    for _ in range(LIMIT):
        form = _Form(submit(browser, form, person[0], "guess").text)
    again = submit(browser, form, *person)
    assert again.status_code == 200 and "location" not in again.headers
    assert "Too many failed attempts for this username; try again in 60 seconds." in again.text
    server_clock.advance(timedelta(seconds=60))
    assert "code" in redirected(submit(browser, _Form(again.text), *person))
