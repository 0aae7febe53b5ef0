"""``photobank clients ...`` and ``photobank customers ...``: API clients and customer
accounts, their secrets shown once and never echoed when typed."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from photobank.cli.common import JsonOption, emit, open_services
from photobank.cli.products import grant, products
from photobank.cli.redirects import redirect_uris

clients_app = typer.Typer(help="API clients (Api-Key and secret).")
customers_app = typer.Typer(help="Customer accounts (OAuth2 password grant).")
clients_app.command("redirect-uris")(redirect_uris)
customers_app.command("grant")(grant)
customers_app.command("products")(products)


@clients_app.command("create")
def clients_create(
    name: str,
    qps: Annotated[int | None, typer.Option(help="Queries per second (0: unlimited).")] = None,
    daily: Annotated[int | None, typer.Option(help="Queries per day (0: unlimited).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API client; its secret is shown once."""
    services = open_services()
    client, secret = services.accounts.create_client(name, qps_limit=qps, daily_limit=daily)
    data = {"name": client.name, "api_key": client.api_key, "api_secret": secret}
    emit(data, as_json, f"Api-Key {client.api_key}\nSecret  {secret}")


@clients_app.command("list")
def clients_list(as_json: JsonOption = False) -> None:
    """List API clients (never their secrets)."""
    rows = [
        {
            "name": c.name,
            "api_key": c.api_key,
            "enabled": c.enabled,
            "qps_limit": c.qps_limit,
            "daily_limit": c.daily_limit,
        }
        for c in open_services().accounts.list_clients()
    ]
    text = "\n".join(
        f"{r['api_key']}  {r['name']}  qps={r['qps_limit']} daily={r['daily_limit']}"
        f"{'' if r['enabled'] else '  (disabled)'}"
        for r in rows
    )
    emit(rows, as_json, text or "No API clients.")


@clients_app.command("rotate")
def clients_rotate(api_key: str, as_json: JsonOption = False) -> None:
    """Give an API client a new secret (the old one stops working)."""
    secret = open_services().accounts.rotate_secret(api_key)
    emit({"api_key": api_key, "api_secret": secret}, as_json, f"Secret  {secret}")


@clients_app.command("disable")
def clients_disable(api_key: str) -> None:
    """Refuse every request made with this Api-Key."""
    open_services().accounts.set_client_enabled(api_key, False)


@clients_app.command("enable")
def clients_enable(api_key: str) -> None:
    """Accept requests made with this Api-Key again."""
    open_services().accounts.set_client_enabled(api_key, True)


@clients_app.command("limits")
def clients_limits(
    api_key: str,
    qps: Annotated[int, typer.Option(help="Queries per second (0: unlimited).")],
    daily: Annotated[int, typer.Option(help="Queries per day (0: unlimited).")],
) -> None:
    """Set an API client's throttling limits."""
    open_services().accounts.set_client_limits(api_key, qps, daily)


@clients_app.command("account")
def clients_account(
    api_key: str,
    username: Annotated[
        str | None, typer.Argument(help="The customer; leave out to belong to no one.")
    ] = None,
) -> None:
    """Make an API client belong to a customer account: its app tokens act for that
    customer where Getty takes either token (the AI generator)."""
    open_services().accounts.set_client_account(api_key, username)


@customers_app.command("create")
def customers_create(
    username: str,
    password: Annotated[str | None, typer.Option(help="Default: a generated one.")] = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    as_json: JsonOption = False,
    middle_name: str = "",
) -> None:
    """Create a customer account; a generated password is shown once, a given one never."""
    generated = None if password else secrets.token_urlsafe(12)
    customer = open_services().accounts.create_customer(
        username, password or generated or "", first_name, last_name, email, middle_name=middle_name
    )
    data: dict[str, object] = {"id": customer.id, "username": customer.username}
    text = f"Customer {customer.username}"
    if generated:
        data["password"] = generated
        text += f", password {generated}"
    emit(data, as_json, text)


@customers_app.command("list")
def customers_list(as_json: JsonOption = False) -> None:
    """List customer accounts."""
    rows = [
        {"id": c.id, "username": c.username, "email": c.email, "enabled": c.enabled}
        for c in open_services().accounts.list_customers()
    ]
    text = "\n".join(f"{r['id']:>5}  {r['username']}  {r['email']}" for r in rows)
    emit(rows, as_json, text or "No customers.")


@customers_app.command("passwd")
def customers_passwd(
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Set a customer's password (revokes their tokens)."""
    open_services().accounts.set_password(username, password)
