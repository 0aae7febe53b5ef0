"""Session operations: CreateSession, RenewSession, CreateApplicationSession, products.

``SystemId``/``SystemPassword`` are an API client's Api-Key and secret, so one
set of credentials serves both skins. User credentials are optional on
CreateSession: without them the session is anonymous (as CreateApplicationSession's),
with them it acts for the customer. ``AccountId`` (spec §0.6, uncertain) is the
customer's id as text, and ``null`` for an anonymous session. RenewSession's
result is sent under ``RenewSessionResult`` and the ``RenewSessionResults`` a
published client reads. Too many failed credentials for a SystemId, a UserName
or from an address answer the wrong credential's code, saying when to retry
(:func:`~photobank.api.legacy.envelope.from_domain`).
"""

from __future__ import annotations

from typing import Any

from photobank.accounts.models import ApiClient, Customer
from photobank.api.legacy.context import Call
from photobank.api.legacy.envelope import LegacyError, Outcome, text
from photobank.api.legacy.offerings import offering_names


def _system(call: Call, body: dict[str, Any]) -> ApiClient:
    system_id = text(body, "SystemId", required=True) or ""
    password = text(body, "SystemPassword", required=True) or ""
    client = call.services.authenticator.authenticate_client(system_id, password, call.source())
    if client is None:
        raise LegacyError("InvalidSystemIdOrPassword", "The SystemId or SystemPassword is wrong.")
    return client


def _session(call: Call, client_id: int, customer: Customer | None) -> dict[str, Any]:
    minutes = call.services.settings.legacy_token_minutes
    standard, secure, _ = call.services.tokens.issue_session(
        client_id, customer.id if customer else None, minutes * 60
    )
    return {
        "Token": standard,
        "SecureToken": secure,
        "TokenDurationMinutes": minutes,
        "AccountId": str(customer.id) if customer else None,
    }


def create_session(call: Call, body: Any) -> Outcome:
    client = _system(call, body)
    username = text(body, "UserName")
    customer = None
    if username is not None:
        password = text(body, "UserPassword", required=True) or ""
        customer = call.services.accounts.authenticate_customer(username, password, call.source())
        if customer is None:
            raise LegacyError("InvalidUsernameOrPassword", "The UserName or UserPassword is wrong.")
    return Outcome(_session(call, client.id, customer))


def renew_session(call: Call, body: Any) -> Outcome:
    client = _system(call, body)
    assert call.token is not None  # the dispatcher resolved it
    if call.token.client_id != client.id:
        raise LegacyError("FailedToRenewToken", "The token was issued to another SystemId.")
    return Outcome(_session(call, client.id, call.customer))


def create_application_session(call: Call, body: Any) -> Outcome:
    client = _system(call, body)
    session = _session(call, client.id, None)
    return Outcome(
        {"Token": session["Token"], "TokenDurationMinutes": session["TokenDurationMinutes"]}
    )


def active_product_offerings(call: Call, _body: Any) -> Outcome:
    if call.customer is None:
        return Outcome({"ActiveProductOfferings": []})
    usable = call.services.licensing.products.usable(call.customer.id)
    return Outcome({"ActiveProductOfferings": offering_names(usable)})
